// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Template } from '@parcours/shared';
import { harness, type Harness } from '../../server/test/helpers.ts';
import { serveAsAdmin } from './as-admin.tsx';
import { ContactTemplatePreview } from '../src/editor/panel/ContactTemplatePreview.tsx';
import { welcomeScenario } from './fixtures.ts';

/** "Preview for contact…" against a real server app: the draft's template rendered for a stored contact. */
let h: Harness;

const scenario = welcomeScenario();
const broken: Template = { id: 'broken', channel: 'email', name: 'Broken', subject: 'Hi', html: '<p>{{ contact.firstName | nosuchfilter }}</p>' };

async function previewFor(template: Template, contactId: string) {
  render(<ContactTemplatePreview scenarioId={scenario.id} template={template} />);
  fireEvent.change(screen.getByLabelText('Preview for a contact'), { target: { value: contactId } });
  fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
  await waitFor(() => expect(screen.queryByText('Rendering…')).toBeNull());
}

describe('template preview for a stored contact', () => {
  beforeEach(async () => {
    h = harness();
    serveAsAdmin(h);
    expect((await h.call('POST', '/scenarios', { ...scenario, templates: [...scenario.templates, broken] })).status).toBe(201);
    expect((await h.call('PUT', '/contacts/c-42', { attributes: { firstName: 'Zoé <b>', email: 'zoe@example.com' } })).status).toBeLessThan(300);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    h.close();
  });

  it("renders the draft's template with the contact's real attributes, escaped", async () => {
    await previewFor(scenario.templates[0], 'c-42');
    expect(screen.getByText('Rendered by the server for c-42')).toBeTruthy();
    expect(document.querySelector('.preview-subject')!.textContent).toBe('Welcome Zoé <b>');
    const frame = document.querySelector('iframe')!;
    expect(frame.getAttribute('sandbox')).toBe('');
  });

  it('says when the contact does not exist', async () => {
    await previewFor(scenario.templates[0], 'nobody');
    expect(screen.getByRole('alert').textContent).toMatch(/contact nobody not found/);
  });

  it('shows a template error located on its field', async () => {
    await previewFor(broken, 'c-42');
    expect(screen.getByRole('alert').textContent).toMatch(/^templates\[1\]\.html: /);
  });
});
