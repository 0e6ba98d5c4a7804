import { OpenAPIHono } from '@hono/zod-openapi';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/http/context.ts';
import { dataRightsRoutes } from '../../src/http/routes/data-rights.ts';
import { pressureRoutes } from '../../src/http/routes/pressure.ts';
import { templateRoutes } from '../../src/http/routes/templates.ts';
import { harness, type Harness } from '../helpers.ts';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

describe('OpenAPI', () => {
  it('documents the new routes with their request schemas', () => {
    const api = new OpenAPIHono<AppEnv>();
    const deps = { db: h.db, clock: h.clock, runtime: h.runtime };
    dataRightsRoutes(api, deps);
    pressureRoutes(api, deps);
    templateRoutes(api, deps);
    const doc = api.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '0' } });
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual([
      '/contacts/{id}/consents',
      '/contacts/{id}/export',
      '/scenarios/{id}/forecast',
      '/scenarios/{id}/templates/{templateId}/preview',
      '/settings/pressure',
      '/templates',
    ]);
    const policy = doc.components?.schemas?.PressurePolicy as { properties: Record<string, { type?: string }>; required: string[] };
    expect(policy.required).toEqual(['frequencyCaps']);
    expect(policy.properties.frequencyCaps.type).toBe('array');
    expect(doc.components?.schemas?.ForecastRequest).toBeDefined();
  });
});
