import { useState } from 'react';
import { MESSAGE_CHANNELS, isContactChoice, type ChannelDistribution, type HeldBackByRule, type MessageChannel, type PressureForecast } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { currentLanguage, useTranslation } from '../i18n/index.ts';
import { formatNumber } from '../ui/format.ts';
import { href } from '../router.ts';

/** Capped contacts listed by id before "and N more". */
const LISTED = 12;

/**
 * "Forecast pressure": saves the draft, then asks the server what a sample of real contacts would receive per week
 * if this draft went live next to every live scenario, under the operator's caps and quiet hours.
 */
export function ForecastButton(props: { scenarioId: string; beforeRun: () => Promise<unknown> }) {
  const { t } = useTranslation();
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
      <button type="button" onClick={() => void run()} title={t('forecast.buttonHint')}>
        {t('forecast.button')}
      </button>
      {open && (
        <div className="modal-backdrop" onClick={() => setOpen(false)}>
          <div className="modal card forecast" role="dialog" aria-label={t('forecast.title')} onClick={(e) => e.stopPropagation()}>
            <div className="row">
              <h2 className="grow">{t('forecast.title')}</h2>
              <button type="button" onClick={() => void run()} disabled={state.loading}>
                {t('forecast.runAgain')}
              </button>
              <button type="button" className="link" aria-label={t('common.close')} onClick={() => setOpen(false)}>
                ×
              </button>
            </div>
            {state.loading && <p className="loading">{t('forecast.simulating')}</p>}
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
  const { t } = useTranslation();
  if (forecast.contacts === 0) {
    return (
      <div className="empty-state" data-testid="forecast-empty">
        <strong>{t('forecast.noContacts')}</strong>
        <p>{t('forecast.noContactsText')}</p>
      </div>
    );
  }
  const channels = MESSAGE_CHANNELS.filter((c) => forecast.channels[c].max > 0 || forecast.heldBack.some((h) => h.channel === c));
  return (
    <div data-testid="forecast">
      <p className="muted">{t('forecast.sampled', { count: forecast.contacts, weeks: t('forecast.weeks', { count: forecast.weeks }) })}</p>
      <h3>{t('forecast.perWeek')}</h3>
      {channels.length === 0 && <p className="empty">{t('forecast.nothingSent')}</p>}
      {channels.map((c) => (
        <ChannelView key={c} channel={c} distribution={forecast.channels[c]} />
      ))}
      <h3>{t('forecast.shares')}</h3>
      <ScenarioShares forecast={forecast} scenarioId={scenarioId} />
      <h3>{t('forecast.capped')}</h3>
      <CappedContacts ids={forecast.cappedContacts} sampled={forecast.contacts} />
      <h3>{t('respect.forecast.choicesTitle')}</h3>
      <HeldBack groups={forecast.heldBackByRule.filter((g) => isContactChoice(g.rule))} label={t('respect.forecast.choicesLabel')} none={t('respect.forecast.noChoiceHeld')} />
      <h3>{t('forecast.heldBack')}</h3>
      <HeldBack groups={forecast.heldBackByRule.filter((g) => !isContactChoice(g.rule))} label={t('forecast.heldLabel')} none={t('forecast.nothingHeld')} />
    </div>
  );
}

function ChannelView({ channel, distribution: d }: { channel: MessageChannel; distribution: ChannelDistribution }) {
  const { t } = useTranslation();
  // Every count from 0 to the worst, so the gaps show as gaps.
  const counts = new Map(d.histogram.map((h) => [h.messages, h.contactWeeks]));
  const bars = Array.from({ length: d.max + 1 }, (_, messages) => ({ messages, contactWeeks: counts.get(messages) ?? 0 }));
  const tallest = Math.max(1, ...bars.map((b) => b.contactWeeks));
  const mean = new Intl.NumberFormat(currentLanguage(), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return (
    <div className="forecast-channel" data-channel={channel}>
      <div className="row">
        <strong>{t(`forecast.channel.${channel}`)}</strong>
        <span className="muted" data-testid={`stats-${channel}`}>
          {t('forecast.stats', { mean: mean.format(d.mean), median: formatNumber(d.p50), p95: formatNumber(d.p95), max: formatNumber(d.max) })}
        </span>
      </div>
      <div className="histogram" role="img" aria-label={t('forecast.histogram', { channel: t(`forecast.channel.${channel}`) })}>
        {bars.map((b) => (
          <div key={b.messages} className="histogram-bar" title={t('forecast.bar', { count: b.contactWeeks, messages: t('forecast.messages', { count: b.messages }) })}>
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
  const { t } = useTranslation();
  const total = (m: Record<MessageChannel, number>) => MESSAGE_CHANNELS.reduce((sum, c) => sum + m[c], 0);
  const all = forecast.byScenario.reduce((sum, s) => sum + total(s.messages), 0);
  const rows = [...forecast.byScenario].sort((a, b) => total(b.messages) - total(a.messages));
  return (
    <table className="table" aria-label={t('forecast.sharesLabel')}>
      <thead>
        <tr>
          <th>{t('forecast.scenario')}</th>
          {MESSAGE_CHANNELS.map((c) => (
            <th key={c}>{t(`forecast.channel.${c}`)}</th>
          ))}
          <th>{t('forecast.share')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.scenarioId} className={s.scenarioId === scenarioId ? 'selected' : undefined}>
            <td>
              {s.scenarioId}
              {s.scenarioId === scenarioId && <span className="muted">{t('forecast.thisDraft')}</span>}
            </td>
            {MESSAGE_CHANNELS.map((c) => (
              <td key={c}>{s.messages[c]}</td>
            ))}
            <td>{all === 0 ? '—' : t('forecast.sharePercent', { percent: Math.round((total(s.messages) / all) * 100) })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CappedContacts({ ids, sampled }: { ids: string[]; sampled: number }) {
  const { t } = useTranslation();
  if (ids.length === 0) return <p className="muted">{t('forecast.noneCapped')}</p>;
  return (
    <p data-testid="capped">
      <strong>{t('forecast.cappedCount', { count: ids.length, sampled })}</strong>
      {t('common.colon')}
      {ids.slice(0, LISTED).map((id, i) => (
        <span key={id}>
          {i > 0 && ', '}
          <a href={href({ page: 'contacts', id })}>{id}</a>
        </span>
      ))}
      {ids.length > LISTED && <span className="muted">{t('forecast.more', { count: ids.length - LISTED })}</span>}
    </p>
  );
}

/** Held-back sends per rule and channel, as the forecast summed them. */
function HeldBack({ groups, label, none }: { groups: HeldBackByRule[]; label: string; none: string }) {
  const { t } = useTranslation();
  if (groups.length === 0) return <p className="muted">{none}</p>;
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr>
          <th>{t('forecast.rule')}</th>
          <th>{t('forecast.channelHead')}</th>
          <th>{t('forecast.skipped')}</th>
          <th>{t('forecast.deferred')}</th>
          <th>{t('respect.forecast.contacts')}</th>
          <th>{t('forecast.example')}</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={`${g.rule}/${g.channel}`} data-rule={g.rule}>
            <td>{t(`rules.${g.rule}`)}</td>
            <td>{t(`forecast.channel.${g.channel}`)}</td>
            <td>{g.skipped}</td>
            <td>{g.deferred}</td>
            <td>{g.contacts}</td>
            <td className="muted small">{g.example}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
