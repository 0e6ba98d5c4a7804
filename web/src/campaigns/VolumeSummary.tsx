import type { CampaignVolume } from '@parcours/shared';
import { Trans, useTranslation } from '../i18n/index.ts';
import { formatNumber } from '../ui/format.ts';

/**
 * A campaign's volume settings in words, on its page: its floor and ceiling per run ("At least 1,000 and at most
 * 5,000 contacts per run.") and the order that picks whom they keep or add. Nothing for a campaign without them.
 */
export function VolumeSummary({ volume }: { volume: CampaignVolume | undefined }) {
  const { t } = useTranslation();
  if (!volume) return null;
  const { min, max, orderBy } = volume;
  // A volume has a floor, a ceiling or both (the definition's rule). The plural follows the sentence's last number.
  const size =
    max === undefined
      ? t('campaignVolume.summary.floor', { min: formatNumber(min!), count: min })
      : min === undefined
        ? t('campaignVolume.summary.ceiling', { max: formatNumber(max), count: max })
        : t('campaignVolume.summary.range', { min: formatNumber(min), max: formatNumber(max), count: max });
  return (
    <p data-testid="campaign-volume-summary">
      {size}{' '}
      <Trans i18nKey={`campaignVolume.summary.order.${orderBy.direction}`} values={{ attribute: orderBy.attribute }} components={{ code: <code /> }} />
    </p>
  );
}
