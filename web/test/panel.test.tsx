// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { NODE_TYPES, type NodeOf } from '@parcours/shared';
import { NodePanel } from '../src/editor/panel/NodePanel.tsx';
import { undo, useEditor } from '../src/editor/store.ts';
import { problemsOf } from '../src/editor/validation.ts';
import { welcomeScenario } from './fixtures.ts';

const queries = new QueryClient();

/** Renders the panel of one node of the store's scenario, re-rendering on every store change like the app. */
function renderPanel(nodeId: string) {
  const view = () => {
    const scenario = useEditor.getState().scenario!;
    const node = scenario.nodes.find((n) => n.id === nodeId)!;
    // The message section can load the template library from the server: it needs a query client, like the app.
    return (
      <QueryClientProvider client={queries}>
        <NodePanel node={node} problems={problemsOf(scenario)} />
      </QueryClientProvider>
    );
  };
  const r = render(view());
  const unsubscribe = useEditor.subscribe(() => r.rerender(view()));
  subscriptions.push(unsubscribe);
  return { ...r, unsubscribe };
}

/** Store subscriptions of rendered panels, dropped after each test even when it fails. */
const subscriptions: (() => void)[] = [];

const nodeConfig = (id: string) => useEditor.getState().scenario!.nodes.find((n) => n.id === id)!.config;

describe('node panel (form generated from the schema)', () => {
  beforeEach(() => useEditor.getState().load(welcomeScenario()));
  afterEach(() => {
    subscriptions.splice(0).forEach((u) => u());
    cleanup();
  });

  it('renders a form for every node type', () => {
    for (const type of NODE_TYPES) {
      const id = useEditor.getState().addNode(type, { x: 0, y: 0 })!;
      const { container, unsubscribe } = renderPanel(id);
      expect(container.querySelector('[data-testid="node-panel"] h2')?.textContent).toBeTruthy();
      unsubscribe();
      cleanup();
    }
  });

  it("labels a task's fields with the titles and hints of its definition", () => {
    const id = useEditor.getState().addNode('action.task', { x: 0, y: 0 })!;
    const { unsubscribe } = renderPanel(id);
    expect(nodeConfig(id)).toMatchObject({ kind: 'call', title: 'Call {{ contact.id }}' });
    const due = screen.getByLabelText(/^Due in/) as HTMLInputElement;
    expect(due.closest('.field')!.querySelector('.field-hint')?.textContent).toBe('How long the team has, from when the task is created, e.g. 2d');
    fireEvent.change(due, { target: { value: '2d' } });
    expect(nodeConfig(id)).toMatchObject({ dueIn: '2d' });
    expect(screen.getByLabelText(/^Kind/)).toBeTruthy();
    expect(screen.getByLabelText(/^When a frequency cap applies/)).toBeTruthy();
    unsubscribe();
  });

  it('reads a wait duration typed in words, shows it back in words, and says in words why a text does not read', () => {
    const { unsubscribe } = renderPanel('wait');
    const input = screen.getByLabelText(/^Duration/) as HTMLInputElement;
    expect(input.value).toBe('3 days');
    expect(input.closest('.field')!.querySelector('.field-hint')?.textContent).toMatch(/^Such as "3 days", "2 hours"/);
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: '2 heures' } });
    expect(nodeConfig('wait')).toEqual({ duration: '2h' });
    expect(input.value).toBe('2 heures');
    fireEvent.blur(input);
    expect(input.value).toBe('2 hours');
    // Text that does not read is kept as typed, so the draft marks the node, and the field says why.
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: '3 dayz' } });
    expect(nodeConfig('wait')).toEqual({ duration: '3 dayz' });
    const field = input.closest('.field')!;
    expect(field.className).toContain('field-invalid');
    expect(within(field as HTMLElement).getByRole('alert').textContent).toBe('"dayz" is not a unit of time: use weeks, days, hours, minutes or seconds');
    fireEvent.change(input, { target: { value: '1d' } });
    expect(nodeConfig('wait')).toEqual({ duration: '1d' });
    expect(input.closest('.field')!.className).not.toContain('field-invalid');
    unsubscribe();
  });

  it('names condition operators in words', () => {
    const id = useEditor.getState().addNode('branch.condition', { x: 0, y: 0 })!;
    const { unsubscribe } = renderPanel(id);
    const op = screen.getByLabelText(/^Operator/) as HTMLSelectElement;
    expect([...op.options].map((o) => o.textContent)).toEqual(['is', 'is not', 'more than', 'at least', 'less than', 'at most', 'contains', 'is one of', 'is set', 'is not set']);
    fireEvent.change(op, { target: { value: 'gte' } });
    expect(nodeConfig(id)).toMatchObject({ condition: { op: 'gte' } });
    unsubscribe();
  });

  it("edits a message node's content in its panel, with a live preview", () => {
    const { unsubscribe } = renderPanel('mail');
    const select = screen.getByLabelText('Template') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['New template for this node', 'Welcome #1']);
    fireEvent.change(screen.getByLabelText(/^Subject/), { target: { value: 'Bonjour {{ contact.firstName }}' } });
    expect(useEditor.getState().scenario!.templates[0]).toMatchObject({ id: 'welcome-1', subject: 'Bonjour {{ contact.firstName }}' });
    expect(screen.getByTestId('sample-preview').textContent).toContain('Bonjour Camille');
    const onCap = screen.getByLabelText(/^When a frequency cap applies/) as HTMLSelectElement;
    fireEvent.change(onCap, { target: { value: 'defer' } });
    expect(nodeConfig('mail')).toEqual({ template: 'welcome-1', onCap: 'defer', once: false });
    unsubscribe();
  });

  it('creates a template named after the node when the node has none: no detour', () => {
    useEditor.getState().updateLabel('mail', 'Welcome email');
    useEditor.getState().updateConfig('mail', { template: '', onCap: 'skip', once: false });
    const { unsubscribe } = renderPanel('mail');
    expect((screen.getByLabelText('Template') as HTMLSelectElement).selectedOptions[0].textContent).toBe('New template: Welcome email');
    fireEvent.change(screen.getByLabelText(/^Subject/), { target: { value: 'Hello' } });
    fireEvent.change(screen.getByLabelText(/^Body/), { target: { value: '<p>Hi {{ contact.firstName }}</p>' } });
    expect(useEditor.getState().scenario!.templates[1]).toEqual({ id: 'mail', channel: 'email', name: 'Welcome email', subject: 'Hello', html: '<p>Hi {{ contact.firstName }}</p>' });
    expect(nodeConfig('mail')).toEqual({ template: 'mail', onCap: 'skip', once: false });
    expect(problemsOf(useEditor.getState().scenario!).errors).toEqual([]);
    // Creating the template and pointing the node at it is one step: one undo takes both back.
    undo();
    expect(useEditor.getState().scenario!.templates.map((t) => t.id)).toEqual(['welcome-1']);
    expect(nodeConfig('mail')).toEqual({ template: '', onCap: 'skip', once: false });
    unsubscribe();
  });

  it("counts an SMS's characters and segments, GSM-7 or UCS-2", () => {
    const id = useEditor.getState().addNode('action.sms', { x: 0, y: 0 })!;
    const { unsubscribe } = renderPanel(id);
    const text = screen.getByLabelText(/^Message/) as HTMLTextAreaElement;
    expect(text.tagName).toBe('TEXTAREA');
    fireEvent.change(text, { target: { value: 'a'.repeat(161) } });
    expect(screen.getByTestId('sms-length').textContent).toMatch(/^161 characters · 2 segments · 153 characters per segment \(GSM-7\)/);
    fireEvent.change(text, { target: { value: 'Bravo 🎉' } });
    expect(screen.getByTestId('sms-length').textContent).toMatch(/^7 characters · 1 segment · 70 characters per segment \(UCS-2\)Sent as UCS-2 because of 🎉/);
    unsubscribe();
  });

  it('adds and removes split arms, with numbers kept as numbers', () => {
    const id = useEditor.getState().addNode('branch.split', { x: 0, y: 0 })!;
    const { unsubscribe } = renderPanel(id);
    fireEvent.click(screen.getByText('+ Add variant'));
    let variants = (nodeConfig(id) as NodeOf<'branch.split'>['config']).variants;
    expect(variants.map((v) => v.id)).toEqual(['a', 'b', 'variant-1']);
    const percents = screen.getAllByLabelText(/^Percent/) as HTMLInputElement[];
    fireEvent.change(percents[2], { target: { value: '20' } });
    variants = (nodeConfig(id) as NodeOf<'branch.split'>['config']).variants;
    expect(variants[2].percent).toBe(20);
    fireEvent.click(screen.getByLabelText('Remove variant 3'));
    expect((nodeConfig(id) as NodeOf<'branch.split'>['config']).variants).toHaveLength(2);
    unsubscribe();
  });

  it('builds a nested condition: switch an attribute test to "all of" two tests', () => {
    const id = useEditor.getState().addNode('branch.condition', { x: 0, y: 0 })!;
    const { unsubscribe } = renderPanel(id);
    fireEvent.change(screen.getByLabelText(/^Attribute$/), { target: { value: 'plan' } });
    fireEvent.change(screen.getByLabelText(/^Value/), { target: { value: '42' } });
    expect(nodeConfig(id)).toEqual({ condition: { attribute: 'plan', op: 'eq', value: 42 } });
    const kind = screen.getByLabelText('Condition') as HTMLSelectElement;
    const allOf = [...kind.options].find((o) => o.textContent === 'All of')!;
    fireEvent.change(kind, { target: { value: allOf.value } });
    const cond = (nodeConfig(id) as { condition: { all: unknown[] } }).condition;
    expect(Array.isArray(cond.all)).toBe(true);
    fireEvent.click(screen.getByText('+ Add condition'));
    expect((nodeConfig(id) as { condition: { all: unknown[] } }).condition.all.length).toBe(cond.all.length + 1);
    unsubscribe();
  });

  it('suggests the event names the journey already uses', () => {
    const id = useEditor.getState().addNode('wait.event', { x: 0, y: 0 })!;
    renderPanel(id);
    const input = screen.getByLabelText(/^Event/) as HTMLInputElement;
    const list = document.getElementById(input.getAttribute('list')!)!;
    expect([...list.querySelectorAll('option')].map((o) => o.getAttribute('value'))).toEqual(['signed_up']);
  });

  it('edits weekdays of a time window as toggles', () => {
    const id = useEditor.getState().addNode('wait.window', { x: 0, y: 0 })!;
    const { unsubscribe } = renderPanel(id);
    fireEvent.click(screen.getByLabelText('Sat'));
    expect((nodeConfig(id) as { days: string[] }).days).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
    fireEvent.click(screen.getByLabelText('Mon'));
    expect((nodeConfig(id) as { days: string[] }).days).toEqual(['tue', 'wed', 'thu', 'fri', 'sat']);
    unsubscribe();
  });
});
