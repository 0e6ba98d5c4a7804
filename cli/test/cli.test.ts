import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runawayLoop } from '../../shared/test/loops.fixtures.ts';
import { programArgs } from '../../test/support/node-program.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SCENARIOS = join(ROOT, 'scenarios');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function spawnNode(nodeArgs: string[], cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, nodeArgs, { cwd }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** Runs the real CLI in a child process, as `corepack pnpm parcours ...` does (bundled once per run: see node-program.ts). */
const parcours = async (args: string[], cwd = ROOT) => spawnNode([...(await programArgs('cli/src/main.ts')), ...args], cwd);
/** Runs it through the package's `bin` entry. */
const parcoursBin = (args: string[], cwd: string) => spawnNode([join(ROOT, 'cli/bin/parcours.mjs'), ...args], cwd);

const lines = (text: string) => text.split('\n').filter((line) => line.length > 0);
const readScenario = (name: string) => JSON.parse(readFileSync(join(SCENARIOS, name), 'utf8'));
/** A stack trace line, which the CLI must never print. */
const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;

let dir: string;
const write = (name: string, content: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parcours-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parcours validate', () => {
  it('prints FILE: ok and exits 0 for valid scenarios', async () => {
    const a = write('welcome.json', readScenario('welcome.json'));
    const b = write('cart.json', readScenario('abandoned-cart.json'));
    const run = await parcours(['validate', a, b]);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([`${a}: ok`, `${b}: ok`]);
    expect(run.stderr).toBe('');
  });

  it('prints one located line per error and exits 1', async () => {
    const scenario = readScenario('welcome.json');
    scenario.nodes.find((n: { id: string }) => n.id === 'wait_2d').config.duration = 'two days';
    scenario.edges = scenario.edges.filter((e: { id: string }) => e.id !== 'e5'); // engaged loses its "no" output
    const file = write('broken.json', scenario);
    const run = await parcours(['validate', file]);
    expect(run.code).toBe(1);
    const errors = lines(run.stderr);
    expect(errors).toContain(`${file}: node wait_2d: config.duration: must be a duration such as "30m", "4h", "3d", "1w" or "1d12h"`);
    expect(errors.some((line) => line.startsWith(`${file}: node engaged: `) && line.includes('"no"'))).toBe(true);
    expect(errors.every((line) => line.startsWith(`${file}: `))).toBe(true);
    expect(run.stdout).toBe('');
  });

  it('reports valid and invalid files together, exiting 1', async () => {
    const good = write('good.json', readScenario('birthday.json'));
    const bad = write('shape.json', { schemaVersion: 1, id: 'x', name: 'X', nodes: [{ id: 'n1', type: 'wait.sleep', config: {} }], edges: [] });
    const run = await parcours(['validate', good, bad]);
    expect(run.code).toBe(1);
    expect(lines(run.stdout)).toEqual([`${good}: ok`]);
    expect(run.stderr).toContain(`${bad}: node n1: `);
  });

  it('locates invalid JSON by line and column, exit 2, no stack trace', async () => {
    const file = write('syntax.json', '{\n  "schemaVersion": 1,\n  "id": "x",,\n  "name": "X"\n}\n');
    const run = await parcours(['validate', file]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([`${file}:3:13: invalid JSON: expected a property name in double quotes`]);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('names a missing file, exit 2', async () => {
    const file = join(dir, 'does-not-exist.json');
    const run = await parcours(['validate', file]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([`${file}: no such file`]);
  });

  it('also runs through the package bin from any directory', async () => {
    const run = await parcoursBin(['validate', join(SCENARIOS, 'welcome.json')], tmpdir());
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([`${join(SCENARIOS, 'welcome.json')}: ok`]);
  });

  it('refuses to run without a file (usage error, exit 2)', async () => {
    const run = await parcours(['validate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing required argument 'files'");
  });
});

describe('parcours schema', () => {
  it('prints the scenario JSON Schema', async () => {
    const run = await parcours(['schema']);
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.stdout);
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'id', 'name', 'nodes', 'edges']));
  });
});

describe('parcours simulate', () => {
  const contact = () =>
    write('contact.json', { id: 'c-didier', attributes: { first_name: 'Didier' }, consents: { email: true, sms: true, push: true } });
  const events = () => write('events.json', [{ at: '1h', event: 'points_expiring', properties: { points: 1200, expires_on: '2026-01-31' } }]);

  it('prints a readable trace in the contact time zone, the messages and the status', async () => {
    const run = await parcours(['simulate', join(SCENARIOS, 'multichannel.json'), '--contact', contact(), '--events', events()]);
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    // Europe/Paris (the scenario default): the cap defers the last-call SMS to Wednesday 10:00.
    const deferred = out.find((line) => line.includes('send_last_call_sms') && line.includes('deferred'));
    expect(deferred).toMatch(/^ {2}2026-01-06 16:00:00\+01:00 {2}send_last_call_sms +SMS "Last call SMS" +deferred until 2026-01-07 10:00:00\+01:00 \(scenario cap of 1 sms per 1d reached\)$/);
    expect(out.find((line) => line.includes('wait_open') && line.includes('timed out'))).toContain('→ timedOut');
    expect(out).toContain('Messages (4)');
    expect(out.some((line) => line.includes('+2d1h') && line.includes('sms last_call_sms (node send_last_call_sms)'))).toBe(true);
    expect(out.at(-1)).toBe('Status: exited');
  });

  it('prints the SimulationResult as JSON with --json', async () => {
    const run = await parcours(['simulate', join(SCENARIOS, 'multichannel.json'), '--contact', contact(), '--events', events(), '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.status).toBe('exited');
    expect(result.messages.map((m: { template: string }) => m.template)).toEqual(['points_email', 'points_sms', 'last_call_sms', 'last_call_push']);
    expect(result.messages[2].at).toBe(Date.parse('2026-01-07T09:00:00Z'));
    expect(result.steps[0]).toMatchObject({ node: 'points_expiring', outcome: 'entered', pass: 1 });
  });

  it('runs without --events and honours --start and --until', async () => {
    const birthday = write('birthday-contact.json', { id: 'c-samir', attributes: { birthday: '2001-03-10' }, consents: { email: true } });
    const run = await parcours(['simulate', join(SCENARIOS, 'birthday.json'), '--contact', birthday, '--start', '2026-03-10T07:00:00Z', '--until', '2d']);
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out.some((line) => line.startsWith('  2026-03-10 09:00:00+01:00  send_birthday_offer'))).toBe(true);
    expect(out.at(-1)).toBe('Status: active, waiting at wait_redeem');
  });

  it('traces a task node and lists the task with the messages', async () => {
    const ana = write('ana.json', { id: 'ana', attributes: { firstName: 'Ana' } });
    const order = write('order.json', [{ at: '1h', event: 'order_completed', properties: { total: 120 } }]);
    const run = await parcours(['simulate', join(ROOT, 'server/test/fixtures/call-back.json'), '--contact', ana, '--events', order]);
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out.find((line) => line.includes(' call '))).toMatch(/call +Task +sent → next \(call task for call-centre\)$/);
    expect(out).toContain('Messages (1)');
    expect(out.some((line) => line.includes('+1h') && line.endsWith('task (node call)'))).toBe(true);
    expect(out.at(-1)).toBe('Status: exited');
  });

  it('shows a send that delivery would fail as failed, with the reason (a template variable the contact lacks)', async () => {
    const scenario = readScenario('welcome.json');
    scenario.templates[0].subject = 'Your {{ contact.plan }} plan';
    const file = write('plan-welcome.json', scenario);
    const signedUp = write('signed-up.json', [{ at: '0m', event: 'signed_up', properties: {} }]);
    const run = await parcours(['simulate', file, '--contact', contact(), '--events', signedUp]);
    expect(run.code).toBe(0);
    expect(lines(run.stdout).find((line) => line.includes('send_welcome'))).toMatch(
      /Email "Welcome email" +failed → next \(template "welcome": subject, line 1, column \d+: undefined variable: contact\.plan\)$/,
    );
  });

  it('says so when the contact never enters', async () => {
    const run = await parcours(['simulate', join(SCENARIOS, 'welcome.json'), '--contact', contact()]);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toContain('  (no step)');
    expect(lines(run.stdout).at(-1)).toMatch(/^Status: not entered/);
  });

  it('locates a wrong contact, a wrong timeline and bad flags (exit 2)', async () => {
    const badContact = write('bad-contact.json', { id: 'c1', consents: { email: 'yes' } });
    const badZone = write('bad-zone.json', { id: 'c1', timeZone: 'Mars/Olympus' });
    const badEvents = write('bad-events.json', [{ at: '1h', event: 'signed_up' }, { at: 'tomorrow', event: 'x' }]);
    const scenario = join(SCENARIOS, 'welcome.json');
    const runs = await Promise.all([
      parcours(['simulate', scenario, '--contact', badContact]),
      parcours(['simulate', scenario, '--contact', badZone]),
      parcours(['simulate', scenario, '--contact', contact(), '--events', badEvents]),
      parcours(['simulate', scenario, '--contact', contact(), '--until', 'soon']),
      parcours(['simulate', scenario]),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    expect(lines(runs[0].stderr)).toEqual([`${badContact}: consents.email: must be true or false, not "yes"`]);
    expect(lines(runs[1].stderr)).toEqual([`${badZone}: timeZone: "Mars/Olympus" is not an IANA time zone such as "Europe/Paris"`]);
    expect(lines(runs[2].stderr)).toEqual([expect.stringMatching(new RegExp(`^${badEvents.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\[1\\]\\.at: must be a duration`))]);
    expect(lines(runs[3].stderr)).toEqual(['--until: must be a duration such as "30m", "4h", "3d", "1w" or "1d12h"']);
    expect(runs[4].stderr).toContain("required option '--contact <file>' not specified");
    for (const run of runs) {
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toMatch(STACK_LINE);
    }
  });

  it('refuses an invalid scenario with its located errors (exit 1)', async () => {
    const scenario = readScenario('welcome.json');
    scenario.edges.push({ id: 'e99', source: 'send_offer', sourceHandle: 'next', target: 'ghost' });
    const file = write('ghost.json', scenario);
    const run = await parcours(['simulate', file, '--contact', contact()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}: edge e99: `);
    expect(run.stdout).toBe('');
  });

  it('refuses, rather than runs forever, a loop whose only wait is an open time window (exit 1)', async () => {
    const file = write('runaway.json', runawayLoop('an open time window'));
    const run = await parcours(['simulate', file, '--contact', contact()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}: node window: the loop "window" → "count" → "window" may never wait`);
    expect(run.stdout).toBe('');
  });
});

describe('parcours test', () => {
  const caseCount = (name: string) => readScenario(name).tests.length;

  /** A newsletter a campaign starts (API entry, an email, two days' rest), with cases holding campaign starts. */
  const newsletter = (tests: object[]) => ({
    schemaVersion: 1,
    id: 'news',
    name: 'News',
    settings: { reentry: { policy: 'never' } },
    templates: [{ id: 'news', channel: 'email', subject: 'News', html: '<p>Hi</p>' }],
    nodes: [
      { id: 'start', type: 'entry.api', config: {} },
      { id: 'mail', type: 'action.email', config: { template: 'news' } },
      { id: 'rest', type: 'wait.delay', config: { duration: '2d' } },
      { id: 'done', type: 'flow.exit', config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'mail' },
      { id: 'e2', source: 'mail', target: 'rest' },
      { id: 'e3', source: 'rest', target: 'done' },
    ],
    tests,
  });
  const contact = { id: 'ann', consents: { email: true } };

  it('runs cases with a campaign start: the journey starts at the campaign, and not again while the contact is in it', async () => {
    const once = { name: 'the campaign starts it a day in', contact, events: [{ at: '1d', campaign: true }], expect: { path: ['start', 'mail', 'rest', 'done'], messages: [{ channel: 'email', at: '1d' }], status: 'exited' } };
    const twice = { name: 'a second start while in it does nothing', contact, events: [{ at: '1h', campaign: true }, { at: '1d', campaign: true }], expect: { messages: [{ channel: 'email', at: '1h' }] } };
    // Written as if the API entry enrolled the contact at the start: the campaign moved it, so this case fails.
    const wrong = { name: 'expects the email at the start', contact, events: [{ at: '1d', campaign: true }], expect: { messages: [{ channel: 'email', at: '0m' }] } };
    const run = await parcours(['test', write('news.json', newsletter([once, twice, wrong]))]);
    expect(run.code).toBe(1);
    const out = lines(run.stdout);
    expect(out.filter((line) => line.startsWith('  ✓ '))).toHaveLength(2);
    expect(out).toContain('2 passed, 1 failed');
  });

  it('refuses a case whose campaign start is malformed, with its location', async () => {
    const bad = { name: 'bad', contact, events: [{ at: '1d', campaign: 'yes' }], expect: {} };
    const run = await parcours(['test', write('news-bad.json', newsletter([bad]))]);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/tests\[0\]\.events\[0\]\.campaign: must be true/);
  });

  it('prints the campaign starts of a simulation with their outcome', async () => {
    const events = write('campaign-events.json', [{ at: '1h', campaign: true }, { at: '1d', campaign: true }]);
    const run = await parcours(['simulate', write('news-sim.json', newsletter([])), '--contact', write('ann.json', contact), '--events', events]);
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out).toContain('Campaign starts (2)');
    expect(out.find((line) => line.includes('+1h') && line.includes('started the journey (pass 1)'))).toBeDefined();
    expect(out.find((line) => line.includes('+1d') && line.endsWith('skipped: the contact is already in the journey'))).toBeDefined();
  });

  it('checks the outcome of each campaign start a case expects: a passing case, and a failing one that says which start differs', async () => {
    const events = [{ at: '1h', campaign: true }, { at: '1d', campaign: true }, { at: '3d', campaign: true }];
    const right = { name: 'started once, then kept out', contact, events, expect: { campaigns: [{ status: 'enrolled', pass: 1, at: '1h' }, { status: 'skipped', reason: 'in_journey' }, { status: 'skipped', reason: 'reentry' }] } };
    // Expects the journey's "never" re-entry rule to let the contact in again: it does not.
    const wrong = { name: 'expects a second pass', contact, events, expect: { campaigns: [{ status: 'enrolled' }, { status: 'skipped', reason: 'in_journey' }, { status: 'enrolled', pass: 2 }] } };
    const file = write('news-expect.json', newsletter([right, wrong]));
    const run = await parcours(['test', file]);
    expect(run.code).toBe(1);
    const out = lines(run.stdout);
    expect(out).toContain('  ✓ started once, then kept out');
    expect(out).toContain('  ✗ expects a second pass');
    expect(out).toContain('      campaign start 3: expected enrolled (pass 2), got skipped (reentry) at 2026-01-08T08:00:00.000Z');
    const expected = out.indexOf('      campaign starts expected:');
    expect(out.slice(expected, expected + 8)).toEqual([
      '      campaign starts expected:',
      '        1. enrolled',
      '        2. skipped (in_journey)',
      '        3. enrolled (pass 2)',
      '      campaign starts:',
      '        1. enrolled (pass 1) at +1h',
      '        2. skipped (in_journey) at +1d',
      '        3. skipped (reentry) at +3d',
    ]);
    expect(out).toContain('1 passed, 1 failed');
  });

  it('refuses a case whose expected campaign start is malformed, located on the file, the case and the field', async () => {
    const good = { name: 'good', contact, events: [{ at: '1d', campaign: true }], expect: { campaigns: [{ status: 'enrolled' }] } };
    const bad = { name: 'bad', contact, events: [{ at: '1d', campaign: true }], expect: { campaigns: [{ status: 'skipped', reason: 'too_late' }] } };
    const file = write('news-expect-bad.json', newsletter([good, bad]));
    const run = await parcours(['test', file]);
    expect(run.code).toBe(1);
    expect(lines(run.stdout)).toContain(`    ${file}: tests[1].expect.campaigns[0].reason: must be one of "in_journey", "reentry", "left_segment", "journey_not_live", "local_time_passed", "cancelled", "over_ceiling"`);
    expect(run.stdout).not.toContain('✓');
  });

  it("starts a local-time campaign at the contact's own time, in a test case and in a simulation's trace", async () => {
    // The campaign is at 09:00 in Paris on the 6th (08:00 UTC); in Tokyo that is midnight UTC, 8 hours earlier.
    const local = { at: '1d', campaign: true, localTime: true, timeZone: 'Europe/Paris' };
    const tokyo = { ...contact, timeZone: 'Asia/Tokyo' };
    const atNine = { name: 'at nine in Tokyo', contact: tokyo, events: [local], expect: { campaigns: [{ status: 'enrolled', at: '2026-01-06T00:00:00Z' }], messages: [{ channel: 'email', at: '16h' }] } };
    const run = await parcours(['test', write('news-local.json', newsletter([atNine]))]);
    expect(lines(run.stdout)).toContain('  ✓ at nine in Tokyo');
    expect(run.code).toBe(0);
    const sim = await parcours(['simulate', write('news-local-sim.json', newsletter([])), '--contact', write('tokyo.json', tokyo), '--events', write('local-events.json', [local])]);
    expect(sim.code).toBe(0);
    expect(lines(sim.stdout).find((line) => line.includes('started the journey (pass 1)'))).toMatch(/^ {2}2026-01-06 09:00:00\+09:00 +\+16h +started/);
  });

  it('runs every saved case of a directory and exits 0 when all pass', async () => {
    const suite = join(dir, 'passing');
    mkdirSync(suite);
    writeFileSync(join(suite, 'welcome.json'), readFileSync(join(SCENARIOS, 'welcome.json')));
    writeFileSync(join(suite, 'renewal.json'), readFileSync(join(SCENARIOS, 'renewal.json')));
    writeFileSync(join(suite, 'scenario.schema.json'), '{"not": "a scenario"}');
    const run = await parcours(['test', suite]);
    const total = caseCount('welcome.json') + caseCount('renewal.json');
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out.filter((line) => line.startsWith('  ✓ '))).toHaveLength(total);
    expect(out).toContain(`${total} passed, 0 failed`);
  });

  it('defaults to scenarios/ in the current directory', async () => {
    const project = join(dir, 'project');
    mkdirSync(join(project, 'scenarios'), { recursive: true });
    writeFileSync(join(project, 'scenarios', 'birthday.json'), readFileSync(join(SCENARIOS, 'birthday.json')));
    const run = await parcours(['test'], project);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toContain(`${caseCount('birthday.json')} passed, 0 failed`);
  });

  it('shows what differed in a failing case, exits 1, and writes a JUnit report', async () => {
    const scenario = readScenario('welcome.json');
    // Claim the opener gets the nudge and converts: wrong path, wrong message and wrong status.
    const wrong = scenario.tests[0];
    wrong.name = 'opener <gets> the "nudge" & converts';
    wrong.expect.path = ['signed_up', 'send_welcome', 'wait_2d', 'engaged', 'send_nudge', 'wait_3d', 'send_offer', 'wait_order', 'welcome_done'];
    wrong.expect.messages[1].template = 'welcome_nudge';
    wrong.expect.status = 'converted';
    const file = write('failing.json', scenario);
    const report = join(dir, 'junit.xml');
    const run = await parcours(['test', file, '--junit', report]);

    expect(run.code).toBe(1);
    const out = lines(run.stdout);
    const passed = scenario.tests.length - 1;
    expect(out).toContain(`  ✗ ${wrong.name}`);
    expect(out.filter((line) => line.startsWith('  ✓ '))).toHaveLength(passed);
    expect(out).toContain('      status: expected converted, got exited');
    expect(out).toContain('      path (- expected, + actual):');
    expect(out).toContain('        - send_nudge');
    expect(out).toContain('        + send_tips');
    expect(out).toContain('          engaged');
    expect(out).toContain('        2. email welcome_nudge at +2d10m');
    expect(out).toContain('        2. email getting_started_tips (node send_tips) at +2d10m');
    expect(out.at(-1)).toBe(`${passed} passed, 1 failed`);

    const xml = readFileSync(report, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="parcours" tests="5" failures="1" errors="0" time="[\d.]+">/);
    expect(xml).toContain(`<testsuite name="welcome-series" file="${file}" tests="5" failures="1" errors="0"`);
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml).toContain('<testcase name="opener &lt;gets&gt; the &quot;nudge&quot; &amp; converts" classname="welcome-series"');
    expect(xml).toMatch(/<failure message="path: expected [^"]*" type="expectation">[^<]*status: expected converted, got exited[^<]*<\/failure>/);
  });

  it('counts an invalid scenario and an unreadable file as failures', async () => {
    const invalid = write('invalid.json', { ...readScenario('birthday.json'), edges: [] });
    const unreadable = write('unreadable.json', '{"id": ');
    const report = join(dir, 'junit-errors.xml');
    const run = await parcours(['test', invalid, unreadable, '--junit', report]);
    expect(run.code).toBe(2);
    expect(lines(run.stdout)).toContain(`✗ ${invalid}: invalid scenario, no case run`);
    expect(lines(run.stderr)).toEqual([`${unreadable}:1:8: invalid JSON: expected a value`]);
    expect(lines(run.stdout).at(-1)).toBe('0 passed, 2 failed');
    const xml = readFileSync(report, 'utf8');
    expect(xml).toContain('errors="2"');
    expect(xml.match(/<error message=/g)).toHaveLength(2);
  });

  it('stops on a directory without scenarios (exit 2)', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const run = await parcours(['test', empty]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([`${empty}: no scenario files (*.json) in this directory`]);
  });
});

describe('coverage and suggested cases', () => {
  it('reports the branch outputs the cases do not take, and suggests cases that take them', async () => {
    const scenario = readScenario('abandoned-cart.json');
    scenario.tests = scenario.tests.slice(0, 1);
    const file = write('cart-one-case.json', scenario);

    const before = await parcours(['test', file, '--coverage']);
    expect(before.code).toBe(0);
    const notTaken = lines(before.stdout).filter((line) => line.startsWith('    not taken: '));
    expect(notTaken.length).toBeGreaterThan(0);

    const suggest = await parcours(['suggest', file]);
    expect(suggest.code).toBe(0);
    const suggested = JSON.parse(suggest.stdout) as Array<{ name: string }>;
    expect(suggested.length).toBeGreaterThan(0);
    expect(suggested.every((c) => c.name.startsWith('covers '))).toBe(true);

    const completed = write('cart-completed.json', { ...scenario, tests: [...scenario.tests, ...suggested] });
    const after = await parcours(['test', completed, '--coverage']);
    expect(after.code).toBe(0);
    expect(lines(after.stdout).filter((line) => line.startsWith('    not taken: '))).toEqual([]);
    expect(lines(after.stdout).find((line) => line.includes('coverage:'))).toMatch(/outputs (\d+)\/\1 \(100%\)/);
  });
});
