import { durationParts, type DurationRefusal } from '@parcours/shared';
import { i18n } from './index.ts';

/** A stored duration in words in the interface's language: "1d12h" → "1 day 12 hours" / "1 jour 12 heures". */
export function durationWords(duration: string): string | undefined {
  return durationParts(duration)
    ?.map(({ unit, count }) => i18n.t(`duration.${unit}`, { count }))
    .join(' ');
}

/** Why a typed duration does not read, in the interface's language. */
export function refusalWords(refusal: DurationRefusal): string {
  switch (refusal.code) {
    case 'empty':
      return i18n.t('durationRefusal.empty');
    case 'not_a_duration':
      return i18n.t('durationRefusal.not_a_duration', { text: refusal.text });
    case 'fraction':
      return i18n.t('durationRefusal.fraction', { amount: refusal.amount, word: refusal.word });
    case 'no_unit':
      return i18n.t('durationRefusal.no_unit', { amount: refusal.amount });
    case 'unknown_unit':
      return i18n.t('durationRefusal.unknown_unit', { word: refusal.word });
    case 'unit_twice':
      return i18n.t('durationRefusal.unit_twice', { unit: i18n.t(`durationUnits.${refusal.unit}`) });
  }
}
