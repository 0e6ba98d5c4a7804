import { z } from 'zod';
import { Condition, EventMatcher, PropertyFilter } from './conditions.ts';
import { CalendarDate, Duration, Identifier, JsonValue, TimeOfDay, Weekday } from './primitives.ts';

const Position = z.object({ x: z.number(), y: z.number() }).strict();

/** What a send does when a frequency cap forbids it now: drop it, or wait until the cap allows it. */
const OnCap = z.enum(['skip', 'defer']).default('skip');

function node<T extends string, C extends z.ZodTypeAny>(type: T, config: C) {
  return z.object({
    id: Identifier,
    type: z.literal(type),
    label: z.string().max(200).optional(),
    config,
    position: Position.default({ x: 0, y: 0 }),
  }).strict();
}

const MessageConfig = z
  .object({
    template: Identifier,
    onCap: OnCap,
    /** Send this template to a contact at most once from this scenario, whatever the pass (A/B variants, re-entry). */
    once: z.boolean().default(false),
  })
  .strict();

export const NODE_SCHEMAS = {
  // entry
  'entry.event': node('entry.event', EventMatcher.strict()),
  'entry.segment': node('entry.segment', z.object({ condition: Condition }).strict()),
  'entry.date': node(
    'entry.date',
    z
      .object({
        attribute: z.string().min(1),
        offsetDays: z.number().int().min(-366).max(366).default(0),
        at: TimeOfDay.default('09:00'),
        recurrence: z.enum(['yearly', 'once']).default('yearly'),
      })
      .strict(),
  ),
  'entry.api': node('entry.api', z.object({}).strict()),
  // wait
  'wait.delay': node('wait.delay', z.object({ duration: Duration }).strict()),
  'wait.until': node(
    'wait.until',
    z
      .object({
        date: CalendarDate.optional(),
        attribute: z.string().min(1).optional(),
        offsetDays: z.number().int().min(-366).max(366).optional(),
        time: TimeOfDay,
      })
      .strict()
      .refine((c) => !(c.date && c.attribute), { message: 'give either a date or an attribute, not both', path: ['date'] }),
  ),
  'wait.event': node('wait.event', EventMatcher.extend({ timeout: Duration }).strict()),
  'wait.condition': node('wait.condition', z.object({ condition: Condition, timeout: Duration }).strict()),
  'wait.window': node(
    'wait.window',
    z.object({ days: z.array(Weekday).min(1), start: TimeOfDay, end: TimeOfDay }).strict(),
  ),
  // branch
  'branch.condition': node('branch.condition', z.object({ condition: Condition }).strict()),
  'branch.switch': node(
    'branch.switch',
    z
      .object({
        cases: z
          .array(
            z
              .object({
                id: Identifier.refine((id) => id !== 'default', '"default" is the name of the fallback output'),
                label: z.string().optional(),
                condition: Condition,
              })
              .strict(),
          )
          .min(1),
      })
      .strict(),
  ),
  'branch.split': node(
    'branch.split',
    z
      .object({
        variants: z
          .array(
            z
              .object({
                id: Identifier,
                label: z.string().optional(),
                percent: z.number().min(0).max(100),
                /** A holdout arm: counted for comparison, meant to receive nothing. */
                control: z.boolean().default(false),
              })
              .strict(),
          )
          .min(2),
      })
      .strict(),
  ),
  // action
  'action.email': node('action.email', MessageConfig),
  'action.sms': node('action.sms', MessageConfig),
  'action.push': node('action.push', MessageConfig),
  'action.webhook': node(
    'action.webhook',
    z
      .object({
        url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }),
        method: z.enum(['POST', 'PUT', 'PATCH', 'GET', 'DELETE']).default('POST'),
        template: Identifier.optional(),
        headers: z.record(z.string(), z.string()).optional(),
      })
      .strict(),
  ),
  'action.attribute': node(
    'action.attribute',
    z.object({ attribute: z.string().min(1), op: z.enum(['set', 'unset']).default('set'), value: JsonValue.optional() }).strict(),
  ),
  'action.score': node('action.score', z.object({ attribute: z.string().min(1).default('score'), delta: z.number() }).strict()),
  'action.list': node('action.list', z.object({ list: z.string().min(1), op: z.enum(['add', 'remove']) }).strict()),
  'action.scenario': node('action.scenario', z.object({ scenario: Identifier }).strict()),
  // flow
  'flow.goal': node(
    'flow.goal',
    z.object({ event: z.string().min(1).optional(), where: z.array(PropertyFilter).optional() }).strict(),
  ),
  'flow.exit': node('flow.exit', z.object({}).strict()),
} as const;

export type NodeType = keyof typeof NODE_SCHEMAS;
export const NODE_TYPES = Object.keys(NODE_SCHEMAS) as NodeType[];

export const ScenarioNode = z.discriminatedUnion(
  'type',
  Object.values(NODE_SCHEMAS) as unknown as [
    (typeof NODE_SCHEMAS)[NodeType],
    ...(typeof NODE_SCHEMAS)[NodeType][],
  ],
);
export type ScenarioNode = z.infer<typeof ScenarioNode>;
export type NodeOf<T extends NodeType> = Extract<ScenarioNode, { type: T }>;
