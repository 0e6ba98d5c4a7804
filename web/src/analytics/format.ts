/** How the analytics page writes its figures. */
export const count = new Intl.NumberFormat('en');
export const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
export const signedPercent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
/** Revenue arrives in hundredths of the currency unit (the server sums integers, exactly). */
export const money = (hundredths: number) => new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(hundredths / 100);
export const rate = (value: number | null) => (value === null ? '—' : percent.format(value));
/** A p-value as people read it: three decimals, or "< 0.001". */
export const pValue = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));
