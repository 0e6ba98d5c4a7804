import type { ReactNode } from 'react';
import { vi } from 'vitest';
import type { User } from '@parcours/shared';
import { ADMIN_KEY, type Harness } from '../../server/test/helpers.ts';
import { SignedInUser } from '../src/people/session.ts';

/**
 * Answers the page's `fetch('/api/…')` with the real Hono app, as an admin: the admin API key stands in for the
 * session cookie a browser would send (jsdom keeps no cookies for app.request).
 */
export function serveAsAdmin(h: Harness): void {
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) =>
    h.app.request(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${ADMIN_KEY}` } }),
  );
}

const ADMIN: User = { id: 'admin', email: 'admin@example.com', role: 'admin', active: true, createdAt: '2026-01-05T08:00:00Z', name: null };

/** The page rendered as the app renders it for a signed-in admin. */
export const AsAdmin = (props: { children: ReactNode }) => <SignedInUser.Provider value={ADMIN}>{props.children}</SignedInUser.Provider>;
