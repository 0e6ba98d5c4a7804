export { TEMPLATE_FIELDS, TEMPLATE_ROOTS, type OutputMode, type TemplateField } from './fields.ts';
export { TemplateError, type TemplateErrorCode } from './engines.ts';
export {
  renderTemplate,
  renderJsonTemplate,
  renderTask,
  renderOnsite,
  templateVars,
  type TemplateVars,
  type MessageLinkVars,
  type RenderedContent,
  type EmailContent,
  type SmsContent,
  type PushContent,
  type WebhookContent,
  type TaskContent,
  type TaskDelivery,
} from './render.ts';
export { validateTaskTemplates, validateTemplates, type TemplateIssue } from './validate.ts';
export { withUnsubscribeLink } from './unsubscribe-link.ts';
export { withTracking, type TrackingLinks } from './tracking.ts';
export { previewTemplate, PREVIEW_LINKS, PREVIEW_PREFERENCES_URL, PREVIEW_UNSUBSCRIBE_URL, type PreviewResult } from './preview.ts';
export { smsLength, type SmsLength } from './sms-length.ts';
export { renderSend, type SendRender, type SendRenderErrorCode, type SendToRender } from './send.ts';
