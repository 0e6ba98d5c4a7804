import type { CampaignRunAnswer, CampaignSkipReason, PressureRule } from '@parcours/shared';
import { useTranslation } from '../i18n/index.ts';
import { formatNumber, formatWhen } from '../ui/format.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';
import { useCampaignRuns } from './queries.ts';

/** The statuses of a message in the outbox, as the report counts them. */
type OutboxStatus = 'pending' | 'sandboxed' | 'sent' | 'skipped' | 'failed';

/** "in_journey: 2, reentry: 1" in words; with nothing to break down, a dash where `dash` says so, else nothing. */
function Breakdown({ counts, label, dash = true }: { counts: Record<string, number>; label: (key: string) => string; dash?: boolean }) {
  const entries = Object.entries(counts);
  if (entries.length === 0) return dash ? <span className="muted">—</span> : null;
  return (
    <ul className="plain">
      {entries.map(([key, n]) => (
        <li key={key}>
          {label(key)}: {formatNumber(n)}
        </li>
      ))}
    </ul>
  );
}

/** Each run of a campaign: who it had, whom it started, whom it skipped and why, and what the journey's sends became. */
export function RunReport({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const runs = useCampaignRuns(campaignId);
  const heldBack = (key: string) => {
    const [outcome, rule] = key.split(':');
    return t(outcome === 'deferred' ? 'campaigns.report.deferredBy' : 'campaigns.report.skippedBy', { rule: t(`rules.${rule as PressureRule}`) });
  };
  return (
    <section className="campaign-report">
      <h3>{t('campaigns.report.title')}</h3>
      <QueryStatus query={runs} />
      {runs.data?.items.length === 0 && <p className="empty">{t('campaigns.report.none')}</p>}
      {runs.data && runs.data.items.length > 0 && (
        <table className="table" aria-label={t('campaigns.report.title')}>
          <thead>
            <tr>
              <th>{t('campaigns.report.run')}</th>
              <th>{t('campaigns.report.audience')}</th>
              <th>{t('campaigns.report.enrolled')}</th>
              <th>{t('campaigns.report.pending')}</th>
              <th>{t('campaigns.report.skipped')}</th>
              <th>{t('campaigns.report.messages')}</th>
              <th>{t('campaigns.report.heldBack')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.items.map((run: CampaignRunAnswer) => (
              <tr key={run.id} data-testid="campaign-run">
                <td>
                  {run.day}
                  <div className="muted small">{run.finishedAt ? t('campaigns.report.finished', { when: formatWhen(run.finishedAt) }) : t('campaigns.report.underWay', { when: formatWhen(run.startedAt) })}</div>
                </td>
                <td data-testid="run-audience">{formatNumber(run.audience)}</td>
                <td data-testid="run-enrolled">{formatNumber(run.enrolled)}</td>
                <td>{formatNumber(run.pending)}</td>
                <td>
                  {formatNumber(run.skipped)}
                  <Breakdown dash={false} counts={run.skippedBy} label={(reason) => t(`campaigns.reason.${reason as CampaignSkipReason}`)} />
                </td>
                <td data-testid="run-messages">
                  <Breakdown counts={run.messages} label={(status) => t(`campaigns.messageStatus.${status as OutboxStatus}`)} />
                </td>
                <td data-testid="run-held-back">
                  <Breakdown counts={run.heldBack} label={heldBack} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
