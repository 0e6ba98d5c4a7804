import { useState, type FormEvent } from 'react';
import type { RenderedContent, Template } from '@parcours/shared';
import { api } from '../../api/client.ts';
import { ApiError, describeError } from '../../api/errors.ts';
import { useTranslation } from '../../i18n/index.ts';
import { RenderedContentView } from './RenderedContentView.tsx';

type Result = { contactId: string; template: Template } & ({ content: RenderedContent } | { error: string });

/** A template rendered by the server for a stored contact: their real attributes, exactly as it would be sent. */
export function ContactTemplatePreview({ scenarioId, template }: { scenarioId: string; template: Template }) {
  const { t } = useTranslation();
  const [contactId, setContactId] = useState('');
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const id = contactId.trim();
    if (!id) return;
    setPending(true);
    try {
      const { content } = await api.previewForContact(scenarioId, template.id, id);
      setResult({ contactId: id, template, content });
    } catch (error) {
      // A 422 names the template field, line and column in its message; the rest read better through describeError.
      setResult({ contactId: id, template, error: error instanceof ApiError && error.status === 422 ? error.message : describeError(error) });
    } finally {
      setPending(false);
    }
  };
  const inputId = `preview-contact-${template.id}`;
  return (
    <div className="template-preview" data-testid="contact-preview">
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor={inputId} className="label">
          {t('preview.forContact')}
        </label>
        <div className="row">
          <input id={inputId} className="contact-id" placeholder={t('preview.contactPlaceholder')} value={contactId} onChange={(e) => setContactId(e.target.value)} />
          <button type="submit" disabled={!contactId.trim() || pending}>
            {pending ? t('preview.rendering') : t('preview.preview')}
          </button>
        </div>
      </form>
      {result && result.template !== template && <p className="muted small">{t('preview.changed')}</p>}
      {result && 'error' in result && (
        <div className="callout error" role="alert">
          {result.error}
        </div>
      )}
      {result && 'content' in result && (
        <>
          <div className="label">{t('preview.renderedFor', { contact: result.contactId })}</div>
          <RenderedContentView content={result.content} title={t('preview.titleFor', { template: template.name || template.id, contact: result.contactId })} />
        </>
      )}
    </div>
  );
}
