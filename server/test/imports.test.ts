import { count } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consentChanges, contacts, importRows } from '../src/db/schema.ts';
import { createApp } from '../src/app.ts';
import { ADMIN_KEY, checkAnswer, harness, publishScenario, type Harness } from './helpers.ts';
import { segmentScenario } from './fixtures/scenarios.ts';
import { IMPORT_SLICE } from '../src/runtime/import-apply.ts';

/** POST /api/imports as a browser or curl sends it: the fields, then the file, as multipart/form-data. */
async function upload(h: Harness, mapping: unknown, file: string, options: { dryRun?: boolean; name?: string } = {}) {
  const form = new FormData();
  form.append('mapping', typeof mapping === 'string' ? mapping : JSON.stringify(mapping));
  if (options.dryRun !== undefined) form.append('dryRun', String(options.dryRun));
  form.append('file', new Blob([file], { type: 'text/csv' }), options.name ?? 'contacts.csv');
  const response = await h.app.request('/api/imports', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}` }, body: form });
  const body = await response.json();
  checkAnswer(h.app, 'POST', '/imports', response.status, body);
  return { status: response.status, body: body as any };
}

/** Follows an import over the API until its rows are applied (the background job runs between requests). */
async function finished(h: Harness, id: string) {
  for (let i = 0; i < 1000; i++) {
    const { body } = await h.call('GET', `/imports/${id}`);
    if (body.status !== 'applying') return body;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`import ${id} still applying`);
}

const contactCount = (h: Harness) => h.db.select({ n: count() }).from(contacts).get()!.n;

const MAPPING = {
  format: 'csv',
  key: { id: 'id', email: 'email' },
  attributes: [
    { column: 'name', attribute: 'first_name', type: 'text' },
    { column: 'age', attribute: 'age', type: 'number' },
    { column: 'vip', attribute: 'vip', type: 'boolean' },
    { column: 'born', attribute: 'birthday', type: 'date' },
  ],
  consents: [{ column: 'optin', channel: 'email', source: 'CRM export 2026-11' }],
};

const GOOD = ['id,email,name,age,vip,born,optin', 'u1,ada@example.com,Ada,36,yes,1990-04-12,true', 'u2,bob@example.com,Bob,41.5,0,,no', ''].join('\n');

describe('contact import (POST /api/imports)', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  it('stores each column with its type, and the consent with its column source in the history', async () => {
    const { status, body } = await upload(h, MAPPING, GOOD);
    expect(status).toBe(201);
    // Applied in the background; a small file may be done by the time the answer goes.
    expect(body).toMatchObject({ status: expect.stringMatching(/^(applying|done)$/), fileName: 'contacts.csv', progress: { read: 2, valid: 2, invalid: 0 } });
    const done = await finished(h, body.id);
    expect(done).toMatchObject({ status: 'done', progress: { written: 2, created: 2, updated: 0, unchanged: 0 }, errors: { total: 0, items: [] } });

    const ada = (await h.call('GET', '/contacts/u1')).body;
    expect(ada.attributes).toEqual({ email: 'ada@example.com', first_name: 'Ada', age: 36, vip: true, birthday: '1990-04-12' });
    expect(ada.consents).toEqual({ email: true });
    const bob = (await h.call('GET', '/contacts/u2')).body;
    // An empty cell writes nothing.
    expect(bob.attributes).toEqual({ email: 'bob@example.com', first_name: 'Bob', age: 41.5, vip: false });
    const history = (await h.call('GET', '/contacts/u1/consents')).body;
    expect(history.changes).toEqual([{ channel: 'email', granted: true, source: 'CRM export 2026-11', at: expect.any(String) }]);
    expect((await h.call('GET', '/contacts/u2/consents')).body.changes).toEqual([expect.objectContaining({ granted: false, source: 'CRM export 2026-11' })]);
  });

  it('a dry run reports every bad row by line and column, and writes nothing', async () => {
    const file = [
      'id,email,name,age,vip,born,optin',
      'u1,ada@example.com,Ada,36,yes,1990-04-12,true',
      'u2,not-an-email,Bob,forty,maybe,1990-02-30,true',
      'u3,cy@example.com,"Cy, ""the third""",,,,',
      ',,Nobody,,,,',
      'u1,ada2@example.com,Ada again,,,,',
      'u5,"unterminated',
    ].join('\n');
    const { status, body } = await upload(h, MAPPING, file, { dryRun: true });
    expect(status).toBe(201);
    expect(body.status).toBe('failed');
    expect(body.progress).toMatchObject({ read: 6, valid: 2, invalid: 4, written: 0 });
    const line = (n: number) => body.errors.items.filter((e: any) => e.line === n).map((e: any) => [e.column, e.message]);
    expect(line(3)).toEqual([
      ['email', '"not-an-email" is not an email address'],
      ['age', expect.stringContaining('"forty" is not a number')],
      ['vip', expect.stringContaining('"maybe" is not a yes/no value')],
      ['born', '"1990-02-30" is not a calendar day'],
    ]);
    expect(line(5)).toEqual([['id', 'the row has no id and no email']]);
    expect(line(6)).toEqual([['id', 'is the same contact as line 2']]);
    expect(line(7)).toEqual([[null, expect.stringContaining('Quote')]]);
    expect(body.errors.total).toBe(7);
    expect(contactCount(h)).toBe(0);

    // The errors are paged.
    const page = (await h.call('GET', `/imports/${body.id}?offset=4&limit=2`)).body;
    expect(page.errors).toMatchObject({ total: 7, offset: 4, items: [{ line: 5 }, { line: 6 }] });
  });

  it('a file with one bad row writes nothing, and its staged rows go', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `c${i},c${i}@example.com,C${i},${i},yes,,true`);
    rows[2400] = 'c2400,c2400@example.com,Late,old,yes,,true';
    const { body } = await upload(h, MAPPING, ['id,email,name,age,vip,born,optin', ...rows].join('\n'));
    expect(body.status).toBe('failed');
    expect(body.progress).toMatchObject({ read: 2500, valid: 2499, invalid: 1, written: 0 });
    expect(body.errors.items).toEqual([{ line: 2402, column: 'age', message: expect.stringContaining('"old"') }]);
    expect(contactCount(h)).toBe(0);
    await finished(h, body.id);
    // The background job drops what was staged while the file streamed in.
    for (let i = 0; i < 100 && h.db.select({ n: count() }).from(importRows).get()!.n > 0; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(h.db.select({ n: count() }).from(importRows).get()!.n).toBe(0);
  });

  it('importing the same file again changes nothing', async () => {
    await finished(h, (await upload(h, MAPPING, GOOD)).body.id);
    const before = (await h.call('GET', '/contacts/u1')).body;
    const again = await finished(h, (await upload(h, MAPPING, GOOD)).body.id);
    expect(again.progress).toMatchObject({ written: 2, created: 0, updated: 0, unchanged: 2 });
    expect((await h.call('GET', '/contacts/u1')).body).toEqual(before);
    expect(h.db.select({ n: count() }).from(consentChanges).get()!.n).toBe(2);
  });

  it('upserts by email: merges into the contact that has it (any case), creates the others', async () => {
    await h.call('PUT', '/contacts/crm-7', { attributes: { email: 'Ada@Example.com', plan: 'pro' } });
    const mapping = { format: 'csv', key: { email: 'Email' }, attributes: [{ column: 'Name', attribute: 'first_name', type: 'text' }] };
    const file = 'Email;Name\nada@example.com;Ada\nnew@example.com;Newcomer\n';
    const done = await finished(h, (await upload(h, { ...mapping, delimiter: ';' }, file)).body.id);
    expect(done.progress).toMatchObject({ created: 1, updated: 1 });
    const ada = (await h.call('GET', '/contacts/crm-7')).body;
    expect(ada.attributes).toEqual({ email: 'ada@example.com', plan: 'pro', first_name: 'Ada' });
    const found = (await h.call('GET', '/contacts?search=newcomer')).body.items;
    expect(found).toHaveLength(1);
    expect(found[0].attributes).toEqual({ email: 'new@example.com', first_name: 'Newcomer' });
    expect(contactCount(h)).toBe(2);
  });

  it('never turns a withdrawn consent back on: kept, counted, and the history unchanged', async () => {
    await h.call('PUT', '/contacts/u1', { consents: { email: false } });
    const done = await finished(h, (await upload(h, MAPPING, GOOD)).body.id);
    expect(done.progress).toMatchObject({ withdrawalsKept: 1 });
    expect((await h.call('GET', '/contacts/u1')).body.consents).toEqual({ email: false });
    expect((await h.call('GET', '/contacts/u1/consents')).body.changes.map((c: any) => [c.granted, c.source])).toEqual([[false, 'api']]);
  });

  it('reads JSON lines, with typed values as they come', async () => {
    const mapping = { format: 'jsonl', key: { id: 'user' }, attributes: [{ column: 'score', attribute: 'score', type: 'number' }, { column: 'vip', attribute: 'vip', type: 'boolean' }] };
    const file = ['{"user":"j1","score":12,"vip":true}', '', '{"user":"j2","score":"7"}', '[1,2]', '{"user":"j3",'].join('\n');
    const { body } = await upload(h, mapping, file, { dryRun: true });
    expect(body.status).toBe('failed');
    expect(body.errors.items).toEqual([
      { line: 4, column: null, message: 'is not a JSON object' },
      { line: 5, column: null, message: expect.stringContaining('is not valid JSON') },
    ]);
    const good = await upload(h, mapping, file.split('\n').slice(0, 3).join('\n'));
    await finished(h, good.body.id);
    expect((await h.call('GET', '/contacts/j1')).body.attributes).toEqual({ score: 12, vip: true });
    expect((await h.call('GET', '/contacts/j2')).body.attributes).toEqual({ score: 7 });
  });

  it('an imported change enters segment journeys like an API update', async () => {
    await publishScenario(h, segmentScenario('vips'));
    const done = await finished(h, (await upload(h, MAPPING, GOOD)).body.id);
    expect(done.status).toBe('done');
    expect((await h.call('GET', '/contacts/u1')).body.lists).toEqual(['vips']);
    expect((await h.call('GET', '/contacts/u2')).body.lists).toEqual([]);
  });

  it('a dry run of a good file is checked and writes nothing', async () => {
    const { body } = await upload(h, MAPPING, GOOD, { dryRun: true });
    expect(body).toMatchObject({ status: 'checked', dryRun: true, progress: { read: 2, valid: 2, written: 0 } });
    expect(contactCount(h)).toBe(0);
    expect((await h.call('GET', '/imports')).body.items).toEqual([expect.objectContaining({ id: body.id, status: 'checked' })]);
  });

  it('a bad mapping is a 400 naming the field, and records no import', async () => {
    const cases: Array<[unknown, Array<string | number>]> = [
      [{ ...MAPPING, key: {} }, ['mapping', 'key']],
      [{ ...MAPPING, attributes: [{ column: 'age', attribute: 'age', type: 'integer' }] }, ['mapping', 'attributes', 0, 'type']],
      [{ ...MAPPING, consents: [{ column: 'optin', channel: 'fax', source: 'x' }] }, ['mapping', 'consents', 0, 'channel']],
      [{ ...MAPPING, attributes: [{ column: 'nickname', attribute: 'nick', type: 'text' }] }, ['mapping', 'attributes', 0, 'column']],
      ['{not json', ['mapping']],
    ];
    for (const [mapping, path] of cases) {
      const { status, body } = await upload(h, mapping, GOOD);
      expect(status, JSON.stringify(path)).toBe(400);
      expect(body.error.issues[0].path).toEqual(path);
    }
    await h.call('PUT', '/settings/attributes', { attributes: [{ name: 'age', type: 'text' }] });
    const clash = await upload(h, MAPPING, GOOD);
    expect(clash.status).toBe(400);
    expect(clash.body.error.issues[0]).toEqual({ path: ['mapping', 'attributes', 1, 'type'], message: '"age" is declared as text in the settings' });
    expect((await h.call('GET', '/imports')).body.items).toEqual([]);
    expect(contactCount(h)).toBe(0);
  });

  it('refuses a body that is not a multipart upload', async () => {
    const response = await h.call('POST', '/imports', { mapping: MAPPING });
    expect(response.status).toBe(415);
    expect((await h.call('GET', '/imports/nope')).status).toBe(404);
  });
});

describe('import uploads and the body size limit', () => {
  it('an import file may be larger than the JSON body limit; a JSON body may not', async () => {
    const h = harness();
    try {
      const app = createApp({ db: h.db, clock: h.clock, runtime: h.runtime, maxBodyBytes: 1000 });
      const rows = Array.from({ length: 200 }, (_, i) => `big${i},Name ${i}`);
      const form = new FormData();
      form.append('mapping', JSON.stringify({ format: 'csv', key: { id: 'id' }, attributes: [{ column: 'name', attribute: 'name', type: 'text' }] }));
      form.append('file', new Blob([['id,name', ...rows].join('\n')]), 'big.csv');
      const auth = { authorization: `Bearer ${ADMIN_KEY}` };
      // With its length declared, as browsers and curl send a file.
      const encoded = new Request('http://x/', { method: 'POST', body: form });
      const bytes = new Uint8Array(await encoded.arrayBuffer());
      expect(bytes.length).toBeGreaterThan(1000);
      const headers = { ...auth, 'content-type': encoded.headers.get('content-type')!, 'content-length': String(bytes.length) };
      const upload = await app.request('/api/imports', { method: 'POST', headers, body: bytes });
      expect(upload.status).toBe(201);
      expect(((await upload.json()) as any).progress.valid).toBe(200);
      const body = JSON.stringify({ contacts: rows.map((r) => ({ id: r.split(',')[0] })) });
      const json = await app.request('/api/contacts/batch', { method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'content-length': String(body.length) }, body });
      expect(json.status).toBe(413);
    } finally {
      h.close();
    }
  });
});

describe('large imports: batched writes, streamed uploads', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  const ids = async (search: string) => (await h.call('GET', `/contacts?search=${encodeURIComponent(search)}`)).body.items.map((c: { id: string }) => c.id).sort();
  const catalogue = async () => {
    const { contacts: known, attributes } = (await h.call('GET', '/attributes')).body as { contacts: number; attributes: Array<{ name: string; contacts: number }> };
    return { known, ...Object.fromEntries(attributes.map((a) => [a.name, a.contacts])) };
  };

  it('a file of several slices: every contact written once, found by search, counted by the catalogue, its consent recorded once', async () => {
    const n = Math.round(IMPORT_SLICE * 2.5);
    const rows = Array.from({ length: n }, (_, i) => `m${i},m${i}@example.com,Name${i},${20 + (i % 50)},${i % 2 ? 'yes' : 'no'},,${i % 3 ? 'true' : 'false'}`);
    // One contact exists already: its row is an update among the creations.
    await h.call('PUT', '/contacts/m7', { attributes: { plan: 'pro' } });
    const done = await finished(h, (await upload(h, MAPPING, ['id,email,name,age,vip,born,optin', ...rows].join('\n'))).body.id);
    expect(done.progress).toMatchObject({ written: n, created: n - 1, updated: 1, unchanged: 0 });
    expect(contactCount(h)).toBe(n);
    expect(h.db.$client.prepare('SELECT count(*) AS n FROM contacts_search').get()).toEqual({ n });
    expect(await ids('name123')).toEqual(['m123']);
    expect(await ids(`m${n - 1}@example.com`)).toEqual([`m${n - 1}`]);
    expect(await catalogue()).toEqual({ known: n, email: n, first_name: n, age: n, vip: n, plan: 1 });
    const history = h.db.$client.prepare('SELECT count(*) AS n, count(DISTINCT contact_id) AS contacts, min(source) AS source FROM consent_changes').get();
    expect(history).toEqual({ n, contacts: n, source: 'CRM export 2026-11' });
  });

  it('a write that leaves the attributes as they are keeps the search index and catalogue; one that changes them updates both', async () => {
    await finished(h, (await upload(h, MAPPING, GOOD)).body.id);
    await h.call('PUT', '/contacts/u1', { consents: { email: false } });
    expect(await ids('ada')).toEqual(['u1']);
    expect(await catalogue()).toEqual({ known: 2, email: 2, first_name: 2, age: 2, vip: 2, birthday: 1 });
    await h.call('PUT', '/contacts/u1', { attributes: { first_name: 'Zelda', birthday: null } });
    expect(await ids('ada')).toEqual(['u1']); // the email
    expect(await ids('zelda')).toEqual(['u1']);
    expect(await ids('1990')).toEqual([]);
    expect(await catalogue()).toEqual({ known: 2, email: 2, first_name: 2, age: 2, vip: 2, birthday: 1 }); // stored as null
    expect((await h.call('GET', '/contacts/u1')).body.consents).toEqual({ email: false });
  });

  it('reads a chunked upload as it streams in: rows are checked before the body ends', async () => {
    const encoder = new TextEncoder();
    let send!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (controller) => void (send = controller) });
    const boundary = 'parcourstestboundary';
    const part = (headers: string, content: string) => `--${boundary}\r\n${headers}\r\n\r\n${content}\r\n`;
    const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `s${from + i},s${from + i}@example.com,S${from + i},30,no,,true\n`).join('');
    send.enqueue(encoder.encode(part('Content-Disposition: form-data; name="mapping"', JSON.stringify(MAPPING))));
    send.enqueue(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.csv"\r\n\r\nid,email,name,age,vip,born,optin\n${rows(0, 2500)}`));
    const answer = h.app.request('/api/imports', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
      body,
      duplex: 'half',
    } as RequestInit);
    // The body is still open: the import is under way, its first rows already checked.
    let reading: any;
    for (let i = 0; i < 1000 && !(reading?.progress.read >= 2000); i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      [reading] = (await h.call('GET', '/imports')).body.items;
    }
    expect(reading).toMatchObject({ status: 'reading', progress: { read: 2000 } });
    send.enqueue(encoder.encode(`${rows(2500, 3000)}\r\n--${boundary}--\r\n`));
    send.close();
    const response = await answer;
    expect(response.status).toBe(201);
    const done = await finished(h, ((await response.json()) as any).id);
    expect(done.progress).toMatchObject({ read: 3000, created: 3000 });
  });

  it('a chunked upload past the size limit fails its import, and writes no contact', async () => {
    const app = createApp({ db: h.db, clock: h.clock, runtime: h.runtime, maxImportBytes: 2000 });
    const boundary = 'parcourstestboundary';
    const chunks = [
      `--${boundary}\r\nContent-Disposition: form-data; name="mapping"\r\n\r\n${JSON.stringify(MAPPING)}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\nid,email,name,age,vip,born,optin\n`,
      ...Array.from({ length: 100 }, (_, i) => `b${i},b${i}@example.com,B,30,no,,true\n`),
      `\r\n--${boundary}--\r\n`,
    ];
    const encoder = new TextEncoder();
    const response = await app.request('/api/imports', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
      body: new ReadableStream({ pull: (controller) => (chunks.length > 0 ? controller.enqueue(encoder.encode(chunks.shift()!)) : controller.close()) }),
      duplex: 'half',
    } as RequestInit);
    const body = (await response.json()) as any;
    expect(response.status).toBe(201);
    expect(body.status).toBe('failed');
    expect(body.errors.items).toEqual([{ line: 0, column: null, message: 'the file could not be read to its end: the request body is larger than 2000 bytes' }]);
    expect(contactCount(h)).toBe(0);
  });
});
