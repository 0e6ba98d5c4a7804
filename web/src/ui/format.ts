import { currentLanguage } from '../i18n/index.ts';

/** Dates, numbers and percentages in the interface's language (components re-render when it changes). */

/** Dates from the API come as ISO strings or epoch milliseconds. */
export function formatWhen(at: string | number | null | undefined): string {
  if (at === null || at === undefined || at === '') return '—';
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? String(at) : d.toLocaleString(currentLanguage());
}

export const formatNumber = (n: number): string => new Intl.NumberFormat(currentLanguage()).format(n);

/** "1.2K" / "1,2 k": counts drawn on the canvas. */
export const formatCompact = (n: number): string => new Intl.NumberFormat(currentLanguage(), { notation: 'compact' }).format(n);

/** A ratio as a whole percentage: 0.25 → "25%" / "25 %". */
export const formatPercent = (ratio: number): string => new Intl.NumberFormat(currentLanguage(), { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
