/**
 * `pnpm bench:import`: a contact import of generated CSV rows over HTTP into the real server binary (a child
 * process on a fresh database). The file is generated as it is sent (a streamed multipart body), so neither
 * side holds it whole. Prints the time to read and check the file (the POST's answer), the time to apply it
 * (until GET /api/imports/:id says done), rows/s, the server's peak RSS, and the longest answer of a health
 * probe polling while the file is read and while it is applied, beside the same probe on the idle server first
 * (the baseline of this run). Then the floor of the same run: the same rows, split on commas, written by a plain
 * multi-row INSERT (100 rows a statement, 1,000 a transaction) into a scratch SQLite file with the server's
 * settings (WAL, synchronous NORMAL) and no index nor trigger: what the disk and SQLite alone allow here now. The
 * machine's load average is printed at the start and the end (the machine may be shared).
 * Ends with one line `RESULT {json}`. BENCH_ROWS sets the rows (default 1,000,000); BENCH_CPU_PROF=<dir> has the
 * server write a V8 CPU profile there when it stops (read it with test/bench/cpu-profile.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { startListening, stopServer, type ServerProcess } from '../support/server-process.ts';
import { healthProbe } from './load/http-load.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const KEY = 'pk_bench_import_admin_key_00000000';
const BOUNDARY = 'parcoursbenchboundary7MA4YWxkTrZu0gW';
const ROWS_PER_CHUNK = 5000;
const CPU_PROF = process.env.BENCH_CPU_PROF;

const mapping = {
  format: 'csv',
  key: { id: 'id', email: 'email' },
  attributes: [
    { column: 'first_name', attribute: 'first_name', type: 'text' },
    { column: 'age', attribute: 'age', type: 'number' },
    { column: 'vip', attribute: 'vip', type: 'boolean' },
    { column: 'signed_up', attribute: 'signed_up', type: 'date' },
  ],
  consents: [{ column: 'optin', channel: 'email', source: 'benchmark file' }],
};

const row = (i: number) => `c${i},c${i}@example.com,Name${i},${18 + (i % 60)},${i % 7 === 0 ? 'yes' : 'no'},2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},${i % 3 === 0 ? 'false' : 'true'}`;

/** The multipart body, generated chunk by chunk as the request reads it. */
function* body(rows: number): Generator<string> {
  yield `--${BOUNDARY}\r\nContent-Disposition: form-data; name="mapping"\r\n\r\n${JSON.stringify(mapping)}\r\n`;
  yield `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench.csv"\r\nContent-Type: text/csv\r\n\r\n`;
  yield 'id,email,first_name,age,vip,signed_up,optin\n';
  for (let start = 0; start < rows; start += ROWS_PER_CHUNK) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + ROWS_PER_CHUNK); i++) lines.push(row(i));
    yield lines.join('\n') + '\n';
  }
  yield `\r\n--${BOUNDARY}--\r\n`;
}

const status = (server: ServerProcess, field: 'VmRSS' | 'VmHWM') =>
  Math.round(Number(readFileSync(`/proc/${server.child.pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+)`))![1]) / 1024);
const seconds = (ms: number) => Math.round(ms / 10) / 100;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api(base: string, path: string) {
  const response = await fetch(`${base}/api${path}`, { headers: { authorization: `Bearer ${KEY}` } });
  return (await response.json()) as any;
}

const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');

/** The same rows inserted plainly into a scratch file (see the header); rows/s. */
function plainInsertRate(dir: string): number {
  const db = new Database(join(dir, 'baseline.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE contacts (id TEXT PRIMARY KEY, attributes TEXT NOT NULL, consents TEXT NOT NULL)');
  const insert = (n: number) => db.prepare(`INSERT INTO contacts (id, attributes, consents) VALUES ${Array(n).fill('(?, ?, ?)').join(', ')}`);
  const hundred = insert(100);
  const started = performance.now();
  for (let start = 0; start < ROWS; start += 1000) {
    db.transaction(() => {
      for (let at = start; at < Math.min(ROWS, start + 1000); at += 100) {
        const end = Math.min(ROWS, at + 100);
        const values: string[] = [];
        for (let i = at; i < end; i++) {
          const [id, email, firstName, age, vip, signedUp, optin] = row(i).split(',');
          values.push(id!, JSON.stringify({ email, first_name: firstName, age: Number(age), vip: vip === 'yes', signed_up: signedUp }), JSON.stringify({ email: optin === 'true' }));
        }
        (end - at === 100 ? hundred : insert(end - at)).run(values);
      }
    })();
  }
  const rate = ROWS / ((performance.now() - started) / 1000);
  db.close();
  return Math.round(rate);
}

async function main() {
  console.log(`Parcours import benchmark — ${fmt(ROWS)} CSV rows over HTTP, node ${process.version}, ${cpus().length} cores, ${new Date().toISOString()}, load average ${load()}`);
  const dir = mkdtempSync(join(tmpdir(), 'parcours-import-'));
  const profiler = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [];
  const server = await startListening(['server/src/main.ts'], { PARCOURS_DB: join(dir, 'parcours.sqlite'), PARCOURS_ADMIN_KEY: KEY, PARCOURS_LONG_TASK_MS: '50' }, 120_000, profiler);
  server.child.stderr!.on('data', (c: Buffer) => process.stderr.write('[server] ' + c.toString()));
  try {
    await sleep(2000); // the examples load at the first start
    const idle = healthProbe(server.base);
    await sleep(3000);
    const baseline = await idle.stop();
    console.log(`  health on the idle server: max ${baseline.max.toFixed(1)} ms, p99 ${baseline.p99.toFixed(1)} ms (${baseline.count} probes)`);

    // One probe while the file streams in and is checked, another while it is applied: a stall says which.
    const readProbe = healthProbe(server.base);
    const started = performance.now();
    const response = await fetch(`${server.base}/api/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: Readable.toWeb(Readable.from(body(ROWS))) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const answer = (await response.json()) as any;
    if (response.status !== 201) throw new Error(`POST /api/imports answered ${response.status}: ${JSON.stringify(answer)}`);
    const readMs = performance.now() - started;
    const reading = await readProbe.stop();
    console.log(`  read and checked ${fmt(answer.progress.read)} rows in ${seconds(readMs)} s: ${answer.status}, ${answer.errors.total} errors`);
    const applyProbe = healthProbe(server.base);

    let view = answer;
    while (view.status === 'applying') {
      await sleep(1000);
      view = await api(server.base, `/imports/${answer.id}`);
      console.log(`  … ${fmt(view.progress.written)} rows written`);
    }
    const totalMs = performance.now() - started;
    const applying = await applyProbe.stop();
    const contacts = (await api(server.base, '/attributes')).contacts;
    const result = {
      rows: ROWS,
      status: view.status,
      contacts,
      read_s: seconds(readMs),
      apply_s: seconds(totalMs - readMs),
      total_s: seconds(totalMs),
      rows_per_s: Math.round(ROWS / (totalMs / 1000)),
      peak_rss_mib: status(server, 'VmHWM'),
      read_health_max_ms: Math.round(reading.max * 10) / 10,
      read_health_p99_ms: Math.round(reading.p99 * 10) / 10,
      apply_health_max_ms: Math.round(applying.max * 10) / 10,
      apply_health_p99_ms: Math.round(applying.p99 * 10) / 10,
      idle_health_max_ms: Math.round(baseline.max * 10) / 10,
      idle_health_p99_ms: Math.round(baseline.p99 * 10) / 10,
    };
    console.log(`  applied in ${result.apply_s} s; ${fmt(result.rows_per_s)} rows/s overall; ${fmt(contacts)} contacts; peak RSS ${result.peak_rss_mib} MiB`);
    console.log(`  health while reading: max ${result.read_health_max_ms} ms, p99 ${result.read_health_p99_ms} ms (${reading.count} probes)`);
    console.log(`  health while applying: max ${result.apply_health_max_ms} ms, p99 ${result.apply_health_p99_ms} ms (${applying.count} probes)`);
    await stopServer(server.child);
    const baselineRate = plainInsertRate(dir);
    console.log(`  the same rows by a plain multi-row INSERT into a scratch file: ${fmt(baselineRate)} rows/s; the import ran at ${(result.rows_per_s / baselineRate).toFixed(3)} of that`);
    console.log(`  load average at the end: ${load()}`);
    console.log(`RESULT ${JSON.stringify({ ...result, plain_insert_rows_per_s: baselineRate, load_average: loadavg().map((n) => Math.round(n * 100) / 100) })}`);
  } finally {
    if (server.child.exitCode === null) await stopServer(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
