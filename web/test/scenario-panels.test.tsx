// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { TemplatesPanel } from '../src/editor/panel/TemplatesPanel.tsx';
import { SettingsPanel } from '../src/editor/panel/SettingsPanel.tsx';
import { useEditor } from '../src/editor/store.ts';
import { problemsOf } from '../src/editor/validation.ts';
import { welcomeScenario } from './fixtures.ts';

const subscriptions: (() => void)[] = [];
function renderLive(view: () => React.ReactElement) {
  const r = render(view());
  subscriptions.push(useEditor.subscribe(() => r.rerender(view())));
  return r;
}
const scenario = () => useEditor.getState().scenario!;

describe('templates panel', () => {
  beforeEach(() => useEditor.getState().load(welcomeScenario()));
  afterEach(() => {
    subscriptions.splice(0).forEach((u) => u());
    cleanup();
  });

  it('previews the email for a sample contact and locates a Liquid error', () => {
    const { container } = renderLive(() => <TemplatesPanel problems={problemsOf(scenario())} />);
    expect(container.querySelector('.preview-subject')?.textContent).toBe('Welcome Camille');
    expect(container.querySelector('iframe')?.getAttribute('sandbox')).toBe('');
    fireEvent.change(screen.getByLabelText(/^Subject/), { target: { value: 'Welcome {{ contact.firstName ' } });
    expect(scenario().templates[0]).toMatchObject({ subject: 'Welcome {{ contact.firstName ' });
    expect(screen.getAllByRole('alert').map((a) => a.textContent).join(' ')).toMatch(/subject/);
  });

  it('adds an SMS template with a fresh id, which SMS nodes can then pick', () => {
    renderLive(() => <TemplatesPanel problems={problemsOf(scenario())} />);
    fireEvent.change(screen.getByLabelText('Channel of the new template'), { target: { value: 'sms' } });
    fireEvent.click(screen.getByText('+ Add template'));
    const added = scenario().templates[1];
    expect(added).toMatchObject({ id: 'sms-1', channel: 'sms', text: '' });
    fireEvent.change(screen.getByLabelText(/^Plain text/), { target: { value: 'Hi {{ contact.firstName }}' } });
    expect(scenario().templates[1]).toMatchObject({ text: 'Hi {{ contact.firstName }}' });
    expect(screen.getByText('Hi Camille')).toBeTruthy();
    const id = useEditor.getState().addNode('action.sms', { x: 0, y: 0 })!;
    expect(scenario().nodes.find((n) => n.id === id)?.config).toEqual({ template: 'sms-1', onCap: 'skip', once: false });
  });

  it('will not delete a template a node uses', () => {
    renderLive(() => <TemplatesPanel problems={problemsOf(scenario())} />);
    expect((screen.getByText('Delete template') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('settings panel', () => {
  beforeEach(() => useEditor.getState().load(welcomeScenario()));
  afterEach(() => {
    subscriptions.splice(0).forEach((u) => u());
    cleanup();
  });

  it('adds a frequency cap and flags a bad period inline', () => {
    renderLive(() => <SettingsPanel problems={problemsOf(scenario())} />);
    fireEvent.click(screen.getByText('+ Add frequency cap'));
    expect(scenario().settings.frequencyCaps).toEqual([{ channel: 'email', max: 0, per: '' }]);
    fireEvent.change(screen.getByLabelText(/^Max/), { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText(/^Per/), { target: { value: 'a week' } });
    expect(screen.getByLabelText(/^Per/).closest('.field')?.className).toContain('field-invalid');
    fireEvent.change(screen.getByLabelText(/^Per/), { target: { value: '7d' } });
    expect(scenario().settings.frequencyCaps).toEqual([{ channel: 'email', max: 3, per: '7d' }]);
    expect(problemsOf(scenario()).ok).toBe(true);
  });

  it('switches the re-entry policy to "after" a delay', () => {
    renderLive(() => <SettingsPanel problems={problemsOf(scenario())} />);
    const kind = screen.getByLabelText('Reentry') as HTMLSelectElement;
    const after = [...kind.options].find((o) => o.textContent === 'After')!;
    fireEvent.change(kind, { target: { value: after.value } });
    expect(scenario().settings.reentry).toEqual({ policy: 'after', after: '' });
    fireEvent.change(screen.getByLabelText(/^After/), { target: { value: '30d' } });
    expect(scenario().settings.reentry).toEqual({ policy: 'after', after: '30d' });
  });
});
