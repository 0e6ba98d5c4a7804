import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleContactIds } from '../src/store/forecast-sample.ts';
import { harness, type Harness } from './helpers.ts';

let h: Harness;
beforeEach(async () => {
  h = harness();
  // Twenty contacts (rowids 1..20 on SQLite); the 2nd to the 15th erased: one contact, a long gap, then five.
  const contacts = Array.from({ length: 20 }, (_, i) => ({ id: `c${String(i + 1).padStart(2, '0')}` }));
  expect((await h.call('POST', '/contacts/batch', { contacts })).status).toBe(200);
  for (const { id } of contacts.slice(1, 15)) expect((await h.call('DELETE', `/contacts/${id}`)).status).toBe(204);
});
afterEach(() => h.close());

describe('forecast sampling', () => {
  it('draws distinct existing contacts, all of them when fewer than asked', () => {
    const three = sampleContactIds(h.db, 3);
    expect(new Set(three).size).toBe(3);
    expect(three.every((id) => ['c01', 'c16', 'c17', 'c18', 'c19', 'c20'].includes(id))).toBe(true);
    expect(sampleContactIds(h.db, 50).sort()).toEqual(['c01', 'c16', 'c17', 'c18', 'c19', 'c20']);
  });

  it('is fair across gaps: the contact after an erased run is drawn no more often than the others', () => {
    // A draw that moved a probe to the next contact would pick c16 about 15 times in 20.
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const [id] = sampleContactIds(h.db, 1);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['c01', 'c16', 'c17', 'c18', 'c19', 'c20']);
    // 500 expected each; 150 away is more than seven standard deviations.
    for (const count of counts.values()) expect(Math.abs(count - 500)).toBeLessThan(150);
  });
});
