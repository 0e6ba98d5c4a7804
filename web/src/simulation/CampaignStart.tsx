import { useId, useState } from 'react';
import { DURATION_PATTERN, type SegmentAnswer, type SimulationResult, type TimelineEntry } from '@parcours/shared';
import { useTranslation } from '../i18n/index.ts';
import { sinceStart } from './path.ts';

/** A timeline time the simulator reads: an offset ("2h", "3d") or an ISO instant. */
const isTimelineTime = (at: string) => DURATION_PATTERN.test(at) || !Number.isNaN(Date.parse(at));

/**
 * Adds "a campaign starts the journey at …" to the simulation's timeline, optionally on one of the saved segments
 * (the contact must then be in it at that instant, as a campaign run checks).
 */
export function CampaignStartForm(props: { segments: readonly SegmentAnswer[]; onAdd: (entry: TimelineEntry) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [at, setAt] = useState('1d');
  const [segment, setSegment] = useState('');
  const [bad, setBad] = useState(false);
  const add = () => {
    if (!isTimelineTime(at.trim())) return setBad(true);
    setBad(false);
    props.onAdd({ at: at.trim(), campaign: true, ...(segment ? { segment } : {}) });
  };
  return (
    <details className="sim-campaign" data-testid="sim-campaign">
      <summary>{t('simCampaign.title')}</summary>
      <p className="muted">{t('simCampaign.intro')}</p>
      <div className="row">
        <div className="field">
          <label htmlFor={`${id}-at`}>{t('simCampaign.at')}</label>
          <input id={`${id}-at`} type="text" size={8} value={at} title={t('simCampaign.atHint')} aria-invalid={bad} onChange={(e) => setAt(e.target.value)} />
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
      {bad && (
        <div className="field-error" role="alert">
          {t('simCampaign.badTime')}
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
