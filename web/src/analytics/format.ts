import { currentLanguage, i18n } from '../i18n/index.ts';

/** How the analytics page writes its figures, in the interface's language (read at each render). */
const numbers = (options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(currentLanguage(), options);

export const count = (n: number) => numbers().format(n);
export const signedPercent = (ratio: number) => numbers({ style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(ratio);
/** Revenue arrives in hundredths of the currency unit (the server sums integers, exactly). */
export const money = (hundredths: number) => numbers({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(hundredths / 100);
export const rate = (value: number | null) => (value === null ? '—' : numbers({ style: 'percent', maximumFractionDigits: 1 }).format(value));
/** A p-value as people read it: three decimals, or "< 0.001". */
export const pValue = (p: number) => {
  const threeDecimals = numbers({ minimumFractionDigits: 3, maximumFractionDigits: 3 });
  return p < 0.001 ? i18n.t('analytics.below', { value: threeDecimals.format(0.001) }) : threeDecimals.format(p);
};
