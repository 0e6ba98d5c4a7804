import { expect } from 'vitest';
import type { Harness } from './helpers.ts';

export const SHOP = 'https://shop.example.com';

/** A request as a page of `origin` makes it with the snippet: site key in the query, JSON as text/plain. */
export async function fromPage(
  h: Harness,
  method: string,
  path: string,
  options: { key?: string; origin?: string | null; body?: unknown } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = {};
  if (options.origin !== null) headers.origin = options.origin ?? SHOP;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = 'text/plain;charset=UTF-8';
  const separator = path.includes('?') ? '&' : '?';
  const query = options.key === undefined ? '' : `${separator}key=${encodeURIComponent(options.key)}`;
  const response = await h.app.request(`/api${path}${query}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** A site key for SHOP, created by the admin; returns the key itself. */
export async function siteKey(h: Harness, spec: Record<string, unknown> = {}): Promise<string> {
  const created = await h.call('POST', '/site-keys', { name: 'shop', origins: [SHOP], ...spec });
  expect(created.status).toBe(201);
  return created.body.key;
}

export const page = (path: string, extra: Record<string, unknown> = {}) => ({ type: 'page', url: `${SHOP}${path}`, title: path, ...extra });
