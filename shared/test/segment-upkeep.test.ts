import { describe, expect, it } from 'vitest';
import { evaluateCondition, eventMayChangeMembership, nextTimeChange, parseDuration, type Condition, type ContactEvent, type ContactFacts, type SavedSegment } from '../src/index.ts';

const DAY = 86_400_000;
const now = Date.parse('2026-06-01T12:00:00Z');
const facts = (attributes: Record<string, string> = {}, events: ContactEvent[] = []): ContactFacts => ({ id: 'c', attributes, consents: {}, timeZone: 'UTC', lists: [], events });
const order = (at = now, total = 80): ContactEvent => ({ name: 'order', at, properties: { total } });
const segment = (condition: Condition, computing = false): SavedSegment => ({ id: 's', condition, ...(computing ? { computing } : {}) });

describe('whether an event may change a saved segment membership, judged without the event history', () => {
  const recent = segment({ event: 'order', within: '7d' });

  it('is no for an event none of its event conditions counts', () => {
    const big = segment({ event: 'order', within: '7d', where: [{ property: 'total', op: 'gte', value: 50 }] });
    expect(eventMayChangeMembership(big, { name: 'visit', at: now, properties: {} }, facts(), false, now)).toBe(false);
    expect(eventMayChangeMembership(big, order(now, 10), facts(), false, now)).toBe(false);
    expect(eventMayChangeMembership(big, order(now - 8 * DAY), facts(), false, now)).toBe(false);
    expect(eventMayChangeMembership(big, order(now), facts(), false, now)).toBe(true);
  });

  it('is no when the attributes settle the condition as recorded, yes when they settle it otherwise', () => {
    const team = segment({ all: [{ attribute: 'plan', op: 'eq', value: 'team' }, { not: { event: 'order', within: '45d' } }] });
    expect(eventMayChangeMembership(team, order(), facts({ plan: 'free' }), false, now)).toBe(false);
    expect(eventMayChangeMembership(team, order(), facts({ plan: 'free' }), true, now)).toBe(true);
    expect(eventMayChangeMembership(team, order(), facts({ plan: 'team' }), true, now)).toBe(true);
  });

  it('is no when the attributes leave the event condition the only open part of a condition that fails as recorded', () => {
    const team = segment({ all: [{ attribute: 'plan', op: 'eq', value: 'team' }, { not: { event: 'order', within: '45d' } }] });
    // On the team plan and out: an order counted within 45 days keeps the contact out, and one more keeps it so.
    expect(eventMayChangeMembership(team, order(), facts({ plan: 'team' }), false, now)).toBe(false);
    const either = segment({ any: [{ attribute: 'plan', op: 'eq', value: 'team' }, { event: 'order', within: '7d', count: { op: 'gte', value: 2 } }] });
    expect(eventMayChangeMembership(either, order(), facts({ plan: 'free' }), true, now)).toBe(false);
    expect(eventMayChangeMembership(either, order(), facts({ plan: 'free' }), false, now)).toBe(true);
  });

  it('is no for a member of "at least" that one more event keeps, yes for an outsider or an event from the past', () => {
    expect(eventMayChangeMembership(recent, order(), facts(), true, now)).toBe(false);
    expect(eventMayChangeMembership(recent, order(), facts(), false, now)).toBe(true);
    // An older event may leave the window before the ones counted so far: the next re-check may move.
    expect(eventMayChangeMembership(recent, order(now - DAY), facts(), true, now)).toBe(true);
    expect(eventMayChangeMembership(segment({ event: 'order', count: { op: 'gte', value: 2 } }), order(now - DAY), facts(), true, now)).toBe(false);
  });

  it('is no for an outsider of "not ... within", which one more event keeps out', () => {
    const lapsed = segment({ not: { event: 'order', within: '30d' } });
    expect(eventMayChangeMembership(lapsed, order(), facts(), false, now)).toBe(false);
    expect(eventMayChangeMembership(lapsed, order(), facts(), true, now)).toBe(true);
  });

  it('is yes where the membership forces nothing on the event condition, or one more event may flip it', () => {
    expect(eventMayChangeMembership(segment({ any: [{ event: 'visit', within: '7d' }, { event: 'order', within: '7d' }] }), order(), facts(), true, now)).toBe(true);
    expect(eventMayChangeMembership(segment({ event: 'order', count: { op: 'lte', value: 3 } }), order(), facts(), true, now)).toBe(true);
    expect(eventMayChangeMembership(segment({ event: 'order', count: { op: 'eq', value: 1 } }), order(), facts(), false, now)).toBe(true);
  });

  it('is yes for every event a segment counts while its membership is being computed', () => {
    expect(eventMayChangeMembership(segment({ event: 'order', within: '7d' }, true), order(), facts(), true, now)).toBe(true);
  });
});

/** A deterministic pseudo-random sequence (mulberry32), so that a failure replays. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('a "no" is exact: the event changes neither the truth nor when time may change it', () => {
  const next = random(14);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const WINDOWS = [undefined, '3d', '10d'] as const;
  const OPS = ['eq', 'gte', 'lte', 'gt', 'lt'] as const;

  function leaf(): Condition {
    const roll = next();
    if (roll < 0.25) return { attribute: 'plan', op: 'eq', value: pick(['pro', 'free']) };
    const within = pick(WINDOWS);
    const count = next() < 0.5 ? undefined : { op: pick(OPS), value: Math.floor(next() * 3) };
    const where = next() < 0.3 ? [{ property: 'total', op: 'gte' as const, value: 50 }] : undefined;
    return { event: pick(['order', 'visit']), ...(within ? { within } : {}), ...(count ? { count } : {}), ...(where ? { where } : {}) };
  }
  function condition(depth: number): Condition {
    const roll = next();
    if (depth === 0 || roll < 0.35) return leaf();
    if (roll < 0.55) return { not: condition(depth - 1) };
    const parts = Array.from({ length: 1 + Math.floor(next() * 3) }, () => condition(depth - 1));
    return roll < 0.8 ? { all: parts } : { any: parts };
  }
  const anEvent = (): ContactEvent => ({ name: pick(['order', 'visit']), at: next() < 0.7 ? now : now - Math.floor(next() * 12 * DAY), properties: { total: pick([10, 80]) } });

  /** The instants after `now` at which time alone could change the truth with these events: each leaves a window there. */
  const windowEdges = (events: ContactEvent[]) => WINDOWS.flatMap((w) => (w ? events.map((e) => e.at + parseDuration(w) + 1) : [])).filter((t) => t > now);

  it('over 3,000 random conditions, histories and events', () => {
    let skipped = 0;
    for (let round = 0; round < 3000; round++) {
      const saved = segment(condition(3));
      const before = facts({ plan: pick(['pro', 'free']) }, Array.from({ length: Math.floor(next() * 4) }, anEvent).sort((a, b) => a.at - b.at));
      const member = evaluateCondition(saved.condition, before, now);
      const event = anEvent();
      if (eventMayChangeMembership(saved, event, before, member, now)) continue;
      skipped++;
      const after = { ...before, events: [...before.events, event].sort((a, b) => a.at - b.at) };
      const context = JSON.stringify({ condition: saved.condition, events: before.events, event, member });
      expect(evaluateCondition(saved.condition, after, now), context).toBe(member);
      const recheck = { before: nextTimeChange(saved.condition, before, now), after: nextTimeChange(saved.condition, after, now) };
      // Either the next re-check stays, or time cannot change the truth at all with these facts.
      if (recheck.before !== recheck.after) {
        for (const at of windowEdges(after.events)) expect(evaluateCondition(saved.condition, after, at), context).toBe(member);
      }
    }
    // The rule must skip a fair share, or it saves nothing.
    expect(skipped).toBeGreaterThan(600);
  });
});
