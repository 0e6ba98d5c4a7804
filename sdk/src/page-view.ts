import type { SiteItem } from '@parcours/shared';
import type { Properties } from './types.ts';

const UTM = ['source', 'medium', 'campaign', 'term', 'content'] as const;
type Utm = Partial<Record<(typeof UTM)[number], string>>;

/** The `utm_*` parameters of a URL, by their short name; undefined when it has none. */
export function utmOf(url: URL): Utm | undefined {
  const utm: Utm = {};
  for (const name of UTM) {
    const value = url.searchParams.get(`utm_${name}`);
    if (value) utm[name] = value.slice(0, 200);
  }
  return Object.keys(utm).length > 0 ? utm : undefined;
}

/** The page the visitor is on, as `/api/collect` takes it (the server caps lengths; these are its limits). */
export function pageView(properties: Properties, at: string): Extract<SiteItem, { type: 'page' }> {
  const url = new URL(location.href);
  const item: Extract<SiteItem, { type: 'page' }> = { type: 'page', url: url.href.slice(0, 2000), properties, at };
  if (document.title) item.title = document.title.slice(0, 500);
  if (document.referrer) item.referrer = document.referrer.slice(0, 2000);
  const utm = utmOf(url);
  if (utm) item.utm = utm;
  return item;
}
