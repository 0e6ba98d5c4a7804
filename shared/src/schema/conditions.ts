import { z } from 'zod';
import { Duration, JsonValue, MESSAGE_CHANNELS } from './primitives.ts';

/** Comparison operators shared by property filters and attribute conditions. */
export const Operator = z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'exists', 'not_exists']);
export type Operator = z.infer<typeof Operator>;

/** A test on one property of an event (dot path into its properties), e.g. `cart.total gte 50`. */
export const PropertyFilter = z
  .object({
    property: z.string().min(1),
    op: Operator,
    value: JsonValue.optional(),
  })
  .strict();
export type PropertyFilter = z.infer<typeof PropertyFilter>;

/** An event name plus optional property filters (all must hold). */
export const EventMatcher = z.object({
  event: z.string().min(1),
  where: z.array(PropertyFilter).optional(),
});
export type EventMatcher = z.infer<typeof EventMatcher>;

const AttributeCondition = z.object({
  attribute: z.string().min(1),
  op: Operator,
  value: JsonValue.optional(),
});

/** "Did the contact do X (at least N times) in the last D?" over the contact's event history. */
const EventCondition = z.object({
  event: z.string().min(1),
  where: z.array(PropertyFilter).optional(),
  within: Duration.optional(),
  count: z.object({ op: z.enum(['eq', 'gte', 'lte', 'gt', 'lt']), value: z.number().int().min(0) }).optional(),
});

const ListCondition = z.object({ inList: z.string().min(1) });

/** "Has the contact given consent for this channel?" (a negation reads "has not"). */
const ConsentCondition = z.object({ consent: z.enum(MESSAGE_CHANNELS) });

export type Condition =
  | z.infer<typeof AttributeCondition>
  | z.infer<typeof EventCondition>
  | z.infer<typeof ListCondition>
  | z.infer<typeof ConsentCondition>
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** A condition on attributes, lists, consents and event history, composable with all / any / not. */
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    AttributeCondition.strict(),
    EventCondition.strict(),
    ListCondition.strict(),
    ConsentCondition.strict(),
    z.object({ all: z.array(Condition).min(1) }).strict(),
    z.object({ any: z.array(Condition).min(1) }).strict(),
    z.object({ not: Condition }).strict(),
  ]),
);
