// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import type { Scenario } from '@parcours/shared';
import { ProblemsList } from '../src/editor/ProblemsList.tsx';
import { problemsOf } from '../src/editor/validation.ts';
import { i18n } from '../src/i18n/index.ts';

/** A draft as a marketer leaves it mid-way: an event trigger without its event, an Email node without its template. */
const draft = {
  schemaVersion: 1,
  id: 's',
  name: 'S',
  settings: {},
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: '' }, position: { x: 0, y: 0 } },
    { id: 'email-1', type: 'action.email', config: {}, position: { x: 0, y: 100 } },
  ],
  edges: [{ id: 'a', source: 'start', target: 'email-1' }],
} as unknown as Scenario;

const lines = (container: HTMLElement) => [...container.querySelectorAll('li')].map((li) => li.textContent);

describe('the problems of an incomplete draft', () => {
  afterEach(async () => {
    cleanup();
    await i18n.changeLanguage('en');
  });

  it('name the field left empty or missing, in English', async () => {
    await i18n.changeLanguage('en');
    const { container } = render(<ProblemsList scenario={draft} problems={problemsOf(draft)} onJump={() => undefined} />);
    expect(lines(container)).toEqual(expect.arrayContaining([expect.stringMatching(/start.*Event: must not be empty$/), expect.stringMatching(/email-1.*Template: is required$/)]));
  });

  it('and in French, field and wording alike', async () => {
    await i18n.changeLanguage('fr');
    const { container } = render(<ProblemsList scenario={draft} problems={problemsOf(draft)} onJump={() => undefined} />);
    const text = lines(container).join('\n');
    expect(text).toMatch(/Événement\u00a0: ne doit pas être vide/);
    expect(text).toMatch(/Modèle\u00a0: est à remplir/);
    expect(text).not.toMatch(/is required|must not be empty/);
  });
});
