import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CampaignAnswer } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { useTranslation } from '../i18n/index.ts';
import { useCan } from '../people/session.ts';
import { href, navigate } from '../router.ts';
import { formatWhen } from '../ui/format.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';
import { AudiencePreview } from './AudiencePreview.tsx';
import { CampaignForm } from './CampaignForm.tsx';
import { RunReport } from './RunReport.tsx';
import { ScheduleText } from './ScheduleText.tsx';
import { VolumeSummary } from './VolumeSummary.tsx';
import { CAMPAIGNS_QUERY, useCampaigns } from './queries.ts';
import { ConfirmButton } from '../ui/ConfirmButton.tsx';

/** `#/campaigns/new` opens the form for a new campaign. */
export const NEW_CAMPAIGN = 'new';

function StatusChip({ campaign }: { campaign: CampaignAnswer }) {
  const { t } = useTranslation();
  return (
    <span className={`chip status-${campaign.status}`} data-testid="campaign-status">
      {t(`campaigns.status.${campaign.status}`)}
    </span>
  );
}

/** Campaigns: the list with each one's status and next run, a new campaign's form, and the selected one's preview and report. */
export function CampaignsPage(props: { id?: string; journey?: string }) {
  const { t } = useTranslation();
  const list = useCampaigns();
  // Starting journeys for a whole segment is a publisher's act (server/src/http/access.ts).
  const mayWrite = useCan()('publisher');
  const selected = props.id && props.id !== NEW_CAMPAIGN ? list.data?.items.find((c) => c.id === props.id) : undefined;
  return (
    <div className="page split campaigns">
      <section className="list-pane">
        <header className="page-head">
          <div>
            <h1>{t('campaigns.title')}</h1>
            <p className="muted">{t('campaigns.intro')}</p>
          </div>
          {mayWrite && (
            <button type="button" className="primary" onClick={() => navigate({ page: 'campaigns', id: NEW_CAMPAIGN })}>
              {t('campaigns.new')}
            </button>
          )}
        </header>
        <QueryStatus query={list} />
        {list.data?.items.length === 0 && <p className="empty">{t('campaigns.empty')}</p>}
        {list.data && list.data.items.length > 0 && (
          <ul className="pick-list" aria-label={t('campaigns.list')}>
            {list.data.items.map((c) => (
              <li key={c.id}>
                <a href={href({ page: 'campaigns', id: c.id })} className={props.id === c.id ? 'active' : ''} data-testid="campaign-row">
                  <strong>{c.name}</strong> <StatusChip campaign={c} />
                  <span className="muted small">{c.nextRunAt ? t('campaigns.nextRun', { when: formatWhen(c.nextRunAt) }) : t('campaigns.noNextRun')}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="detail-pane">
        {props.id === NEW_CAMPAIGN && mayWrite ? (
          <CampaignForm key={props.journey ?? ''} journey={props.journey} />
        ) : selected ? (
          <CampaignDetail key={selected.id} campaign={selected} mayWrite={mayWrite} />
        ) : (
          <p className="empty">{props.id && list.data ? t('campaigns.notFound') : t('campaigns.pick')}</p>
        )}
      </section>
    </div>
  );
}

/** What the campaign does: the journey it starts, or the message it sends (through its own journey, shown read-only). */
function CampaignActionText({ campaign }: { campaign: CampaignAnswer }) {
  const { t } = useTranslation();
  const { action } = campaign;
  if (action.kind === 'journey') {
    return (
      <>
        {t('campaigns.startsJourney')} <a href={href({ page: 'editor', id: action.scenario })}>{action.scenario}</a>
      </>
    );
  }
  const { template } = action;
  const title = template.channel === 'email' ? template.subject : template.channel === 'push' ? template.title : template.text;
  return (
    <>
      {t('campaignMessage.sends', { channel: t(`templates.channel.${template.channel}`), title })}{' '}
      <a href={href({ page: 'editor', id: campaign.id })}>{t('campaignMessage.itsJourney')}</a>
    </>
  );
}

/** One campaign: what it does, when and for how many, pause / resume / cancel, who it would reach now, and each run's report. */
function CampaignDetail({ campaign, mayWrite }: { campaign: CampaignAnswer; mayWrite: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const change = useMutation({
    mutationFn: (verb: 'pause' | 'resume' | 'cancel') => api.changeCampaign(campaign.id, verb),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CAMPAIGNS_QUERY }),
  });
  const open = campaign.status === 'active' || campaign.status === 'paused';
  if (editing) return <CampaignForm campaign={campaign} onDone={() => setEditing(false)} />;
  return (
    <div className="campaign-detail" data-testid="campaign-detail">
      <header className="page-head">
        <div>
          <h2>
            {campaign.name} <StatusChip campaign={campaign} />
          </h2>
          <p>
            <ScheduleText campaign={campaign} />
          </p>
          <p className="muted">
            <CampaignActionText campaign={campaign} />
          </p>
          <VolumeSummary volume={campaign.volume} />
          <p className="muted small">{campaign.nextRunAt ? t('campaigns.nextRun', { when: formatWhen(campaign.nextRunAt) }) : t('campaigns.noNextRun')}</p>
        </div>
        {mayWrite && campaign.status !== 'cancelled' && (
          <div className="row">
            {/* A completed campaign may be edited too: a new date or schedule gives it runs again. */}
            <button type="button" onClick={() => setEditing(true)}>
              {t('campaignMessage.edit')}
            </button>
            {open && (campaign.status === 'active' ? (
              <button type="button" onClick={() => change.mutate('pause')} disabled={change.isPending}>
                {t('campaigns.pause')}
              </button>
            ) : (
              <button type="button" onClick={() => change.mutate('resume')} disabled={change.isPending}>
                {t('campaigns.resume')}
              </button>
            ))}
            {open && (
              <ConfirmButton question={t('campaigns.cancelConfirm', { name: campaign.name })} onConfirm={() => change.mutate('cancel')}>
                {t('campaigns.cancel')}
              </ConfirmButton>
            )}
          </div>
        )}
      </header>
      {change.error && <div className="callout error" role="alert">{describeError(change.error)}</div>}
      <RunReport campaignId={campaign.id} />
      {open && <AudiencePreview segmentId={campaign.segment} />}
    </div>
  );
}
