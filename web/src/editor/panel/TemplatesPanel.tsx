import { useState } from 'react';
import { Template } from '@parcours/shared';
import { freshId } from '../graph.ts';
import { useEditor } from '../store.ts';
import { errorsUnder, type Problems } from '../validation.ts';
import { Trans, useTranslation } from '../../i18n/index.ts';
import { ContactTemplatePreview } from './ContactTemplatePreview.tsx';
import { SampleTemplatePreview } from './TemplatePreview.tsx';
import { SchemaForm } from './SchemaForm.tsx';
import { defOf, emptyValue, matchOption, type ZodLike } from './zodShape.ts';

type Channel = Template['channel'];
const CHANNELS: Channel[] = ['email', 'sms', 'push', 'webhook'];
const templateOptions = defOf(Template as unknown as ZodLike).options!;

/** The scenario's message templates: subject, HTML and text, with a preview of the email. */
export function TemplatesPanel(props: { problems: Problems }) {
  const { t } = useTranslation();
  const scenario = useEditor((s) => s.scenario)!;
  const readOnly = useEditor((s) => s.readOnly);
  const setTemplates = useEditor((s) => s.setTemplates);
  const [openId, setOpenId] = useState<string | null>(scenario.templates[0]?.id ?? null);
  const [channel, setChannel] = useState<Channel>('email');
  const used = (id: string) => scenario.nodes.filter((n) => (n.config as { template?: string }).template === id).length;

  const add = () => {
    const option = templateOptions[matchOption(templateOptions, { channel })];
    const id = freshId(channel, new Set(scenario.templates.map((t) => t.id)));
    const template = { ...(emptyValue(option) as object), id, channel, name: t('templates.newName', { channel: t(`templates.channel.${channel}`), number: id.split('-')[1] }) } as Template;
    setTemplates([...scenario.templates, template]);
    setOpenId(id);
  };

  return (
    <div className="panel-section" data-testid="templates-panel">
      <h2>{t('templates.title')}</h2>
      <p className="muted">
        <Trans i18nKey="templates.intro" values={{ example: '{{ contact.firstName }}' }} components={{ code: <code /> }} />
      </p>
      {scenario.templates.length === 0 && <p className="empty">{t('templates.empty')}</p>}
      {scenario.templates.map((template, i) => {
        const errors = errorsUnder(props.problems.errors, ['templates', i]);
        const option = templateOptions[matchOption(templateOptions, template)];
        const open = openId === template.id;
        return (
          <div key={template.id} className={`template${open ? ' open' : ''}${errors.size ? ' invalid' : ''}`}>
            <button type="button" className="template-head" onClick={() => setOpenId(open ? null : template.id)} aria-expanded={open}>
              <span className="chip">{t(`templates.channel.${template.channel}`)}</span> {template.name || template.id}
              <span className="muted">{t('templates.usedBy', { count: used(template.id) })}</span>
            </button>
            {open && (
              <div className="template-body">
                <div className="field-hint">
                  {t('templates.id')} <code>{template.id}</code>
                </div>
                {option && (
                  <SchemaForm
                    schema={option}
                    value={template}
                    onChange={(v) => setTemplates(scenario.templates.map((x) => (x.id === template.id ? (v as Template) : x)))}
                    context={{ errors, readOnly, hidden: ['id', 'channel'], multiline: ['html', 'body', ...(template.channel === 'sms' ? [] : ['text'])] }}
                  />
                )}
                <SampleTemplatePreview template={template} />
                {!readOnly && <ContactTemplatePreview scenarioId={scenario.id} template={template} />}
                {!readOnly && (
                  <button
                    type="button"
                    className="link danger"
                    disabled={used(template.id) > 0}
                    title={used(template.id) > 0 ? t('templates.usedHint') : undefined}
                    onClick={() => setTemplates(scenario.templates.filter((x) => x.id !== template.id))}
                  >
                    {t('templates.delete')}
                  </button>
                )}
              </div>
            )}
          </div>
        );
      })}
      {!readOnly && (
        <div className="row">
          <select aria-label={t('templates.channelOfNew')} value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`templates.channel.${c}`)}
              </option>
            ))}
          </select>
          <button type="button" onClick={add}>
            {t('templates.add')}
          </button>
        </div>
      )}
    </div>
  );
}
