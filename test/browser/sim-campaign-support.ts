import { type AppSession, openApp, type RunningServer } from './harness.ts';

/** A journey a campaign starts in the simulation panel's tests: API entry, two days' rest, the end; never twice. */
export const journeyToStart = (id: string, name: string) => ({
  schemaVersion: 1,
  id,
  name,
  settings: { reentry: { policy: 'never' } },
  nodes: [
    { id: 'start', type: 'entry.api', config: {}, position: { x: 0, y: 0 } },
    { id: 'rest', type: 'wait.delay', config: { duration: '2d' }, position: { x: 0, y: 160 } },
    { id: 'done', type: 'flow.exit', config: {}, position: { x: 0, y: 320 } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'rest' },
    { id: 'e2', source: 'rest', sourceHandle: 'next', target: 'done' },
  ],
});

/** The app on a server holding `journey` (and what `seed` adds), signed in, for the simulation panel's tests. */
export async function openWithJourney(journey: object, seed?: (s: RunningServer) => Promise<void>): Promise<AppSession> {
  return openApp({
    viewport: { width: 1440, height: 1000 },
    signIn: true,
    seed: async (s) => {
      const created = await s.api('POST', '/scenarios', journey);
      if (created.status !== 201) throw new Error(`could not create the scenario: ${JSON.stringify(created.body)}`);
      await seed?.(s);
    },
  });
}
