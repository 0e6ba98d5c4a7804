// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { forgetSimulations } from '../src/simulation/SimulationPanel.tsx';
import { useEditor } from '../src/editor/store.ts';
import { useOverlay } from '../src/editor/overlay.ts';
import { renderPanel } from './render-panel.tsx';
import { welcomeScenario } from './fixtures.ts';


describe('simulation panel', () => {
  beforeEach(() => useEditor.getState().load(welcomeScenario()));
  afterEach(() => {
    cleanup();
    forgetSimulations();
    useOverlay.getState().clearPath();
  });

  it('runs the draft for a contact whose timeline starts with the trigger event, and replays it step by step', () => {
    const { unsubscribe } = renderPanel();
    fireEvent.click(screen.getByText('▶ Run simulation'));
    const result = screen.getByTestId('sim-result');
    expect(result.textContent).toMatch(/Left the journey/);
    expect(within(result).getByText(/Messages that would be sent \(1\/1\)/)).toBeTruthy();
    expect([...useOverlay.getState().visited.keys()]).toEqual(['start', 'wait', 'mail', 'end']);
    fireEvent.click(screen.getByLabelText('First step'));
    expect(useOverlay.getState().current).toBe('start');
    expect(screen.getByTestId('sim-clock').textContent).toMatch(/\+0$/);
    expect(within(result).getByText(/Messages that would be sent \(0\/1\)/)).toBeTruthy();
    unsubscribe();
  });

  it('explains a skipped email when the contact gave no consent', () => {
    const { unsubscribe } = renderPanel();
    // The consents group's Email (the pending double opt-in channels have one too).
    fireEvent.click(within(screen.getByRole('group', { name: /^Consents/ })).getByLabelText(/^Email/));
    fireEvent.click(screen.getByText('▶ Run simulation'));
    expect(screen.getByTestId('sim-result').textContent).toMatch(/skipped/);
    expect(screen.getByText(/No message would be sent/)).toBeTruthy();
    unsubscribe();
  });

  it('keeps the form and the run when the panel is closed and reopened', () => {
    const first = renderPanel();
    fireEvent.change(screen.getByLabelText(/^Id/), { target: { value: 'camille' } });
    fireEvent.click(screen.getByText('▶ Run simulation'));
    first.unsubscribe();
    cleanup();
    const again = renderPanel();
    expect((screen.getByLabelText(/^Id/) as HTMLInputElement).value).toBe('camille');
    expect(screen.getByTestId('sim-result').textContent).toMatch(/Left the journey/);
    again.unsubscribe();
  });

  it('refuses to run a scenario with problems', () => {
    useEditor.getState().updateConfig('wait', { duration: 'later' });
    const { unsubscribe } = renderPanel();
    fireEvent.click(screen.getByText('▶ Run simulation'));
    expect(screen.getByRole('alert').textContent).toMatch(/Fix the 1 problem/);
    unsubscribe();
  });

  it('saves a run as a test case, which fails once the journey changes', () => {
    const { unsubscribe } = renderPanel();
    fireEvent.click(screen.getByText('▶ Run simulation'));
    fireEvent.change(screen.getByLabelText('Test case name'), { target: { value: 'gets the welcome email' } });
    fireEvent.click(screen.getByText('Save as test'));
    const saved = useEditor.getState().scenario!.tests;
    expect(saved).toHaveLength(1);
    expect(saved[0].expect).toMatchObject({ path: ['start', 'wait', 'mail', 'end'], status: 'exited', messages: [{ channel: 'email', template: 'welcome-1', node: 'mail' }] });
    fireEvent.click(screen.getByText('Run all tests'));
    expect(screen.getByLabelText('passed')).toBeTruthy();
    // Skip the email: the saved expectation no longer holds.
    act(() => useEditor.getState().connect({ source: 'wait', sourceHandle: 'next', target: 'end' }));
    act(() => useEditor.getState().deleteElements(['mail'], []));
    fireEvent.click(screen.getByText('Run all tests'));
    expect(screen.getByLabelText('failed')).toBeTruthy();
    expect(screen.getByTestId('saved-tests').textContent).toMatch(/message 1/);
    unsubscribe();
  });
});
