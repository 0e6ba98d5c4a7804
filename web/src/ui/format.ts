/** Dates from the API come as ISO strings or epoch milliseconds. */
export function formatWhen(at: string | number | null | undefined): string {
  if (at === null || at === undefined || at === '') return '—';
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? String(at) : d.toLocaleString();
}
