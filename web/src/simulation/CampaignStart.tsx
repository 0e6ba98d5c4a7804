import { useId, useState } from 'react';
import { DEFAULT_CAMPAIGN_ZONE, DURATION_PATTERN, isValidTimeZone, type SegmentAnswer, type SimulationResult, type TimelineEntry } from '@parcours/shared';
import { useTranslation } from '../i18n/index.ts';
import { sinceStart } from './path.ts';

/** A timeline time the simulator reads: an offset ("2h", "3d") or an ISO instant. */
const isTimelineTime = (at: string) => DURATION_PATTERN.test(at) || !Number.isNaN(Date.parse(at));

/**
 * Adds "a campaign starts the journey at …" to the simulation's timeline, optionally on one of the saved segments
 * (the contact must then be in it at that instant, as a campaign run checks), and optionally at each contact's local
 * time: the time of day, read in the campaign's zone, then reaches the contact at that time in their own zone.
 */
export function CampaignStartForm(props: { segments: readonly SegmentAnswer[]; onAdd: (entry: TimelineEntry) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [at, setAt] = useState('1d');
  const [segment, setSegment] = useState('');
  const [localTime, setLocalTime] = useState(false);
  const [zone, setZone] = useState(DEFAULT_CAMPAIGN_ZONE);
  const [bad, setBad] = useState<'time' | 'zone' | null>(null);
  const add = () => {
    if (!isTimelineTime(at.trim())) return setBad('time');
    if (localTime && !isValidTimeZone(zone.trim())) return setBad('zone');
    setBad(null);
    props.onAdd({ at: at.trim(), campaign: true, ...(segment ? { segment } : {}), ...(localTime ? { localTime, timeZone: zone.trim() } : {}) });
  };
  return (
    <details className="sim-campaign" data-testid="sim-campaign">
      <summary>{t('simCampaign.title')}</summary>
      <p className="muted">{t('simCampaign.intro')}</p>
      <div className="row">
        <div className="field">
          <label htmlFor={`${id}-at`}>{t('simCampaign.at')}</label>
          <input id={`${id}-at`} type="text" size={8} value={at} title={t('simCampaign.atHint')} aria-invalid={bad === 'time'} onChange={(e) => setAt(e.target.value)} />
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-segment`}>{t('simCampaign.segment')}</label>
          <select id={`${id}-segment`} value={segment} onChange={(e) => setSegment(e.target.value)}>
            <option value="">{t('simCampaign.anySegment')}</option>
            {props.segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label className="check">
        <input type="checkbox" checked={localTime} onChange={(e) => setLocalTime(e.target.checked)} /> {t('simCampaignLocal.localTime')}
      </label>
      {localTime && (
        <>
          <p className="muted small">{t('simCampaignLocal.localTimeHint')}</p>
          <div className="field">
            <label htmlFor={`${id}-zone`}>{t('simCampaignLocal.zone')}</label>
            <input id={`${id}-zone`} type="text" value={zone} aria-invalid={bad === 'zone'} onChange={(e) => setZone(e.target.value)} />
          </div>
        </>
      )}
      {bad && (
        <div className="field-error" role="alert">
          {bad === 'time' ? t('simCampaign.badTime') : t('simCampaignLocal.badZone')}
        </div>
      )}
      <button type="button" onClick={add}>
        {t('simCampaign.add')}
      </button>
    </details>
  );
}

/** What each campaign start of the run did: the journey started (which pass) or why not, in the campaign run's words. */
export function CampaignStarts(props: { result: SimulationResult }) {
  const { t } = useTranslation();
  const { campaigns, start } = props.result;
  if (campaigns.length === 0) return null;
  return (
    <>
      <h3>{t('simCampaign.results')}</h3>
      <ul className="sim-campaign-starts" data-testid="sim-campaign-starts">
        {campaigns.map((c, i) => {
          const at = sinceStart(c.at, start);
          return (
            <li key={i} className={c.status}>
              {c.status === 'enrolled' ? t('simCampaign.started', { at, pass: c.pass }) : t(`simCampaign.skipped.${c.reason}`, { at })}
            </li>
          );
        })}
      </ul>
    </>
  );
}
