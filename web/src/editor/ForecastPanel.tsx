import { useState } from 'react';
import { MESSAGE_CHANNELS, type ChannelDistribution, type HeldBackMessage, type MessageChannel, type PressureForecast, type PressureRule } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { href } from '../router.ts';

const RULE_TEXT: Record<PressureRule, string> = {
  consent: 'No consent',
  suppressed: 'Suppressed address',
  quiet_hours: 'Quiet hours',
  frequency_cap: 'Frequency cap',
  repeat: 'Already received',
};

/** Capped contacts listed by id before "and N more". */
const LISTED = 12;

/**
 * "Forecast pressure": saves the draft, then asks the server what a sample of real contacts would receive per week
 * if this draft went live next to every live scenario, under the operator's caps and quiet hours.
 */
export function ForecastButton(props: { scenarioId: string; beforeRun: () => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<{ loading: boolean; forecast?: PressureForecast; error?: unknown }>({ loading: false });
  const run = async () => {
    setOpen(true);
    setState({ loading: true });
    try {
      await props.beforeRun();
      setState({ loading: false, forecast: await api.forecast(props.scenarioId) });
    } catch (error) {
      setState({ loading: false, error });
    }
  };
  return (
    <>
      <button type="button" onClick={() => void run()} title="What contacts would receive per week with this draft live">
        Forecast pressure
      </button>
      {open && (
        <div className="modal-backdrop" onClick={() => setOpen(false)}>
          <div className="modal card forecast" role="dialog" aria-label="Pressure forecast" onClick={(e) => e.stopPropagation()}>
            <div className="row">
              <h2 className="grow">Pressure forecast</h2>
              <button type="button" onClick={() => void run()} disabled={state.loading}>
                Run again
              </button>
              <button type="button" className="link" aria-label="Close" onClick={() => setOpen(false)}>
                ×
              </button>
            </div>
            {state.loading && <p className="loading">Simulating contacts…</p>}
            {state.error !== undefined && (
              <div className="callout error" role="alert">
                {describeError(state.error)}
              </div>
            )}
            {state.forecast && <ForecastView forecast={state.forecast} scenarioId={props.scenarioId} />}
          </div>
        </div>
      )}
    </>
  );
}

/** A forecast as a marketer reads it: per channel, per scenario, who hits a cap, what is held back and why. */
export function ForecastView({ forecast, scenarioId }: { forecast: PressureForecast; scenarioId: string }) {
  if (forecast.contacts === 0) {
    return (
      <div className="empty-state" data-testid="forecast-empty">
        <strong>No contacts yet</strong>
        <p>
          The forecast replays the recent behaviour of real contacts. Once contacts and events arrive (from your site, or through the API), it shows what
          they would receive per week.
        </p>
      </div>
    );
  }
  const channels = MESSAGE_CHANNELS.filter((c) => forecast.channels[c].max > 0 || forecast.heldBack.some((h) => h.channel === c));
  return (
    <div data-testid="forecast">
      <p className="muted">
        {forecast.contacts} contact{forecast.contacts === 1 ? '' : 's'} sampled, over {forecast.weeks} week{forecast.weeks === 1 ? '' : 's'}, as if this
        draft were live next to every live scenario and each contact behaved as lately.
      </p>
      <h3>Messages per contact per week</h3>
      {channels.length === 0 && <p className="empty">No email, SMS or push would be sent.</p>}
      {channels.map((c) => (
        <ChannelView key={c} channel={c} distribution={forecast.channels[c]} />
      ))}
      <h3>Each scenario’s share</h3>
      <ScenarioShares forecast={forecast} scenarioId={scenarioId} />
      <h3>Contacts who would hit a cap</h3>
      <CappedContacts ids={forecast.cappedContacts} sampled={forecast.contacts} />
      <h3>Held back</h3>
      <HeldBack items={forecast.heldBack} />
    </div>
  );
}

function ChannelView({ channel, distribution: d }: { channel: MessageChannel; distribution: ChannelDistribution }) {
  // Every count from 0 to the worst, so the gaps show as gaps.
  const counts = new Map(d.histogram.map((h) => [h.messages, h.contactWeeks]));
  const bars = Array.from({ length: d.max + 1 }, (_, messages) => ({ messages, contactWeeks: counts.get(messages) ?? 0 }));
  const tallest = Math.max(1, ...bars.map((b) => b.contactWeeks));
  return (
    <div className="forecast-channel" data-channel={channel}>
      <div className="row">
        <strong>{channel === 'sms' ? 'SMS' : channel}</strong>
        <span className="muted" data-testid={`stats-${channel}`}>
          mean {d.mean.toFixed(1)} · median {d.p50} · p95 {d.p95} · max {d.max}
        </span>
      </div>
      <div className="histogram" role="img" aria-label={`${channel}: contact-weeks by messages per week`}>
        {bars.map((b) => (
          <div key={b.messages} className="histogram-bar" title={`${b.contactWeeks} contact-week${b.contactWeeks === 1 ? '' : 's'} with ${b.messages} message${b.messages === 1 ? '' : 's'}`}>
            <span className="small muted">{b.contactWeeks || ''}</span>
            <div className="bar" style={{ height: `${(b.contactWeeks / tallest) * 100}%` }} data-messages={b.messages} data-count={b.contactWeeks} />
          </div>
        ))}
      </div>
      <div className="histogram-axis" aria-hidden>
        {bars.map((b) => (
          <span key={b.messages}>{b.messages}</span>
        ))}
      </div>
    </div>
  );
}

function ScenarioShares({ forecast, scenarioId }: { forecast: PressureForecast; scenarioId: string }) {
  const total = (m: Record<MessageChannel, number>) => MESSAGE_CHANNELS.reduce((sum, c) => sum + m[c], 0);
  const all = forecast.byScenario.reduce((sum, s) => sum + total(s.messages), 0);
  const rows = [...forecast.byScenario].sort((a, b) => total(b.messages) - total(a.messages));
  return (
    <table className="table" aria-label="Share per scenario">
      <thead>
        <tr>
          <th>Scenario</th>
          {MESSAGE_CHANNELS.map((c) => (
            <th key={c}>{c === 'sms' ? 'SMS' : c}</th>
          ))}
          <th>Share</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.scenarioId} className={s.scenarioId === scenarioId ? 'selected' : undefined}>
            <td>
              {s.scenarioId}
              {s.scenarioId === scenarioId && <span className="muted"> (this draft)</span>}
            </td>
            {MESSAGE_CHANNELS.map((c) => (
              <td key={c}>{s.messages[c]}</td>
            ))}
            <td>{all === 0 ? '—' : `${Math.round((total(s.messages) / all) * 100)} %`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CappedContacts({ ids, sampled }: { ids: string[]; sampled: number }) {
  if (ids.length === 0) return <p className="muted">None: no contact of the sample would reach a frequency cap.</p>;
  return (
    <p data-testid="capped">
      <strong>
        {ids.length} of {sampled} contacts
      </strong>
      {': '}
      {ids.slice(0, LISTED).map((id, i) => (
        <span key={id}>
          {i > 0 && ', '}
          <a href={href({ page: 'contacts', id })}>{id}</a>
        </span>
      ))}
      {ids.length > LISTED && <span className="muted"> and {ids.length - LISTED} more</span>}
    </p>
  );
}

function HeldBack({ items }: { items: HeldBackMessage[] }) {
  if (items.length === 0) return <p className="muted">Nothing: every message would go out.</p>;
  const groups = new Map<string, { rule: PressureRule; channel: MessageChannel; skipped: number; deferred: number; example: string }>();
  for (const h of items) {
    const key = `${h.rule}/${h.channel}`;
    const g = groups.get(key) ?? { rule: h.rule, channel: h.channel, skipped: 0, deferred: 0, example: h.reason };
    g[h.outcome]++;
    groups.set(key, g);
  }
  return (
    <table className="table" aria-label="Held back by rule">
      <thead>
        <tr>
          <th>Rule</th>
          <th>Channel</th>
          <th>Skipped</th>
          <th>Deferred</th>
          <th>For example</th>
        </tr>
      </thead>
      <tbody>
        {[...groups.values()].map((g) => (
          <tr key={`${g.rule}/${g.channel}`} data-rule={g.rule}>
            <td>{RULE_TEXT[g.rule]}</td>
            <td>{g.channel}</td>
            <td>{g.skipped}</td>
            <td>{g.deferred}</td>
            <td className="muted small">{g.example}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
