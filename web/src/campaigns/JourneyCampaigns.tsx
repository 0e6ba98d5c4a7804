import { useTranslation } from '../i18n/index.ts';
import { useCan } from '../people/session.ts';
import { href } from '../router.ts';
import { formatWhen } from '../ui/format.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';
import { NEW_CAMPAIGN } from './CampaignsPage.tsx';
import { ScheduleText } from './ScheduleText.tsx';
import { useCampaigns } from './queries.ts';

/**
 * Under a journey's entry: the campaigns that start it (a campaign enters its audience whatever the entry node
 * says), each with its schedule and next run, and a link to schedule one more for this journey (or the message
 * campaign that owns it).
 */
export function JourneyCampaigns({ scenarioId }: { scenarioId: string }) {
  const { t } = useTranslation();
  const campaigns = useCampaigns();
  const mayWrite = useCan()('publisher');
  const items = campaigns.data?.items ?? [];
  // A message campaign's own journey has the campaign's id, and no other campaign may start it.
  const owned = items.some((c) => c.action.kind === 'message' && c.id === scenarioId);
  const starting = items.filter((c) => (c.action.kind === 'journey' ? c.action.scenario === scenarioId : c.id === scenarioId) && c.status !== 'cancelled');
  return (
    <section className="field-hint journey-campaigns" data-testid="journey-campaigns" aria-label={t('journeyCampaigns.title')}>
      <h3>{t('journeyCampaigns.title')}</h3>
      <QueryStatus query={campaigns} />
      {campaigns.data && starting.length === 0 && <p>{t('journeyCampaigns.none')}</p>}
      {starting.length > 0 && (
        <ul>
          {starting.map((c) => (
            <li key={c.id}>
              <a href={href({ page: 'campaigns', id: c.id })}>{c.name}</a>: <ScheduleText campaign={c} />
              {'. '}
              {c.nextRunAt ? t('campaigns.nextRun', { when: formatWhen(c.nextRunAt) }) : t('campaigns.noNextRun')}
              {c.status === 'paused' && <> ({t('campaigns.status.paused')})</>}
            </li>
          ))}
        </ul>
      )}
      {mayWrite && !owned && <a href={href({ page: 'campaigns', id: NEW_CAMPAIGN, journey: scenarioId })}>{t('journeyCampaigns.schedule')}</a>}
    </section>
  );
}
