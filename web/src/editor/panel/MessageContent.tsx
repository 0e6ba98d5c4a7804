import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { smsLength, Template, type MessageChannel, type ScenarioNode } from '@parcours/shared';
import { api } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';
import { freshId } from '../graph.ts';
import { useEditor } from '../store.ts';
import { errorsUnder, type Problems } from '../validation.ts';
import { i18n, useTranslation } from '../../i18n/index.ts';
import { ContactTemplatePreview } from './ContactTemplatePreview.tsx';
import { SchemaForm } from './SchemaForm.tsx';
import { SampleTemplatePreview } from './TemplatePreview.tsx';
import { defOf, emptyValue, matchOption, type ZodLike } from './zodShape.ts';

const templateOptions = defOf(Template as unknown as ZodLike).options!;

/** Field names of a template as the node's panel calls them, in the interface's language. */
export const contentLabels = (channel: MessageChannel): Record<string, string> =>
  ({
    email: { subject: i18n.t('messageContent.subject'), html: i18n.t('messageContent.html'), text: i18n.t('messageContent.plainText') },
    sms: { text: i18n.t('messageContent.message') },
    push: { title: i18n.t('messageContent.pushTitle'), body: i18n.t('messageContent.message') },
  })[channel];
export const MULTILINE: Record<MessageChannel, string[]> = { email: ['html', 'text'], sms: ['text'], push: ['body'] };

/**
 * A message node's content, edited where the node is: the template it sends (one of the scenario's, a copy of
 * another scenario's, or a new one named after the node, created on the first keystroke), its fields, and the
 * message rendered as it is typed, for a sample contact or a stored one.
 */
export function MessageContent(props: { node: ScenarioNode; channel: MessageChannel; problems: Problems; error?: string }) {
  const { t } = useTranslation();
  const { node, channel } = props;
  const scenario = useEditor((s) => s.scenario)!;
  const readOnly = useEditor((s) => s.readOnly);
  const writeTemplate = useEditor((s) => s.writeTemplate);
  const updateConfig = useEditor((s) => s.updateConfig);
  const config = node.config as { template?: string };
  const index = scenario.templates.findIndex((t) => t.id === config.template && t.channel === channel);
  const current = index >= 0 ? scenario.templates[index] : undefined;
  const template = current ?? newTemplateFor(node, channel, scenario.templates);
  const ofChannel = scenario.templates.filter((t) => t.channel === channel);
  const sharedWith = current ? scenario.nodes.filter((n) => n.id !== node.id && (n.config as { template?: string }).template === current.id).length : 0;
  const option = templateOptions[matchOption(templateOptions, { channel })];
  return (
    <fieldset className="group message-content" data-testid="message-content">
      <legend>{t('messageContent.legend')}</legend>
      <div className={`field${props.error ? ' field-invalid' : ''}`}>
        <label htmlFor={`template-of-${node.id}`}>{t('messageContent.template')}</label>
        <select
          id={`template-of-${node.id}`}
          disabled={readOnly}
          value={current?.id ?? ''}
          onChange={(e) => updateConfig(node.id, { ...config, template: e.target.value })}
        >
          <option value="">{current ? t('messageContent.newForNode') : t('messageContent.newNamed', { name: template.name ?? template.id })}</option>
          {ofChannel.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name || t.id}
            </option>
          ))}
        </select>
        {sharedWith > 0 && (
          <div className="field-hint">
            {t('messageContent.sharedWith', { count: sharedWith })}
          </div>
        )}
        {!current && !readOnly && <div className="field-hint">{t('messageContent.writeBelow')}</div>}
        {props.error && !current && (config.template ?? '') !== '' && (
          <div className="field-error" role="alert">
            {props.error}
          </div>
        )}
      </div>
      {!readOnly && <LibraryPicker channel={channel} onPick={(picked) => writeTemplate(node.id, copyInto(picked, scenario.templates))} />}
      {option && (
        <SchemaForm
          key={template.id}
          schema={option}
          value={template}
          onChange={(value) => writeTemplate(node.id, value as Template)}
          context={{
            errors: current ? errorsUnder(props.problems.errors, ['templates', index]) : new Map(),
            readOnly,
            hidden: ['id', 'channel'],
            multiline: MULTILINE[channel],
            labels: { name: t('messageContent.templateName'), ...contentLabels(channel) },
          }}
        />
      )}
      {template.channel === 'sms' && <SmsLengthView text={template.text} />}
      <SampleTemplatePreview template={template} />
      {!readOnly && current && <ContactTemplatePreview scenarioId={scenario.id} template={current} />}
    </fieldset>
  );
}

/** The template a node without one starts with: empty, named after the node, with an id no template has. */
function newTemplateFor(node: ScenarioNode, channel: MessageChannel, templates: Template[]): Template {
  const option = templateOptions[matchOption(templateOptions, { channel })];
  const taken = new Set(templates.map((t) => t.id));
  const id = taken.has(node.id) ? freshId(node.id, taken) : node.id;
  return { ...(emptyValue(option) as object), id, channel, name: node.label || `${i18n.t(`templates.channel.${channel}`)} ${node.id}` } as Template;
}

/** Another scenario's template brought into this one: its id kept unless this scenario already uses it. */
function copyInto(template: Template, templates: Template[]): Template {
  const taken = new Set(templates.map((t) => t.id));
  return { ...template, id: taken.has(template.id) ? freshId(template.id, taken) : template.id };
}

/**
 * The templates of every scenario, to reuse one here (it is copied: editing it here leaves the other scenario's alone).
 * Loaded when asked for, not each time a node is selected.
 */
function LibraryPicker({ channel, onPick }: { channel: MessageChannel; onPick: (template: Template) => void }) {
  const { t } = useTranslation();
  const scenarioId = useEditor((s) => s.scenario!.id);
  const [open, setOpen] = useState(false);
  const library = useQuery({ queryKey: ['template-library'], queryFn: api.templateLibrary, enabled: open });
  if (!open) {
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        {t('messageContent.reuse')}
      </button>
    );
  }
  const items = (library.data?.items ?? []).filter((i) => i.scenarioId !== scenarioId && i.template.channel === channel);
  return (
    <div className="field">
      <label htmlFor={`library-${channel}`}>{t('messageContent.reuseLabel')}</label>
      <select
        id={`library-${channel}`}
        value=""
        onChange={(e) => {
          const picked = items[Number(e.target.value)];
          if (picked) onPick(picked.template);
          setOpen(false);
        }}
      >
        <option value="">{library.isLoading ? t('common.loading') : items.length ? t('messageContent.choose') : t('messageContent.noOther')}</option>
        {items.map((i, n) => (
          <option key={`${i.scenarioId}/${i.template.id}`} value={n}>
            {t('messageContent.fromScenario', { template: i.template.name || i.template.id, scenario: i.scenarioName })}
          </option>
        ))}
      </select>
      {library.error && <div className="field-error">{describeError(library.error)}</div>}
    </div>
  );
}

/** Characters and segments of an SMS as the network counts them (before personalisation fills the variables). */
export function SmsLengthView({ text }: { text: string }) {
  const { t } = useTranslation();
  const length = smsLength(text);
  const characters = t('messageContent.characters', { count: length.characters });
  const segments = t('messageContent.segments', { count: length.segments });
  return (
    <div className="sms-length" data-testid="sms-length" aria-live="polite">
      <span>{t('messageContent.smsLength', { characters, segments, perSegment: length.perSegment, encoding: length.encoding })}</span>
      {length.encoding === 'UCS-2' && (
        <div className="field-hint">{t('messageContent.ucs2', { characters: length.nonGsm.join(' ') })}</div>
      )}
    </div>
  );
}
