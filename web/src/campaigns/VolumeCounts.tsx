import type { CampaignRunAnswer } from '@parcours/shared';
import { useTranslation } from '../i18n/index.ts';

/** A run's volume figures in its report: how many contacts widening added and how many members the ceiling left out. */
export function VolumeCounts({ run }: { run: Pick<CampaignRunAnswer, 'widened' | 'overCeiling'> }) {
  const { t } = useTranslation();
  if (run.widened === 0 && run.overCeiling === 0) return <span className="muted">—</span>;
  return (
    <ul className="plain">
      {run.widened > 0 && <li data-testid="run-widened">{t('campaignVolume.report.widened', { count: run.widened })}</li>}
      {run.overCeiling > 0 && <li data-testid="run-over-ceiling">{t('campaignVolume.report.overCeiling', { count: run.overCeiling })}</li>}
    </ul>
  );
}
