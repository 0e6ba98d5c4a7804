import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recentEventNames } from '../src/store/event-names.ts';
import { harness, START, type Harness } from './helpers.ts';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const track = (userId: string, event: string, at: number) => h.call('POST', '/track', { userId, event, timestamp: new Date(at).toISOString() });

describe('event names for the builders', () => {
  it('lists the names contacts did, most frequent first, with when each was last done', async () => {
    expect((await h.call('GET', '/event-names')).body).toEqual({ scanned: 0, names: [] });
    await track('ann', 'page_viewed', START - 3_000);
    await track('bob', 'order_completed', START - 2_000);
    await track('ann', 'page_viewed', START - 1_000);
    await track('cat', 'page_viewed', START - 5_000);

    const answer = await h.call('GET', '/event-names');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      scanned: 4,
      names: [
        { name: 'page_viewed', events: 3, lastAt: new Date(START - 1_000).toISOString() },
        { name: 'order_completed', events: 1, lastAt: new Date(START - 2_000).toISOString() },
      ],
    });
  });

  it('reads only the newest events, so the cost does not grow with the history', async () => {
    await track('ann', 'signed_up', START);
    await track('ann', 'page_viewed', START - 3_000);
    await track('ann', 'page_viewed', START - 2_000);
    expect(recentEventNames(h.db, 2)).toEqual({ scanned: 2, names: [{ name: 'page_viewed', events: 2, lastAt: new Date(START - 2_000).toISOString() }] });
  });
});
