import { useEffect, useMemo, useRef, useState } from 'react';
import {
  ContactProfile,
  DEFAULT_SIMULATION_START,
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
import { useTranslation } from '../i18n/index.ts';
import { nodeName as nameOfNode } from '../i18n/nodes.ts';
import { outputLabel } from '../editor/summary.ts';
import { useSegments } from '../segments/queries.ts';
import { CampaignStartForm, CampaignStarts } from './CampaignStart.tsx';

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

/** One contact's path on a virtual clock, run in the browser by the same engine as the server. */
export function SimulationPanel(props: { scenario: Scenario; problems: Problems }) {
  const { scenario } = props;
  const { t } = useTranslation();
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
  // The saved segments, as the server's simulation has them: membership entries and a campaign start's segment read them.
  const savedSegments = useSegments().data?.items;

  const run = () => {
    setError(null);
    setPlaying(false);
    if (!props.problems.ok) {
      setResult(null);
      setError(t('simulation.fixFirst', { count: props.problems.errors.length }));
      return;
    }
    try {
      const segments = savedSegments?.map(({ id, condition }) => ({ id, condition }));
      const r = simulate(scenario, { contact: draft.contact, events: draft.events, start: draft.start, until: draft.until || undefined, segments });
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
    const timer = setTimeout(() => setStepIndex((i) => i + 1), 600);
    return () => clearTimeout(timer);
  }, [playing, stepIndex, result]);

  const nodeName = (id: string) => {
    const n = scenario.nodes.find((x) => x.id === id);
    return n ? nameOfNode(n) : id;
  };
  /** The output a step left by, as the canvas labels it ("Yes", "Timed out", a split arm). */
  const stepOutput = (id: string, output: string) => {
    const n = scenario.nodes.find((x) => x.id === id);
    return n ? outputLabel(n, output) : output;
  };
  const messagesSoFar = useMemo(() => {
    if (!result) return [];
    const now = result.steps[stepIndex]?.at ?? result.end;
    return result.messages.filter((m) => m.at <= now);
  }, [result, stepIndex]);

  return (
    <div className="panel-section simulation" data-testid="simulation-panel">
      <h2>{t('simulation.title')}</h2>
      <p className="muted">{t('simulation.intro')}</p>
      <details open>
        <summary>{t('simulation.contact')}</summary>
        <SchemaForm schema={ContactProfile as unknown as ZodLike} value={draft.contact} onChange={(v) => setDraft({ ...draft, contact: v as ContactProfile })} context={{ errors: new Map() }} />
      </details>
      <details open>
 <summary>{t('simulation.timeline', { count: draft.events.length })}</summary>
        <SchemaForm label={t('simulation.events')} schema={Timeline as unknown as ZodLike} value={draft.events} onChange={(v) => setDraft({ ...draft, events: v as TimelineEntry[] })} context={{ errors: new Map() }} />
      </details>
      <CampaignStartForm segments={savedSegments ?? []} onAdd={(entry) => setDraft({ ...draft, events: [...draft.events, entry] })} />
      <div className="row">
        <div className="field grow">
          <label htmlFor="sim-start">{t('simulation.start')}</label>
          <input id="sim-start" type="text" value={draft.start} onChange={(e) => setDraft({ ...draft, start: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="sim-until">{t('simulation.until')}</label>
          <input id="sim-until" type="text" size={5} value={draft.until} onChange={(e) => setDraft({ ...draft, until: e.target.value })} />
        </div>
      </div>
      <div className="row">
        <button type="button" className="primary" onClick={run}>
          {t('simulation.run')}
        </button>
        {result && (
          <button type="button" onClick={() => { setResult(null); setError(null); }}>
            {t('simulation.clear')}
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
            {result.status === 'not_entered' && t('simulation.status.not_entered')}
            {result.status === 'active' && t('simulation.status.active', { node: nodeName(result.at ?? '') })}
            {result.status === 'exited' && t('simulation.status.exited')}
            {result.status === 'converted' && t('simulation.status.converted')}
            {result.status === 'completed' && t('simulation.status.completed')}
            {result.passes > 1 && ` ${t('simulation.passes', { count: result.passes })}`}
          </div>
          {result.steps.length > 0 && (
            <div className="stepper">
              <button type="button" onClick={() => setStepIndex(0)} aria-label={t('simulation.first')} disabled={stepIndex === 0}>⏮</button>
              <button type="button" onClick={() => setStepIndex(Math.max(0, stepIndex - 1))} aria-label={t('simulation.previous')} disabled={stepIndex === 0}>◀</button>
              <button type="button" onClick={() => { if (stepIndex >= result.steps.length - 1) setStepIndex(0); setPlaying(!playing); }} aria-label={playing ? t('simulation.pause') : t('simulation.play')}>
                {playing ? '⏸' : '▶'}
              </button>
              <button type="button" onClick={() => setStepIndex(Math.min(result.steps.length - 1, stepIndex + 1))} aria-label={t('simulation.next')} disabled={stepIndex >= result.steps.length - 1}>▶▶</button>
              <span className="clock" data-testid="sim-clock">
                {t('simulation.step', { step: stepIndex + 1, steps: result.steps.length })} · {new Date(result.steps[stepIndex].at).toISOString().slice(0, 16).replace('T', ' ')} UTC ·{' '}
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
                    {s.failure ? t('simulation.failed') : t(`simulation.outcome.${s.outcome}`)}
                    {s.output && stepOutput(s.node, s.output) ? ` → ${stepOutput(s.node, s.output)}` : ''}
                    {s.until ? ` ${t('simulation.untilTime', { time: sinceStart(s.until, result.start) })}` : ''}
                  </span>
                  {/* A held-back send names its rule in words; a delivery failure and other reasons are the engine's own (English) words. */}
                  {(s.failure || s.rule || s.reason) && <span className="r" title={s.reason}>{s.failure ?? (s.rule ? t(`rules.${s.rule}`) : s.reason)}</span>}
                </button>
              </li>
            ))}
          </ol>
          <CampaignStarts result={result} />
          <h3>{t('simulation.messages', { shown: messagesSoFar.length, total: result.messages.length })}</h3>
          {result.messages.length === 0 ? (
            <p className="empty">{t('simulation.noMessage')}</p>
          ) : (
            <ul className="sim-messages">
              {result.messages.map((m, i) => (
                <li key={i} className={`${m.at > (result.steps[stepIndex]?.at ?? 0) ? 'future' : ''} ${m.failure ? 'failed' : ''}`}>
                  <span className="chip">{m.channel}</span> {m.template ? (scenario.templates.find((t) => t.id === m.template)?.name ?? m.template) : ''}{' '}
                  <span className="muted">
                    {t('simulation.messageAt', { time: sinceStart(m.at, result.start), node: nodeName(m.node) })}
                  </span>
                  {m.failure && (
                    <div className="sim-failure">
                      {t('simulation.wouldFail', { reason: m.failure })}
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
