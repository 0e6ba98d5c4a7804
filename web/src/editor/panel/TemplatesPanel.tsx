import { useState } from 'react';
import { Template, type Channel } from '@parcours/shared';
import { freshId } from '../graph.ts';
import { useEditor } from '../store.ts';
import { errorsUnder, type Problems } from '../validation.ts';
import { ContactTemplatePreview } from './ContactTemplatePreview.tsx';
import { SampleTemplatePreview } from './TemplatePreview.tsx';
import { SchemaForm } from './SchemaForm.tsx';
import { defOf, emptyValue, matchOption, type ZodLike } from './zodShape.ts';

const CHANNELS: Channel[] = ['email', 'sms', 'push', 'webhook'];
const templateOptions = defOf(Template as unknown as ZodLike).options!;

/** The scenario's message templates: subject, HTML and text, with a preview of the email. */
export function TemplatesPanel(props: { problems: Problems }) {
  const scenario = useEditor((s) => s.scenario)!;
  const readOnly = useEditor((s) => s.readOnly);
  const setTemplates = useEditor((s) => s.setTemplates);
  const [openId, setOpenId] = useState<string | null>(scenario.templates[0]?.id ?? null);
  const [channel, setChannel] = useState<Channel>('email');
  const used = (id: string) => scenario.nodes.filter((n) => (n.config as { template?: string }).template === id).length;

  const add = () => {
    const option = templateOptions[matchOption(templateOptions, { channel })];
    const id = freshId(channel, new Set(scenario.templates.map((t) => t.id)));
    const template = { ...(emptyValue(option) as object), id, channel, name: `New ${channel} ${id.split('-')[1]}` } as Template;
    setTemplates([...scenario.templates, template]);
    setOpenId(id);
  };

  return (
    <div className="panel-section" data-testid="templates-panel">
      <h2>Templates</h2>
      <p className="muted">
        Message content, personalised with Liquid: <code>{'{{ contact.firstName }}'}</code>. Values are HTML-escaped.
      </p>
      {scenario.templates.length === 0 && <p className="empty">No templates yet. Add one, then pick it in an Email, SMS or Push node.</p>}
      {scenario.templates.map((t, i) => {
        const errors = errorsUnder(props.problems.errors, ['templates', i]);
        const option = templateOptions[matchOption(templateOptions, t)];
        const open = openId === t.id;
        return (
          <div key={t.id} className={`template${open ? ' open' : ''}${errors.size ? ' invalid' : ''}`}>
            <button type="button" className="template-head" onClick={() => setOpenId(open ? null : t.id)} aria-expanded={open}>
              <span className="chip">{t.channel}</span> {t.name || t.id}
              <span className="muted"> · used by {used(t.id)} node{used(t.id) === 1 ? '' : 's'}</span>
            </button>
            {open && (
              <div className="template-body">
                <div className="field-hint">
                  id <code>{t.id}</code>
                </div>
                {option && (
                  <SchemaForm
                    schema={option}
                    value={t}
                    onChange={(v) => setTemplates(scenario.templates.map((x) => (x.id === t.id ? (v as Template) : x)))}
                    context={{ errors, readOnly, hidden: ['id', 'channel'], multiline: ['html', 'body', ...(t.channel === 'sms' ? [] : ['text'])] }}
                  />
                )}
                <SampleTemplatePreview template={t} />
                {!readOnly && <ContactTemplatePreview scenarioId={scenario.id} template={t} />}
                {!readOnly && (
                  <button
                    type="button"
                    className="link danger"
                    disabled={used(t.id) > 0}
                    title={used(t.id) > 0 ? 'Used by nodes: change them first' : undefined}
                    onClick={() => setTemplates(scenario.templates.filter((x) => x.id !== t.id))}
                  >
                    Delete template
                  </button>
                )}
              </div>
            )}
          </div>
        );
      })}
      {!readOnly && (
        <div className="row">
          <select aria-label="Channel of the new template" value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <button type="button" onClick={add}>
            + Add template
          </button>
        </div>
      )}
    </div>
  );
}
