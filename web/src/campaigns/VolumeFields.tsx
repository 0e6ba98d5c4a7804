import { useQuery } from '@tanstack/react-query';
import { VOLUME_DIRECTIONS, type CampaignDefinitionInput, type CampaignVolume, type VolumeDirection } from '@parcours/shared';
import { api } from '../api/client.ts';
import { useTranslation } from '../i18n/index.ts';

/** The volume part of the campaign form as typed: numbers as text (empty: none). */
export interface VolumeDraft {
  min: string;
  max: string;
  attribute: string;
  direction: VolumeDirection;
}

export const NO_VOLUME: VolumeDraft = { min: '', max: '', attribute: '', direction: 'desc' };

const count = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The fields filled with a campaign's volume, to edit it. */
export const volumeDraftOf = (volume: CampaignVolume | undefined): VolumeDraft =>
  volume ? { min: volume.min?.toString() ?? '', max: volume.max?.toString() ?? '', attribute: volume.orderBy.attribute, direction: volume.orderBy.direction } : NO_VOLUME;

/**
 * The campaign definition's `volume`, or nothing when neither a minimum nor a maximum is typed (an order alone
 * changes nothing). An order left empty is sent as such, so the definition's own check names the field.
 */
export function volumeOf(draft: VolumeDraft): Pick<CampaignDefinitionInput, 'volume'> {
  const min = count(draft.min);
  const max = count(draft.max);
  if (min === undefined && max === undefined) return {};
  return { volume: { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), orderBy: { attribute: draft.attribute.trim(), direction: draft.direction } } };
}

/**
 * The "Volume" part of the campaign form: a floor and a ceiling on each run's audience and the attribute (a score)
 * that orders whom the ceiling keeps and whom the floor adds. Suggests the attributes declared as numbers in the
 * settings, else every attribute contacts have.
 */
export function VolumeFields({ value, onChange, errorOf }: { value: VolumeDraft; onChange: (value: VolumeDraft) => void; errorOf: (...path: string[]) => string | undefined }) {
  const { t } = useTranslation();
  const catalogue = useQuery({ queryKey: ['attributes'], queryFn: api.attributes });
  const known = catalogue.data?.attributes ?? [];
  const numeric = known.filter((a) => a.type === 'number');
  const suggested = (numeric.length > 0 ? numeric : known).map((a) => a.name);
  const set = (change: Partial<VolumeDraft>) => onChange({ ...value, ...change });
  const used = value.min.trim() !== '' || value.max.trim() !== '';
  const field = (id: string, label: string, input: React.ReactNode, error?: string) => (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label} <span className="optional">{t('form.optional')}</span>
      </label>
      {input}
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );

  return (
    <fieldset className="group campaign-volume" data-testid="campaign-volume">
      <legend>{t('campaignVolume.title')}</legend>
      <p className="muted small">{t('campaignVolume.hint')}</p>
      {field('campaign-volume-min', t('campaignVolume.min'), <input id="campaign-volume-min" type="number" min={1} value={value.min} onChange={(e) => set({ min: e.target.value })} />, errorOf('volume', 'min'))}
      {field('campaign-volume-max', t('campaignVolume.max'), <input id="campaign-volume-max" type="number" min={1} value={value.max} onChange={(e) => set({ max: e.target.value })} />, errorOf('volume', 'max'))}
      {field(
        'campaign-volume-attribute',
        t('campaignVolume.attribute'),
        <>
          <input id="campaign-volume-attribute" type="text" list="campaign-volume-attributes" placeholder={t('campaignVolume.attributePlaceholder')} value={value.attribute} onChange={(e) => set({ attribute: e.target.value })} />
          <datalist id="campaign-volume-attributes">
            {suggested.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </>,
        used ? errorOf('volume', 'orderBy', 'attribute') : undefined,
      )}
      {field(
        'campaign-volume-direction',
        t('campaignVolume.direction'),
        <select id="campaign-volume-direction" value={value.direction} onChange={(e) => set({ direction: e.target.value as VolumeDirection })}>
          {VOLUME_DIRECTIONS.map((d) => (
            <option key={d} value={d}>
              {t(`campaignVolume.directions.${d}`)}
            </option>
          ))}
        </select>,
      )}
      {used && <p className="muted small">{t('campaignVolume.rules')}</p>}
    </fieldset>
  );
}
