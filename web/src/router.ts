import { useSyncExternalStore } from 'react';
import type { VersionRef } from '@parcours/shared';

/** Hash routes ("#/scenarios/welcome"): the server only has to serve index.html. */
export type Route =
  | { page: 'scenarios' }
  | { page: 'editor'; id: string; version?: number }
  | { page: 'diff'; id: string; from: VersionRef; to: VersionRef }
  | { page: 'reviews'; id?: number }
  | { page: 'analytics'; id: string }
  | { page: 'contacts'; id?: string }
  | { page: 'outbox'; scenarioId?: string }
  | { page: 'tasks' }
  | { page: 'segments'; id?: string }
  /** `journey`: a new campaign's form, starting that journey (`#/campaigns/new/<journey>`). */
  | { page: 'campaigns'; id?: string; journey?: string }
  | { page: 'settings' }
  | { page: 'users' }
  | { page: 'audit' }
  | { page: 'setup'; token: string }
  | { page: 'reset'; token: string }
  | { page: 'invite'; token: string };

/** A version number, or "draft". */
const versionRef = (part: string | undefined): VersionRef | undefined => (part === 'draft' ? 'draft' : /^\d+$/.test(part ?? '') ? Number(part) : undefined);

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'scenarios' && parts[1] && parts[2] === 'analytics') return { page: 'analytics', id: parts[1] };
  if (parts[0] === 'scenarios' && parts[1] && parts[2] === 'diff') {
    return { page: 'diff', id: parts[1], from: versionRef(parts[3]) ?? 'draft', to: versionRef(parts[4]) ?? 'draft' };
  }
  if (parts[0] === 'reviews') return { page: 'reviews', id: /^\d+$/.test(parts[1] ?? '') ? Number(parts[1]) : undefined };
  if (parts[0] === 'scenarios' && parts[1]) {
    const version = parts[2] === 'versions' && /^\d+$/.test(parts[3] ?? '') ? Number(parts[3]) : undefined;
    return { page: 'editor', id: parts[1], version };
  }
  if (parts[0] === 'contacts') return { page: 'contacts', id: parts[1] };
  if (parts[0] === 'outbox') return { page: 'outbox', scenarioId: parts[1] };
  if (parts[0] === 'tasks') return { page: 'tasks' };
  if (parts[0] === 'segments') return { page: 'segments', id: parts[1] };
  if (parts[0] === 'campaigns') return { page: 'campaigns', id: parts[1], ...(parts[1] === 'new' && parts[2] ? { journey: parts[2] } : {}) };
  if (parts[0] === 'settings') return { page: 'settings' };
  if (parts[0] === 'users') return { page: 'users' };
  if (parts[0] === 'audit') return { page: 'audit' };
  if ((parts[0] === 'setup' || parts[0] === 'reset' || parts[0] === 'invite') && parts[1]) return { page: parts[0], token: parts[1] };
  return { page: 'scenarios' };
}

export function href(route: Route): string {
  const enc = encodeURIComponent;
  switch (route.page) {
    case 'editor':
      return `#/scenarios/${enc(route.id)}${route.version ? `/versions/${route.version}` : ''}`;
    case 'diff':
      return `#/scenarios/${enc(route.id)}/diff/${route.from}/${route.to}`;
    case 'reviews':
      return route.id ? `#/reviews/${route.id}` : '#/reviews';
    case 'analytics':
      return `#/scenarios/${enc(route.id)}/analytics`;
    case 'contacts':
      return route.id ? `#/contacts/${enc(route.id)}` : '#/contacts';
    case 'segments':
      return route.id ? `#/segments/${enc(route.id)}` : '#/segments';
    case 'campaigns':
      return route.id ? `#/campaigns/${enc(route.id)}${route.journey ? `/${enc(route.journey)}` : ''}` : '#/campaigns';
    case 'outbox':
      return route.scenarioId ? `#/outbox/${enc(route.scenarioId)}` : '#/outbox';
    case 'setup':
    case 'reset':
    case 'invite':
      return `#/${route.page}/${enc(route.token)}`;
    default:
      return `#/${route.page}`;
  }
}

export const navigate = (route: Route) => {
  window.location.hash = href(route);
};

const subscribe = (fn: () => void) => {
  window.addEventListener('hashchange', fn);
  return () => window.removeEventListener('hashchange', fn);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
