import { previewTemplate, type ContactProfile, type Template } from '@parcours/shared';
import { useTranslation } from '../../i18n/index.ts';
import { RenderedContentView } from './RenderedContentView.tsx';

/** Who previews are rendered for when no real contact is named. */
export const SAMPLE_CONTACT: ContactProfile = {
  id: 'preview',
  attributes: { firstName: 'Camille', lastName: 'Martin', email: 'camille@example.com', city: 'Lyon', score: 42 },
  consents: { email: true, sms: true, push: true },
  lists: [],
};

/** The template rendered for the sample contact, as it would be sent (the email in a sandboxed frame), as it is typed. */
export function SampleTemplatePreview({ template }: { template: Template }) {
  const { t } = useTranslation();
  const preview = previewTemplate(template, SAMPLE_CONTACT);
  if (!preview.ok) {
    return (
      <div className="callout error" role="alert">
        {preview.error.field}{t('common.colon')}{preview.error.message}
      </div>
    );
  }
  return (
    <div className="template-preview" data-testid="sample-preview">
      <div className="label">{t('preview.forSample', { name: String(SAMPLE_CONTACT.attributes.firstName) })}</div>
      <RenderedContentView content={preview.content} title={t('preview.title', { template: template.name || template.id })} />
    </div>
  );
}
