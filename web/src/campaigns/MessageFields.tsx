import { useQuery } from '@tanstack/react-query';
import { CampaignMessageTemplate, MessageConfig, MESSAGE_CHANNELS, type CampaignMessage, type MessageChannel } from '@parcours/shared';
import { api } from '../api/client.ts';
import { contentLabels, MULTILINE, SmsLengthView } from '../editor/panel/MessageContent.tsx';
import { SchemaForm } from '../editor/panel/SchemaForm.tsx';
import { SampleTemplatePreview } from '../editor/panel/TemplatePreview.tsx';
import { defOf, emptyValue, matchOption, type ZodLike } from '../editor/panel/zodShape.ts';
import { errorsUnder } from '../editor/validation.ts';
import { useTranslation } from '../i18n/index.ts';
import { TOPICS_QUERY } from '../pages/TopicSettings.tsx';

/** A message campaign's action as the form holds it (the form checks it whole with the shared schema). */
export type MessageDraft = Omit<CampaignMessage, 'once' | 'onCap'> & Partial<Pick<CampaignMessage, 'once' | 'onCap'>>;

type Problem = Parameters<typeof errorsUnder>[0][number];

const templateOptions = defOf(CampaignMessageTemplate as unknown as ZodLike).options!;
const optionOf = (channel: MessageChannel) => templateOptions[matchOption(templateOptions, { channel })];
/** The message node's own settings (topic, transactional, once, caps), without the template the campaign writes. */
const SETTINGS = MessageConfig.omit({ template: true }) as unknown as ZodLike;

/** A message of the channel with nothing written yet. */
export const emptyMessage = (channel: MessageChannel = 'email'): MessageDraft => ({
  kind: 'message',
  template: { ...(emptyValue(optionOf(channel)) as object), channel } as MessageDraft['template'],
});

/**
 * A message campaign's message: its channel, its content with the fields a message node's template has (the same
 * form, labels and sample preview as in the journey editor), and the message node's settings (topic, transactional,
 * once, what a frequency cap does). `problems`: the campaign form's, located from the definition's root.
 */
export function MessageFields(props: { value: MessageDraft; onChange: (value: MessageDraft) => void; problems: Problem[] }) {
  const { t } = useTranslation();
  const { value, onChange } = props;
  const { kind, template, ...settings } = value;
  const channel = template.channel;
  const topics = useQuery({ queryKey: TOPICS_QUERY, queryFn: api.topics });
  return (
    <fieldset className="group message-content" data-testid="campaign-message">
      <legend>{t('campaignMessage.legend')}</legend>
      <div className="field">
        <label htmlFor="campaign-channel">{t('campaignMessage.channel')}</label>
        <select id="campaign-channel" value={channel} onChange={(e) => onChange({ ...emptyMessage(e.target.value as MessageChannel), ...settings, topic: undefined })}>
          {MESSAGE_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`templates.channel.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <SchemaForm
        key={channel}
        schema={optionOf(channel)}
        value={template}
        onChange={(next) => onChange({ ...value, template: next as MessageDraft['template'] })}
        context={{ errors: errorsUnder(props.problems, ['action', 'template']), hidden: ['channel', 'name'], multiline: MULTILINE[channel], labels: contentLabels(channel) }}
      />
      {template.channel === 'sms' && <SmsLengthView text={template.text} />}
      <SampleTemplatePreview template={{ ...template, id: 'message' }} />
      <SchemaForm
        schema={SETTINGS}
        value={settings}
        onChange={(next) => onChange({ ...(next as object), kind, template } as MessageDraft)}
        context={{
          errors: errorsUnder(props.problems, ['action']),
          choices: { topic: (topics.data?.topics ?? []).filter((topic) => topic.channels.includes(channel)).map((topic) => ({ value: topic.id, label: topic.name })) },
        }}
      />
    </fieldset>
  );
}
