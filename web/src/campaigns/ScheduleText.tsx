import type { CampaignAnswer } from '@parcours/shared';
import { useTranslation } from '../i18n/index.ts';

/** When a campaign runs, in words: "Every Monday at 10:00 (Europe/Paris)", or "... at each contact's local time". */
export function ScheduleText({ campaign }: { campaign: Pick<CampaignAnswer, 'schedule' | 'timeZone' | 'localTime' | 'spread'> }) {
  const { t } = useTranslation();
  const { schedule } = campaign;
  const when =
    schedule.repeat === 'once'
      ? t('campaigns.schedule.once', { date: schedule.date, time: schedule.time })
      : schedule.repeat === 'daily'
        ? t('campaigns.schedule.daily', { time: schedule.time })
        : schedule.repeat === 'weekly'
          ? t('campaigns.schedule.weekly', { weekday: t(`campaigns.weekday.${schedule.weekday}`), time: schedule.time })
          : t('campaigns.schedule.monthly', { day: schedule.day, time: schedule.time });
  return (
    <span data-testid="campaign-schedule">
      {when} {campaign.localTime ? t('campaigns.schedule.localTime') : t('campaigns.schedule.inZone', { zone: campaign.timeZone })}
      {campaign.spread && <> {t('campaigns.schedule.spread', { spread: campaign.spread })}</>}
    </span>
  );
}
