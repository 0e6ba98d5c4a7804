import { assign, setup, type AnyStateMachine } from 'xstate';
import { matchesEvent } from '../conditions/evaluate.ts';
import { readsEvents } from '../conditions/timing.ts';
import { digestClosedReason } from '../engine/digest.ts';
import type { ContactEvent } from '../engine/types.ts';
import { remember, sameAsHolds, sourceOf, TRIGGER_SOURCE, VISIT_COUNTED, type SameAs } from '../nodes/index.ts';
import type { EventMatcher } from '../schema/conditions.ts';
import { definitionOf, familyOf, outputsOf } from '../schema/catalogue.ts';
import type { NodeOf, ScenarioNode } from '../schema/nodes.ts';
import type { Scenario } from '../schema/scenario.ts';
import { hooksOf, type MachineContext, type MachineEvent, type MachineHooks, type MachineInput } from './hooks.ts';

/** Whether the event being processed is the one awaited: it matches, with the property `sameAs` asks for. */
function awaited(context: MachineContext, hooks: MachineHooks, config: EventMatcher & { sameAs?: SameAs }): boolean {
  return hooks.eventMatches(config) && sameAsHolds(config.sameAs, context.remembered, hooks.eventProperties());
}

/** The properties each source (the trigger, or a wait-for-event node) must remember for the scenario's `sameAs` checks. */
function sameAsSources(scenario: Scenario): Map<string, Set<string>> {
  const sources = new Map<string, Set<string>>();
  for (const node of scenario.nodes) {
    const sameAs = node.type === 'wait.event' || node.type === 'flow.goal' ? node.config.sameAs : undefined;
    if (!sameAs) continue;
    const source = sourceOf(sameAs);
    sources.set(source, (sources.get(source) ?? new Set()).add(sameAs.property));
  }
  return sources;
}

/** Final states that are not nodes of the scenario. Node ids cannot start with "_", so none collides. */
const EXITED = '__exited';
export const CONVERTED = '__converted';
/** Where an unconnected output leads (a draft may have one): the contact simply leaves. */
const DEAD_END = '__end';

export interface CompiledScenario {
  scenario: Scenario;
  machine: AnyStateMachine;
  entry: ScenarioNode;
  nodes: ReadonlyMap<string, ScenarioNode>;
  /** The node an output leads to, or undefined when unconnected. */
  targetOf(node: string, output: string): string | undefined;
  /**
   * Whether an event (or, with none, a change of the contact's facts) can move a contact resting at
   * `node`, its timer aside. False when no transition of the node matches the event and nothing the
   * node waits on is re-read on every input: the machine would hand back the same snapshot, so the
   * engine need not restore and run it.
   */
  mayMove(node: string, event?: ContactEvent): boolean;
  /** Whether the event can move a contact resting anywhere in this version: if not, none of its enrolments need be read for it. */
  mayMoveAnywhere(event: ContactEvent): boolean;
}

/** What can move a contact resting at a node: events its transitions match, and conditions re-read on new facts or on any event. */
interface Resting {
  matchers: EventMatcher[];
  rereadsCondition: boolean;
  /** A condition over the event history: any event may change it (by matching it, or as time moves its window). */
  anyEvent: boolean;
}

export function entryNodeOf(scenario: Scenario): ScenarioNode {
  const entry = scenario.nodes.find((n) => familyOf(n.type) === 'entry');
  if (!entry) throw new Error(`scenario ${scenario.id} has no entry node`);
  return entry;
}

type Transition = Record<string, unknown>;

/**
 * Compiles a scenario into one XState v5 machine: one state per node. Waits and sends never use
 * XState timers or side effects: on arrival they call `hooks.arrive`, the engine answers with
 * effects (a wake-up to persist, a message for the outbox) and the machine moves on when a TIMER
 * event for that node and visit arrives, or at once when the engine said the node is ready.
 */
export function compileScenario(scenario: Scenario): CompiledScenario {
  const nodes = new Map(scenario.nodes.map((n) => [n.id, n]));
  const edges = new Map(scenario.edges.map((e) => [`${e.source}\u0000${e.sourceHandle}`, e.target]));
  const targetOf = (node: string, output: string) => {
    const target = edges.get(`${node}\u0000${output}`);
    return target !== undefined && nodes.has(target) ? target : undefined;
  };
  const entry = entryNodeOf(scenario);
  const referenced = sameAsSources(scenario);
  // The trigger's and awaited events' properties that a later `sameAs` compares with, kept in the context.
  const rememberFrom = (source: string) => (referenced.has(source) ? [{ type: 'remember', params: { source } }] : []);

  const go = (node: string, output: string, extra: Transition = {}): Transition => ({
    target: targetOf(node, output) ?? DEAD_END,
    reenter: true,
    actions: [{ type: 'took', params: { node, output } }],
    ...extra,
  });

  // Goals and exit events apply wherever the contact is; they come first so that they win over a
  // wait-for-event listening to the same event.
  const goalNodes = scenario.nodes.filter((n): n is NodeOf<'flow.goal'> => n.type === 'flow.goal' && !!n.config.event);
  const scenarioWide: Transition[] = [
    ...goalNodes.map((g) => ({ guard: { type: 'goalNode', params: { node: g.id } }, target: g.id })),
    ...(scenario.settings.goal
      ? [{ guard: { type: 'scenarioGoal' }, target: CONVERTED, actions: [{ type: 'end', params: { status: 'converted', reason: `goal event ${scenario.settings.goal.event}` } }] }]
      : []),
    ...scenario.settings.exitEvents.map((matcher, index) => ({
      guard: { type: 'exitEvent', params: { index } },
      target: EXITED,
      actions: [{ type: 'end', params: { status: 'exited', reason: `exit event ${matcher.event}` } }],
    })),
  ];

  const scenarioWideMatchers: EventMatcher[] = [
    ...goalNodes.map((g) => g.config as EventMatcher),
    ...(scenario.settings.goal ? [scenario.settings.goal] : []),
    ...scenario.settings.exitEvents,
  ];
  // Nodes a contact rests at (waits, deferred sends); the others it only passes through.
  const resting = new Map<string, Resting>();

  const states: Record<string, Record<string, unknown>> = {};
  for (const node of scenario.nodes) {
    const arrive = {
      type: 'arrive',
      params: ({ context }: { context: MachineContext }) => ({ node: node.id, seq: context.seq, context }),
    };
    // Only nodes that wait or send need a visit number (for their timers and idempotency keys);
    // counting elsewhere would cost an assign, a snapshot copy, per node.
    const kind = definitionOf(node.type).machine;
    const state: Record<string, unknown> = {
      entry: [...(VISIT_COUNTED.has(kind) ? ['countVisit'] : []), ...(node.id === entry.id ? rememberFrom(TRIGGER_SOURCE) : []), arrive],
    };
    const onTimer = (transition: Transition) => ({ TIMER: { guard: { type: 'timerFor', params: { node: node.id } }, ...transition } });
    const onEvent = (own: Transition[] = []) => ({ EVENT: [...scenarioWide, ...own] });
    switch (kind) {
      case 'final':
        state.type = 'final';
        break;
      case 'wait':
        // `ready` holds only within the step that arrives or whose timer fires.
        state.always = [go(node.id, 'next', { guard: { type: 'ready', params: { node: node.id } } })];
        state.on = { ...onTimer(go(node.id, 'next')), ...onEvent() };
        state.exit = [{ type: 'leave', params: { node: node.id } }];
        resting.set(node.id, { matchers: scenarioWideMatchers, rereadsCondition: false, anyEvent: false });
        break;
      case 'event': {
        const happened = go(node.id, 'happened', {
          guard: { type: 'waitedEvent', params: { node: node.id } },
          actions: [...rememberFrom(node.id), { type: 'took', params: { node: node.id, output: 'happened' } }],
        });
        // When "happened" leads straight to a goal, taking it converts the contact all the same,
        // and the trace and the branch counts then show which output it left by.
        const leadsToGoal = nodes.get(targetOf(node.id, 'happened') ?? '')?.type === 'flow.goal';
        state.on = {
          ...onTimer(go(node.id, 'timedOut')),
          EVENT: leadsToGoal ? [happened, ...scenarioWide] : [...scenarioWide, happened],
        };
        state.exit = [{ type: 'leave', params: { node: node.id } }];
        resting.set(node.id, { matchers: [...scenarioWideMatchers, (node as NodeOf<'wait.event'>).config], rereadsCondition: false, anyEvent: false });
        break;
      }
      case 'conditionWait':
        state.always = [go(node.id, 'met', { guard: { type: 'condition', params: { node: node.id } } })];
        state.on = { ...onTimer(go(node.id, 'timedOut')), ...onEvent() };
        state.exit = [{ type: 'leave', params: { node: node.id } }];
        resting.set(node.id, { matchers: scenarioWideMatchers, rereadsCondition: true, anyEvent: readsEvents((node as NodeOf<'wait.condition'>).config.condition) });
        break;
      case 'digest': {
        // The window opens on arrival (its state in the context, so in the persisted snapshot); each matching
        // event adds to it without leaving the node; the timer closes it and the contact moves on once.
        state.entry = ['countVisit', { type: 'openDigest', params: { node: node.id } }, arrive];
        state.always = [go(node.id, 'next', { guard: { type: 'ready', params: { node: node.id } } })];
        const closed = {
          type: 'took',
          params: ({ context }: { context: MachineContext }) => ({ node: node.id, output: 'next', reason: digestClosedReason(context.digest) }),
        };
        state.on = {
          ...onTimer(go(node.id, 'next', { actions: [closed] })),
          EVENT: [...scenarioWide, { guard: { type: 'digestEvent', params: { node: node.id } }, actions: [{ type: 'collectDigest', params: { node: node.id } }] }],
        };
        state.exit = [{ type: 'leave', params: { node: node.id } }];
        resting.set(node.id, { matchers: [...scenarioWideMatchers, (node as NodeOf<'wait.digest'>).config], rereadsCondition: false, anyEvent: false });
        break;
      }
      case 'condition':
        state.always = [go(node.id, 'yes', { guard: { type: 'condition', params: { node: node.id } } }), go(node.id, 'no')];
        break;
      case 'switch':
        state.always = [
          ...(node as NodeOf<'branch.switch'>).config.cases.map((c) => go(node.id, c.id, { guard: { type: 'switchCase', params: { node: node.id, case: c.id } } })),
          go(node.id, 'default'),
        ];
        break;
      case 'split': {
        const arms = outputsOf(node);
        state.always = arms.map((arm) => go(node.id, arm, { guard: { type: 'inArm', params: { node: node.id, arm } } }));
        break;
      }
      case 'best':
        // One guard per output; the hook ranks the candidates and names the winner (or the fallback).
        state.always = outputsOf(node).map((output) => go(node.id, output, { guard: { type: 'bestOutput', params: { node: node.id, output } } }));
        break;
      case 'send':
        // A deferred send waits here; its timer re-enters the node, which asks again.
        state.always = [go(node.id, 'next', { guard: { type: 'ready', params: { node: node.id } } })];
        state.on = { ...onTimer({ target: node.id, reenter: true }), ...onEvent() };
        state.exit = [{ type: 'leave', params: { node: node.id } }];
        resting.set(node.id, { matchers: scenarioWideMatchers, rereadsCondition: false, anyEvent: false });
        break;
      case 'pass':
        // Entries and immediate actions pass straight through.
        state.always = [go(node.id, 'next')];
        state.on = onEvent();
        break;
      default:
        throw new Error(`no machine state for ${kind satisfies never}`);
    }
    states[node.id] = state;
  }
  states[EXITED] = { type: 'final' };
  states[CONVERTED] = { type: 'final' };
  states[DEAD_END] = { type: 'final', entry: [{ type: 'end', params: { status: 'exited', reason: 'no outgoing edge' } }] };

  const conditionOf = (id: string) => {
    const node = nodes.get(id) as NodeOf<'branch.condition' | 'wait.condition'>;
    return node.config.condition;
  };
  const machine = setup({
    types: {} as { context: MachineContext; events: MachineEvent; input: MachineInput },
    actions: {
      countVisit: assign({ seq: ({ context }) => context.seq + 1 }),
      arrive: ({ event }, p: { node: string; seq: number; context: MachineContext }) => hooksOf(event).arrive(nodes.get(p.node)!, p.seq, p.context),
      remember: assign({
        remembered: ({ context, event }, p: { source: string }) => remember(context.remembered, p.source, [...referenced.get(p.source)!], hooksOf(event).eventProperties()),
      }),
      took: ({ event }, p: { node: string; output: string; reason?: string }) => hooksOf(event).took(p.node, p.output, p.reason),
      openDigest: assign({ digest: ({ event }, p: { node: string }) => hooksOf(event).openDigest(nodes.get(p.node) as NodeOf<'wait.digest'>) }),
      collectDigest: assign({
        digest: ({ context, event }, p: { node: string }) => hooksOf(event).collectDigest(nodes.get(p.node) as NodeOf<'wait.digest'>, context.digest!),
      }),
      leave: ({ event }, p: { node: string }) => hooksOf(event).leave(p.node),
      end: ({ event }, p: { status: 'exited' | 'converted'; reason: string }) => hooksOf(event).end(p.status, p.reason),
    },
    guards: {
      ready: ({ event }, p: { node: string }) => hooksOf(event).isReady(p.node),
      timerFor: ({ context, event }, p: { node: string }) =>
        event.type === 'TIMER' && event.node === p.node && event.seq === context.seq,
      condition: ({ event }, p: { node: string }) => hooksOf(event).condition(conditionOf(p.node)),
      switchCase: ({ event }, p: { node: string; case: string }) => {
        const node = nodes.get(p.node) as NodeOf<'branch.switch'>;
        return hooksOf(event).condition(node.config.cases.find((c) => c.id === p.case)!.condition);
      },
      inArm: ({ event }, p: { node: string; arm: string }) => hooksOf(event).inArm(p.node, p.arm),
      bestOutput: ({ event }, p: { node: string; output: string }) => hooksOf(event).bestOutput(nodes.get(p.node) as NodeOf<'branch.best'>) === p.output,
      waitedEvent: ({ context, event }, p: { node: string }) => event.type === 'EVENT' && awaited(context, hooksOf(event), (nodes.get(p.node) as NodeOf<'wait.event'>).config),
      digestEvent: ({ event }, p: { node: string }) =>
        event.type === 'EVENT' && hooksOf(event).eventMatches((nodes.get(p.node) as NodeOf<'wait.digest'>).config),
      goalNode: ({ context, event }, p: { node: string }) =>
        event.type === 'EVENT' && awaited(context, hooksOf(event), (nodes.get(p.node) as NodeOf<'flow.goal'>).config as EventMatcher & { sameAs?: SameAs }),
      scenarioGoal: ({ event }) => event.type === 'EVENT' && hooksOf(event).eventMatches(scenario.settings.goal!),
      exitEvent: ({ event }, p: { index: number }) =>
        event.type === 'EVENT' && hooksOf(event).eventMatches(scenario.settings.exitEvents[p.index]),
    },
  }).createMachine({
    id: scenario.id,
    context: { seq: 0 },
    initial: entry.id,
    // The state map is built from data, which XState's config types cannot follow.
    states: states as never,
  });

  // The hooks-in-events typing is ours to keep; callers only need a machine.
  const movedBy = (at: Resting, event: ContactEvent) => at.anyEvent || at.matchers.some((matcher) => matchesEvent(matcher, event));
  const mayMove = (node: string, event?: ContactEvent) => {
    const at = resting.get(node);
    // Anywhere else (a node a contact only passes through), nothing is assumed: the machine decides.
    if (!at) return true;
    return event === undefined ? at.rereadsCondition : movedBy(at, event);
  };
  // An active enrolment always rests at one of these: the others have eventless transitions out.
  const restingNodes = [...resting.values()];
  const mayMoveAnywhere = (event: ContactEvent) => restingNodes.some((at) => movedBy(at, event));
  return { scenario, machine: machine as unknown as AnyStateMachine, entry, nodes, targetOf, mayMove, mayMoveAnywhere };
}
