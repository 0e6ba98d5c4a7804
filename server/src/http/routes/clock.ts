import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { Duration, parseDuration } from '@parcours/shared';
import { ManualClock } from '../../clock.ts';
import { advanceClock } from '../../runtime/advance-clock.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { body, errors, json } from './common.ts';

const tags = ['clock'];
/** One move may span five years at most (as a wait may): beyond, firing what falls due would hold the server too long. */
const MAX_MOVE = (5 * 365 + 1) * 86_400_000;

const ClockSchema = z
  .object({ now: z.iso.datetime({ offset: true }), mode: z.literal('manual') })
  .openapi('Clock', { example: { now: '2026-01-07T08:00:00.000Z', mode: 'manual' } });

const MoveSchema = z
  .object({
    advance: Duration.optional().openapi({ description: 'how far to move, e.g. "2d" or "1d12h"' }),
    to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'the instant to move to (not before the current one)' }),
  })
  .strict()
  .superRefine((move, ctx) => {
    if (move.advance !== undefined && move.to !== undefined) ctx.addIssue({ code: 'custom', path: ['to'], message: 'give either "advance" or "to", not both' });
    if (move.advance === undefined && move.to === undefined) ctx.addIssue({ code: 'custom', path: ['advance'], message: 'give "advance" (a duration) or "to" (an ISO instant)' });
  })
  .openapi('ClockMove', { example: { advance: '2d' } });

const bodyIssue = (field: string, message: string) => new ApiError(400, 'invalid_request', `invalid body: ${field}: ${message}`, [{ path: [field], message }]);

/**
 * The server clock, for end-to-end tests on the real server: with PARCOURS_CLOCK=manual, time moves
 * only when told, firing the timers and date entries due on the way. With the real clock, 404.
 */
export function clockRoutes(app: OpenAPIHono<AppEnv>, { clock, runtime }: AppDeps): void {
  const manual = (): ManualClock => {
    if (clock instanceof ManualClock) return clock;
    throw new ApiError(404, 'not_found', 'the server runs on the real clock: start it with PARCOURS_CLOCK=manual to move time by hand');
  };
  const answer = (at: number) => ({ now: new Date(at).toISOString(), mode: 'manual' as const });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/clock',
      tags,
      summary: 'The manual clock (PARCOURS_CLOCK=manual); 404 on the real clock',
      responses: { 200: json(ClockSchema, 'the current instant'), ...errors(404) },
    }),
    (c) => c.json(answer(manual().now()), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/clock',
      tags,
      summary: 'Move the manual clock forward, firing every timer and date entry due on the way, in due order',
      request: body(MoveSchema),
      responses: { 200: json(ClockSchema, 'the new instant'), ...errors(400, 404) },
    }),
    (c) => {
      const clock = manual();
      const move = c.req.valid('json');
      const from = clock.now();
      const target = move.to !== undefined ? Date.parse(move.to) : from + parseDuration(move.advance!);
      const field = move.to !== undefined ? 'to' : 'advance';
      if (target < from) throw bodyIssue('to', `must not be before the current instant ${new Date(from).toISOString()}: the clock cannot go back`);
      if (target - from > MAX_MOVE) throw bodyIssue(field, `must move the clock by at most ${MAX_MOVE / 86_400_000} days`);
      advanceClock(runtime, clock, target);
      return c.json(answer(clock.now()), 200);
    },
  );
}
