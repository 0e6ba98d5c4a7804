import { useEffect, useMemo, useRef, useState } from 'react';
import {
  ContactProfile,
  DEFAULT_SIMULATION_START,
  NODE_CATALOGUE,
  Timeline,
  simulate,
  type Scenario,
  type SimulationResult,
  type TimelineEntry,
} from '@parcours/shared';
import { SchemaForm } from '../editor/panel/SchemaForm.tsx';
import type { ZodLike } from '../editor/panel/zodShape.ts';
import { useOverlay } from '../editor/overlay.ts';
import { pathUpTo, sinceStart } from './path.ts';
import type { Problems } from '../editor/validation.ts';
import { SavedTests } from './SavedTests.tsx';

/** The last form and run per scenario, so switching tabs loses neither. */
const sessions = new Map<string, { draft: Draft; result: SimulationResult | null; ranWith: Draft | null }>();
/** Called when the editor closes: the next visit starts afresh. */
export const forgetSimulations = () => sessions.clear();

interface Draft {
  contact: ContactProfile;
  events: TimelineEntry[];
  start: string;
  until: string;
}

const initialDraft = (scenario: Scenario): Draft => {
  const entry = scenario.nodes.find((n) => n.type === 'entry.event');
  const event = entry && 'event' in entry.config ? entry.config.event : '';
  return {
    contact: { id: 'test-contact', attributes: { firstName: 'Camille' }, consents: { email: true, sms: true, push: true }, timeZone: 'Europe/Paris', lists: [] },
    events: event ? [{ at: '0m', event, properties: {} }] : [],
    start: DEFAULT_SIMULATION_START,
    until: '90d',
  };
};

const OUTCOME_LABEL: Record<string, string> = {
  entered: 'entered',
  waiting: 'waits',
  resumed: 'resumed',
  timed_out: 'timed out',
  branched: 'went',
  sent: 'sent',
  skipped: 'skipped',
  deferred: 'deferred',
  updated: 'updated',
  converted: 'converted',
  completed: 'completed',
  exited: 'exited',
};

/** One contact's path on a virtual clock, run in the browser by the same engine as the server. */
export function SimulationPanel(props: { scenario: Scenario; problems: Problems }) {
  const { scenario } = props;
  const session = sessions.get(scenario.id);
  const [draft, setDraft] = useState<Draft>(() => session?.draft ?? initialDraft(scenario));
  const [result, setResult] = useState<SimulationResult | null>(session?.result ?? null);
  const [ranWith, setRanWith] = useState<Draft | null>(session?.ranWith ?? null);
  const [error, setError] = useState<string | null>(null);
  const [stepIndex, setStepIndex] = useState(() => (session?.result ? session.result.steps.length - 1 : 0));
  useEffect(() => {
    sessions.set(scenario.id, { draft, result, ranWith });
  }, [scenario.id, draft, result, ranWith]);
  const [playing, setPlaying] = useState(false);
  const resultBox = useRef<HTMLDivElement>(null);
  const showPath = useOverlay((s) => s.showPath);
  const clearPath = useOverlay((s) => s.clearPath);

  const run = () => {
    setError(null);
    setPlaying(false);
    if (!props.problems.ok) {
      setResult(null);
      setError(`Fix the ${props.problems.errors.length} problem${props.problems.errors.length > 1 ? 's' : ''} listed under the canvas first.`);
      return;
    }
    try {
      const r = simulate(scenario, { contact: draft.contact, events: draft.events, start: draft.start, until: draft.until || undefined });
      setResult(r);
      setRanWith(draft);
      setStepIndex(r.steps.length - 1);
      requestAnimationFrame(() => resultBox.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' }));
    } catch (e) {
      setResult(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  // The canvas shows the path up to the replayed step; leaving the panel clears it.
  useEffect(() => {
    if (result && result.steps.length) showPath(pathUpTo(scenario, result.steps, stepIndex));
    else clearPath();
  }, [result, stepIndex, scenario, showPath, clearPath]);
  useEffect(() => clearPath, [clearPath]);

  useEffect(() => {
    if (!playing || !result) return;
    if (stepIndex >= result.steps.length - 1) {
      setPlaying(false);
      return;
    }
    const t = setTimeout(() => setStepIndex((i) => i + 1), 600);
    return () => clearTimeout(t);
  }, [playing, stepIndex, result]);

  const nodeName = (id: string) => {
    const n = scenario.nodes.find((x) => x.id === id);
    return n ? n.label || NODE_CATALOGUE[n.type].title : id;
  };
  const messagesSoFar = useMemo(() => {
    if (!result) return [];
    const now = result.steps[stepIndex]?.at ?? result.end;
    return result.messages.filter((m) => m.at <= now);
  }, [result, stepIndex]);

  return (
    <div className="panel-section simulation" data-testid="simulation-panel">
      <h2>Simulate a contact</h2>
      <p className="muted">Replay one contact’s path on a virtual clock before anything is sent for real. Nothing leaves the browser.</p>
      <details open>
        <summary>Contact</summary>
        <SchemaForm schema={ContactProfile as unknown as ZodLike} value={draft.contact} onChange={(v) => setDraft({ ...draft, contact: v as ContactProfile })} context={{ errors: new Map() }} />
      </details>
      <details open>
        <summary>Timeline of events ({draft.events.length})</summary>
        <SchemaForm label="Events" schema={Timeline as unknown as ZodLike} value={draft.events} onChange={(v) => setDraft({ ...draft, events: v as TimelineEntry[] })} context={{ errors: new Map() }} />
      </details>
      <div className="row">
        <div className="field grow">
          <label htmlFor="sim-start">Clock starts</label>
          <input id="sim-start" type="text" value={draft.start} onChange={(e) => setDraft({ ...draft, start: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="sim-until">Run for</label>
          <input id="sim-until" type="text" size={5} value={draft.until} onChange={(e) => setDraft({ ...draft, until: e.target.value })} />
        </div>
      </div>
      <div className="row">
        <button type="button" className="primary" onClick={run}>
          ▶ Run simulation
        </button>
        {result && (
          <button type="button" onClick={() => { setResult(null); setError(null); }}>
            Clear
          </button>
        )}
      </div>
      {error && (
        <div className="callout error" role="alert">
          {error}
        </div>
      )}
      {result && (
        <div className="sim-result" data-testid="sim-result" ref={resultBox}>
          <div className={`sim-status status-${result.status}`}>
            {result.status === 'not_entered' && 'The contact never entered: check the trigger and the timeline.'}
            {result.status === 'active' && `Still in the journey, waiting at ${nodeName(result.at ?? '')}.`}
            {result.status === 'exited' && 'Left the journey.'}
            {result.status === 'converted' && 'Converted ★'}
            {result.status === 'completed' && 'Reached the goal without the goal happening: completed, not converted.'}
            {result.passes > 1 && ` (${result.passes} passes)`}
          </div>
          {result.steps.length > 0 && (
            <div className="stepper">
              <button type="button" onClick={() => setStepIndex(0)} aria-label="First step" disabled={stepIndex === 0}>⏮</button>
              <button type="button" onClick={() => setStepIndex(Math.max(0, stepIndex - 1))} aria-label="Previous step" disabled={stepIndex === 0}>◀</button>
              <button type="button" onClick={() => { if (stepIndex >= result.steps.length - 1) setStepIndex(0); setPlaying(!playing); }} aria-label={playing ? 'Pause' : 'Play'}>
                {playing ? '⏸' : '▶'}
              </button>
              <button type="button" onClick={() => setStepIndex(Math.min(result.steps.length - 1, stepIndex + 1))} aria-label="Next step" disabled={stepIndex >= result.steps.length - 1}>▶▶</button>
              <span className="clock" data-testid="sim-clock">
                Step {stepIndex + 1}/{result.steps.length} · {new Date(result.steps[stepIndex].at).toISOString().slice(0, 16).replace('T', ' ')} UTC ·{' '}
                {sinceStart(result.steps[stepIndex].at, result.start)}
              </span>
            </div>
          )}
          <ol className="trace">
            {result.steps.map((s, i) => (
              <li key={i} className={`${i === stepIndex ? 'current' : ''} ${i > stepIndex ? 'future' : ''} outcome-${s.failure ? 'failed' : s.outcome}`}>
                <button type="button" className="link" onClick={() => setStepIndex(i)}>
                  <span className="t">{sinceStart(s.at, result.start)}</span>
                  <span className="n">{nodeName(s.node)}</span>
                  <span className="o">
                    {s.failure ? 'failed' : (OUTCOME_LABEL[s.outcome] ?? s.outcome)}
                    {s.output ? ` → ${s.output}` : ''}
                    {s.until ? ` until ${sinceStart(s.until, result.start)}` : ''}
                  </span>
                  {(s.failure ?? s.reason) && <span className="r">{s.failure ?? s.reason}</span>}
                </button>
              </li>
            ))}
          </ol>
          <h3>Messages that would be sent ({messagesSoFar.length}/{result.messages.length})</h3>
          {result.messages.length === 0 ? (
            <p className="empty">No message would be sent.</p>
          ) : (
            <ul className="sim-messages">
              {result.messages.map((m, i) => (
                <li key={i} className={`${m.at > (result.steps[stepIndex]?.at ?? 0) ? 'future' : ''} ${m.failure ? 'failed' : ''}`}>
                  <span className="chip">{m.channel}</span> {m.template ? (scenario.templates.find((t) => t.id === m.template)?.name ?? m.template) : ''}{' '}
                  <span className="muted">
                    {sinceStart(m.at, result.start)} at {nodeName(m.node)}
                  </span>
                  {m.failure && (
                    <div className="sim-failure">
                      Would fail: {m.failure}
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <SavedTests
        scenario={scenario}
        current={result && ranWith ? { input: { contact: ranWith.contact, events: ranWith.events, start: ranWith.start, until: ranWith.until || undefined }, result } : null}
        onLoad={(t) => {
          setDraft({ contact: t.contact, events: t.events, start: t.start ?? DEFAULT_SIMULATION_START, until: t.until ?? '90d' });
          setResult(null);
        }}
      />
    </div>
  );
}
