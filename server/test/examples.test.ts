import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadExamplesOnce } from '../src/examples.ts';
import { REPO, harness, type Harness } from './helpers.ts';

let h: Harness;
let dir: string;
beforeEach(() => {
  h = harness();
  dir = mkdtempSync(join(tmpdir(), 'parcours-examples-'));
});
afterEach(() => {
  h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('example scenarios on first start', () => {
  it('publishes the valid ones, keeps a graph-invalid one as a draft, skips unreadable files, and runs once', async () => {
    copyFileSync(join(REPO, 'scenarios/welcome.json'), join(dir, 'welcome.json'));
    writeFileSync(join(dir, 'no-entry.json'), JSON.stringify({ schemaVersion: 1, id: 'no-entry', name: 'No entry', nodes: [], edges: [] }));
    writeFileSync(join(dir, 'broken.json'), '{ "id": ');
    writeFileSync(join(dir, 'scenario.schema.json'), '{}');
    const report = loadExamplesOnce(h.db, dir, h.clock.now());
    expect(report).toEqual([
      expect.stringMatching(/^broken\.json: skipped: /),
      expect.stringMatching(/^no-entry\.json: kept no-entry as a draft: .*no entry node/),
      'welcome.json: published welcome-series v1',
    ]);
    const list = (await h.call('GET', '/scenarios')).body.items;
    expect(list.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      ['no-entry', 'draft'],
      ['welcome-series', 'live'],
    ]);
    expect(loadExamplesOnce(h.db, dir, h.clock.now())).toEqual([]);
  });
});
