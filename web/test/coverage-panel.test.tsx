// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { forgetSimulations } from '../src/simulation/SimulationPanel.tsx';
import { FailingCasesDialog, failingCasesOf } from '../src/simulation/FailingCasesDialog.tsx';
import { useEditor } from '../src/editor/store.ts';
import { useOverlay } from '../src/editor/overlay.ts';
import { renderPanel } from './render-panel.tsx';
import { ApiError } from '../src/api/errors.ts';
import { vipCase, vipScenario } from './coverage-fixtures.ts';


const uncovered = () => [...useOverlay.getState().uncovered].flatMap(([node, outputs]) => [...outputs].map((o) => `${node}.${o}`));

describe('coverage of the saved cases in the simulation panel', () => {
  beforeEach(() => useEditor.getState().load({ ...vipScenario(), tests: [vipCase('vip gets the email', true)] }));
  afterEach(() => {
    cleanup();
    forgetSimulations();
    useOverlay.getState().clearUncovered();
  });

  it('"Run all tests" shows the coverage and marks the outputs no case takes, until the results are hidden', () => {
    const { unsubscribe } = renderPanel();
    expect(screen.queryByTestId('coverage')).toBeNull();
    expect(uncovered()).toEqual([]);

    fireEvent.click(screen.getByText('Run all tests'));

    expect(screen.getByTestId('coverage').textContent).toMatch(/Coverage: nodes 4\/5, outputs 3\/4 \(75 %\)/);
    expect(uncovered()).toEqual(['vip.no']);
    fireEvent.click(screen.getByText('Hide results'));
    expect(screen.queryByTestId('coverage')).toBeNull();
    expect(uncovered()).toEqual([]);
    unsubscribe();
  });

  it('re-checks the cases after an edit while the results show', () => {
    const { unsubscribe } = renderPanel();
    fireEvent.click(screen.getByText('Run all tests'));
    expect(screen.getByLabelText('passed')).toBeTruthy();

    act(() => useEditor.getState().updateConfig('vip', { condition: { attribute: 'vip', op: 'eq', value: false } }));

    expect(screen.getByLabelText('failed')).toBeTruthy();
    expect(screen.getByTestId('saved-tests').textContent).toMatch(/path: expected start → vip → mail → done, got start → vip → skip/);
    expect(uncovered()).toEqual(['vip.yes', 'mail.next']);
    unsubscribe();
  });

  it('suggests a case for the missed output, which the tester renames and saves: coverage reaches 100 %', () => {
    const { unsubscribe } = renderPanel();
    fireEvent.click(screen.getByText('Run all tests'));
    fireEvent.click(screen.getByText('Suggest cases'));

    const suggestion = screen.getByLabelText('Suggested case 1');
    expect(suggestion.textContent).toMatch(/Path: Event trigger → .* → Exit/);
    fireEvent.change(within(suggestion).getByLabelText('Name of suggested case 1'), { target: { value: 'vip gets the email' } });
    expect(within(suggestion).getByText('A saved case already has this name.')).toBeTruthy();
    expect((within(suggestion).getByText('Save case') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(suggestion).getByLabelText('Name of suggested case 1'), { target: { value: 'others are let go' } });
    fireEvent.click(within(suggestion).getByText('Save case'));

    const tests = useEditor.getState().scenario!.tests;
    expect(tests.map((t) => t.name)).toEqual(['vip gets the email', 'others are let go']);
    expect(tests[1].expect.path).toEqual(['start', 'vip', 'skip']);
    expect(screen.queryByLabelText('Suggested case 1')).toBeNull();
    expect(screen.getByTestId('coverage').textContent).toMatch(/nodes 5\/5, outputs 4\/4 \(100 %\)/);
    expect(uncovered()).toEqual([]);
    expect(screen.getAllByLabelText('passed')).toHaveLength(2);
    unsubscribe();
  });

  it('says when there is nothing to suggest, and a discarded suggestion is not saved', () => {
    const { unsubscribe } = renderPanel();
    fireEvent.click(screen.getByText('Run all tests'));
    fireEvent.click(screen.getByText('Suggest cases'));
    fireEvent.click(within(screen.getByLabelText('Suggested case 1')).getByText('Discard'));
    expect(useEditor.getState().scenario!.tests).toHaveLength(1);
    act(() => useEditor.getState().setTests([...useEditor.getState().scenario!.tests, { ...vipCase('non-vip', false), expect: { status: 'exited' } }]));
    fireEvent.click(screen.getByText('Suggest cases'));
    expect(screen.getByTestId('suggested-cases').textContent).toMatch(/Nothing to suggest/);
    unsubscribe();
  });

  it('clears the canvas marks when the panel closes', () => {
    const { unsubscribe } = renderPanel();
    fireEvent.click(screen.getByText('Run all tests'));
    expect(uncovered()).toEqual(['vip.no']);
    unsubscribe();
    cleanup();
    expect(uncovered()).toEqual([]);
  });
});

describe('publishing refused by failing cases', () => {
  afterEach(cleanup);

  it('recognises only the cases_failed refusal', () => {
    const issues = [{ path: ['tests', 0], message: 'a: path: expected x, got y' }];
    expect(failingCasesOf(new ApiError(422, 'cases_failed', 'm', issues))).toEqual(issues);
    expect(failingCasesOf(new ApiError(422, 'invalid_scenario', 'm', issues))).toBeNull();
    expect(failingCasesOf(new Error('boom'))).toBeNull();
  });

  it('lists the failing cases and offers to publish anyway or cancel', () => {
    const onPublishAnyway = vi.fn();
    const onClose = vi.fn();
    render(
      <FailingCasesDialog
        issues={[
          { path: ['tests', 0], message: 'first: status: expected exited, got active' },
          { path: ['tests', 2], message: 'third: message 1: expected email, none was sent' },
        ]}
        onPublishAnyway={onPublishAnyway}
        onClose={onClose}
      />,
    );
    const dialog = screen.getByRole('alertdialog');
    expect(within(dialog).getByText('2 saved test cases fail')).toBeTruthy();
    expect(within(screen.getByTestId('failing-cases')).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'first: status: expected exited, got active',
      'third: message 1: expected email, none was sent',
    ]);
    fireEvent.click(screen.getByText('Publish anyway'));
    fireEvent.click(screen.getByText('Cancel'));
    expect(onPublishAnyway).toHaveBeenCalledTimes(1);
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
