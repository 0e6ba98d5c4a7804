import { useEffect, useMemo, useState } from 'react';
import { pathOf, type Scenario, type SimulationResult, type TestCase } from '@parcours/shared';
import { useEditor } from '../editor/store.ts';
import { useOverlay } from '../editor/overlay.ts';
import { coverageLine, runCases } from './cases.ts';
import { SuggestedCases } from './SuggestedCases.tsx';
import { useTranslation } from '../i18n/index.ts';

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
 * run them all against the draft with their coverage (re-run after every edit while the results show, the
 * outputs no case takes marked on the canvas), have cases suggested for those outputs, load one into the form.
 */
export function SavedTests(props: {
  scenario: Scenario;
  current: { input: Omit<TestCase, 'name' | 'expect'>; result: SimulationResult } | null;
  onLoad: (test: TestCase) => void;
}) {
  const { t } = useTranslation();
  const readOnly = useEditor((s) => s.readOnly);
  const setTests = useEditor((s) => s.setTests);
  const [name, setName] = useState('');
  // Bumped by "Run all tests"; 0 while the results are hidden.
  const [runs, setRuns] = useState(0);
  const run = useMemo(() => (runs > 0 ? runCases(props.scenario) : null), [runs, props.scenario]);
  const outcomes = run?.outcomes ?? null;
  const tests = props.scenario.tests;

  const showUncovered = useOverlay((s) => s.showUncovered);
  const clearUncovered = useOverlay((s) => s.clearUncovered);
  useEffect(() => {
    if (run) showUncovered(run.coverage.outputs.uncovered);
    else clearUncovered();
  }, [run, showUncovered, clearUncovered]);
  useEffect(() => clearUncovered, [clearUncovered]);

  const save = () => {
    if (!props.current || !name.trim()) return;
    const test: TestCase = { name: name.trim(), ...props.current.input, expect: expectationsOf(props.current.result) };
    setTests([...tests.filter((t) => t.name !== test.name), test]);
    setName('');
  };

  return (
    <div className="saved-tests" data-testid="saved-tests">
      <h3>{t('savedTests.title', { count: tests.length })}</h3>
      {props.current && !readOnly && (
        <div className="row">
          <input aria-label={t('savedTests.nameLabel')} placeholder={t('savedTests.namePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} className="grow" />
          <button type="button" onClick={save} disabled={!name.trim()}>
            {t('savedTests.save')}
          </button>
        </div>
      )}
      {tests.length === 0 ? (
        <p className="empty">{t('savedTests.empty')}</p>
      ) : (
        <ul className="tests">
          {tests.map((test) => {
            const o = outcomes?.get(test.name);
            const passed = o && !(o instanceof Error) && o.passed;
            return (
              <li key={test.name} className={o ? (passed ? 'pass' : 'fail') : ''}>
                <span className="test-mark" aria-label={o ? (passed ? t('savedTests.passed') : t('savedTests.failed')) : t('savedTests.notRun')}>
                  {o ? (passed ? '✓' : '✗') : '•'}
                </span>
                <span className="grow">{test.name}</span>
                <button type="button" className="link" onClick={() => props.onLoad(test)}>
                  {t('savedTests.load')}
                </button>
                {!readOnly && (
                  <button type="button" className="link remove" onClick={() => setTests(tests.filter((x) => x !== test))} aria-label={t('savedTests.delete', { name: test.name })}>
                    ×
                  </button>
                )}
                {o && (o instanceof Error ? <div className="failures">{o.message}</div> : !o.passed && <ul className="failures">{o.failures.map((f, i) => <li key={i}>{f}</li>)}</ul>)}
              </li>
            );
          })}
        </ul>
      )}
      <div className="row">
        <button type="button" onClick={() => setRuns((n) => n + 1)}>
          {tests.length === 0 ? t('savedTests.checkCoverage') : t('savedTests.runAll')}
        </button>
        {run && (
          <button type="button" className="link" onClick={() => setRuns(0)}>
            {t('savedTests.hide')}
          </button>
        )}
      </div>
      {run && (
        <div className="coverage" data-testid="coverage">
          <p>
            <strong>{t('savedTests.coverage')}</strong> {coverageLine(run.coverage)}
            {run.coverage.outputs.uncovered.length > 0 && <span className="muted">{t('savedTests.dashed')}</span>}
          </p>
          {!readOnly && <SuggestedCases scenario={props.scenario} uncovered={run.coverage.outputs.uncovered.length} onLoad={props.onLoad} onSave={(test) => setTests([...tests, test])} />}
        </div>
      )}
    </div>
  );
}
