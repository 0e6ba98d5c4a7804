import { describe, expect, it } from 'vitest';
import { CampaignVolume, heldBackFromJourney, overCeiling, Scenario, volumeTarget, type ContactFacts, type SentMessage } from '../src/index.ts';

const order = { attribute: 'score', direction: 'desc' as const };

describe('campaign volume: the definition', () => {
  it('takes a floor, a ceiling or both, with an order (desc by default)', () => {
    expect(CampaignVolume.parse({ max: 5, orderBy: { attribute: 'score' } })).toEqual({ max: 5, orderBy: order });
    expect(CampaignVolume.safeParse({ min: 5, max: 5, orderBy: order }).success).toBe(true);
  });

  it('refuses a floor above the ceiling, neither, or an attribute name that could end the JSON path', () => {
    const path = (value: unknown) => CampaignVolume.safeParse(value).error?.issues.map((i) => i.path.join('.'));
    expect(path({ min: 6, max: 5, orderBy: order })).toEqual(['min']);
    expect(path({ orderBy: order })).toEqual(['min']);
    expect(path({ max: 5 })).toEqual(['orderBy']);
    expect(path({ max: 5, orderBy: { attribute: "a'b" } })).toEqual(['orderBy.attribute']);
  });

  it('a run means to start the segment brought within the floor and the ceiling', () => {
    expect(volumeTarget(10, undefined)).toBe(10);
    expect(volumeTarget(10, { min: 20, orderBy: order })).toBe(20);
    expect(volumeTarget(10, { max: 4, orderBy: order })).toBe(4);
    expect(volumeTarget(10, { min: 2, max: 40, orderBy: order })).toBe(10);
    expect(overCeiling(10, { max: 10, orderBy: order })).toBe(false);
    expect(overCeiling(11, { max: 10, orderBy: order })).toBe(true);
    expect(overCeiling(11, { min: 10, orderBy: order })).toBe(false);
  });
});

describe('campaign volume: who widening may add', () => {
  const journey = Scenario.parse({
    schemaVersion: 1,
    id: 'news',
    name: 'News',
    settings: { frequencyCaps: [{ channel: 'email', max: 1, per: '7d' }], quietHours: { start: '00:00', end: '23:59' } },
    templates: [{ id: 't', channel: 'email', subject: 'S', html: '<p>x</p>' }],
    nodes: [
      { id: 'start', type: 'entry.api', config: {}, position: { x: 0, y: 0 } },
      { id: 'mail', type: 'action.email', config: { template: 't', topic: 'offers' }, position: { x: 0, y: 100 } },
      { id: 'done', type: 'flow.exit', config: {}, position: { x: 0, y: 200 } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'mail' },
      { id: 'e2', source: 'mail', target: 'done' },
    ],
  });
  const now = Date.parse('2026-01-05T10:00:00Z');
  const contact = (extra: Partial<ContactFacts> = {}): ContactFacts => ({ id: 'c', attributes: {}, consents: { email: true }, timeZone: 'UTC', lists: [], events: [], ...extra });
  const judge = (facts: ContactFacts, sent: SentMessage[] = []) => heldBackFromJourney(journey, { contact: facts, sent, now })?.rule;

  it('passes a contact the journey would reach (quiet hours only delay a send)', () => {
    expect(judge(contact())).toBeUndefined();
  });

  it("holds back by the engine's own rules: consent, suppression, the node's topic, a frequency cap", () => {
    expect(judge(contact({ consents: {} }))).toBe('consent');
    expect(judge(contact({ suppressed: ['email'] }))).toBe('suppressed');
    expect(judge(contact({ preferences: { topics: { offers: { email: false } }, frequency: 'any' } as never }))).toBe('topic');
    expect(judge(contact(), [{ channel: 'email', at: now - 86_400_000, scenarioId: 'news' }])).toBe('frequency_cap');
  });
});
