import { useState } from 'react';
import { pathOf, runTestCase, type Scenario, type SimulationResult, type TestCase, type TestCaseOutcome } from '@parcours/shared';
import { useEditor } from '../editor/store.ts';

/** What a simulation did, as the expectations of a test case: path, messages, final status. */
export function expectationsOf(result: SimulationResult): TestCase['expect'] {
  return {
    path: pathOf(result),
    messages: result.messages.map((m) => ({ channel: m.channel, ...(m.template ? { template: m.template } : {}), node: m.node })),
    status: result.status,
    ...(result.status === 'active' && result.at ? { at: result.at } : {}),
  };
}

/**
 * The scenario's saved test cases (kept in its JSON, run by the CLI too): save the current simulation as one,
 * run them all against the draft, load one into the form.
 */
export function SavedTests(props: {
  scenario: Scenario;
  current: { input: Omit<TestCase, 'name' | 'expect'>; result: SimulationResult } | null;
  onLoad: (test: TestCase) => void;
}) {
  const readOnly = useEditor((s) => s.readOnly);
  const setTests = useEditor((s) => s.setTests);
  const [name, setName] = useState('');
  const [outcomes, setOutcomes] = useState<Map<string, TestCaseOutcome | Error> | null>(null);
  const tests = props.scenario.tests;

  const save = () => {
    if (!props.current || !name.trim()) return;
    const test: TestCase = { name: name.trim(), ...props.current.input, expect: expectationsOf(props.current.result) };
    setTests([...tests.filter((t) => t.name !== test.name), test]);
    setName('');
  };
  const runAll = () => {
    const next = new Map<string, TestCaseOutcome | Error>();
    for (const t of tests) {
      try {
        next.set(t.name, runTestCase(props.scenario, t));
      } catch (e) {
        next.set(t.name, e instanceof Error ? e : new Error(String(e)));
      }
    }
    setOutcomes(next);
  };

  return (
    <div className="saved-tests" data-testid="saved-tests">
      <h3>Test cases ({tests.length})</h3>
      {props.current && !readOnly && (
        <div className="row">
          <input aria-label="Test case name" placeholder="Name this run to keep it as a test" value={name} onChange={(e) => setName(e.target.value)} className="grow" />
          <button type="button" onClick={save} disabled={!name.trim()}>
            Save as test
          </button>
        </div>
      )}
      {tests.length === 0 ? (
        <p className="empty">No test case yet. Run a simulation, check the path, then save it: it will be re-checked after every change.</p>
      ) : (
        <>
          <ul className="tests">
            {tests.map((t) => {
              const o = outcomes?.get(t.name);
              const passed = o && !(o instanceof Error) && o.passed;
              return (
                <li key={t.name} className={o ? (passed ? 'pass' : 'fail') : ''}>
                  <span className="test-mark" aria-label={o ? (passed ? 'passed' : 'failed') : 'not run'}>
                    {o ? (passed ? '✓' : '✗') : '•'}
                  </span>
                  <span className="grow">{t.name}</span>
                  <button type="button" className="link" onClick={() => props.onLoad(t)}>
                    Load
                  </button>
                  {!readOnly && (
                    <button type="button" className="link remove" onClick={() => setTests(tests.filter((x) => x !== t))} aria-label={`Delete test ${t.name}`}>
                      ×
                    </button>
                  )}
                  {o && (o instanceof Error ? <div className="failures">{o.message}</div> : !o.passed && <ul className="failures">{o.failures.map((f, i) => <li key={i}>{f}</li>)}</ul>)}
                </li>
              );
            })}
          </ul>
          <button type="button" onClick={runAll}>
            Run all tests
          </button>
        </>
      )}
    </div>
  );
}
