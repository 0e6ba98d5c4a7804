import type { Channel } from '../schema/primitives.ts';

/** How a template field's output is escaped: HTML for email bodies, JSON string content for webhook bodies. */
export type OutputMode = 'html' | 'text' | 'json';

export interface TemplateField {
  name: string;
  mode: OutputMode;
}

/** The Liquid fields of each channel's template, in the order they are checked and rendered. */
export const TEMPLATE_FIELDS = {
  email: [
    { name: 'subject', mode: 'text' },
    { name: 'html', mode: 'html' },
    { name: 'text', mode: 'text' },
  ],
  sms: [{ name: 'text', mode: 'text' }],
  push: [
    { name: 'title', mode: 'text' },
    { name: 'body', mode: 'text' },
  ],
  webhook: [{ name: 'body', mode: 'json' }],
  // A task's title and instructions are written in the node itself (action.task), not in a scenario template.
  task: [
    { name: 'title', mode: 'text' },
    { name: 'instructions', mode: 'text' },
  ],
  // An on-site item's content is written in the node itself (action.onsite); its mode follows the node's format.
  onsite: [{ name: 'content', mode: 'html' }],
} as const satisfies Record<Channel, readonly TemplateField[]>;

/** The variables a scenario template may use; anything else is a typo caught before publishing. */
export const TEMPLATE_ROOTS = ['contact', 'event', 'links', 'scenario', 'digest'] as const;
