import { z } from 'zod';
import { Duration, Identifier, JsonValue, type MessageChannel } from '../schema/primitives.ts';
import type { TaskRequest } from '../engine/types.ts';
import { parseDuration } from '../time/duration.ts';
import { define, Once, OnCap } from './define.ts';

/** A message node's config: what a message campaign's own journey is written with too. */
export const MessageConfig = z
  .object({
    template: Identifier,
    onCap: OnCap,
    once: Once,
    topic: Identifier.optional().meta({ title: 'Topic', description: 'A topic of the settings (newsletter, offers…): contacts who opted out of it on this channel are skipped' }),
    transactional: z
      .boolean()
      .optional()
      .meta({ title: 'Transactional', description: "A receipt or a reset link: sent whatever the contact's topics and frequency choice, never without consent" }),
  })
  .strict();

/** Email, SMS and push: a template of the node's channel, sent under the pressure rules. */
function messageNode<T extends string>(type: T, channel: MessageChannel, title: string, description: string) {
  return define(type, MessageConfig, {
    family: 'action',
    title,
    description,
    machine: 'send',
    channel,
    templateField: 'template',
    outputs: ['next'],
    starter: (templateFor) => ({ template: templateFor(channel), onCap: 'skip', once: false }),
    behaviour: (run, node, seq) => {
      const { template, once, onCap, topic, transactional } = node.config;
      run.sendUnderPressure(node, seq, { channel, template, once, onCap, topic, transactional: transactional === true, reason: `template ${template}` });
    },
  });
}

export const TASK_KINDS = ['call', 'visit', 'letter', 'appointment', 'other'] as const;

/** The key `once` and the outbox remember a task by: its node (":" never occurs in a template id). */
export const taskKey = (node: string) => `task:${node}`;

export const TaskConfig = z
  .object({
    kind: z.enum(TASK_KINDS).default('call').meta({ title: 'Kind', description: 'What the team is asked to do: call, visit, send a letter, book an appointment' }),
    title: z.string().min(1).max(200).meta({ title: 'Title', description: 'One line for the task list; Liquid over contact and event, e.g. Call {{ contact.firstName }}' }),
    instructions: z.string().max(5000).default('').meta({ title: 'Instructions', description: 'What to say or do; Liquid over contact and event' }),
    team: z.string().min(1).max(100).optional().meta({ title: 'Team', description: 'The team the task goes to, e.g. call-centre' }),
    assignee: z.string().min(1).max(200).optional().meta({ title: 'Assignee', description: 'A person in that team, when one owns the contact' }),
    dueIn: Duration.optional().meta({ title: 'Due in', description: 'How long the team has, from when the task is created, e.g. 2d' }),
    onCap: OnCap,
    once: Once,
  })
  .strict();
export type TaskConfig = z.infer<typeof TaskConfig>;

/** What a task node asks of the team when a contact reaches it at `at`; the server composes the same at delivery, from the row's node and time. */
export function taskRequestOf(config: TaskConfig, at: number): TaskRequest {
  const { kind, title, instructions, team, assignee, dueIn } = config;
  return { kind, title, instructions, team, assignee, dueAt: dueIn === undefined ? undefined : at + parseDuration(dueIn) };
}

export const ACTION_NODES = [
  messageNode('action.email', 'email', 'Email', 'Sends an email template.'),
  messageNode('action.sms', 'sms', 'SMS', 'Sends an SMS template.'),
  messageNode('action.push', 'push', 'Push', 'Sends a push notification template.'),
  define(
    'action.webhook',
    z
      .object({
        url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).meta({ title: 'URL', description: 'https://… (private addresses are refused unless allow-listed)' }),
        method: z.enum(['POST', 'PUT', 'PATCH', 'GET', 'DELETE']).default('POST'),
        template: Identifier.optional(),
        headers: z.record(z.string(), z.string()).optional(),
      })
      .strict(),
    {
      family: 'action',
      title: 'Webhook',
      description: 'Calls an HTTP endpoint.',
      machine: 'send',
      channel: 'webhook',
      templateField: 'template',
      outputs: ['next'],
      starter: () => ({ url: '', method: 'POST' }),
      // A webhook reaches a system, not a person: no pressure rule holds it back.
      behaviour: (run, node, seq) => {
        const { url, method, headers, template } = node.config;
        run.send(node, seq, { channel: 'webhook', template, webhook: { url, method, headers } });
        run.record(node, 'sent', { reason: `${method} ${url}` });
      },
    },
  ),
  define('action.task', TaskConfig, {
    family: 'action',
    title: 'Task',
    description: 'Asks a team to call, visit, write to or meet the contact: a task sent to the task system.',
    machine: 'send',
    channel: 'task',
    outputs: ['next'],
    starter: () => ({ kind: 'call', title: 'Call {{ contact.id }}', instructions: '', onCap: 'skip', once: false }),
    behaviour: (run, node, seq) => {
      const { kind, team, onCap, once } = node.config;
      const task = taskRequestOf(node.config, run.now);
      run.sendUnderPressure(node, seq, { channel: 'task', template: taskKey(node.id), once, onCap, task, reason: `${kind} task${team ? ` for ${team}` : ''}` });
    },
  }),
  define(
    'action.attribute',
    z
      .object({
        attribute: z.string().min(1),
        op: z.enum(['set', 'unset']).default('set').meta({ title: 'Operator' }),
        value: JsonValue.optional().meta({ description: 'Text, or JSON: 42, true, ["a","b"]' }),
      })
      .strict(),
    {
      family: 'action',
      title: 'Update attribute',
      description: "Sets or removes one of the contact's attributes.",
      machine: 'pass',
      outputs: ['next'],
      starter: () => ({ attribute: '', op: 'set', value: '' }),
      behaviour: (run, node) => {
        const value = node.config.op === 'unset' ? undefined : (node.config.value ?? null);
        run.setAttribute(node.config.attribute, value);
        run.record(node, 'updated', { reason: value === undefined ? `${node.config.attribute} removed` : `${node.config.attribute} = ${JSON.stringify(value)}` });
      },
    },
  ),
  define('action.score', z.object({ attribute: z.string().min(1).default('score'), delta: z.number() }).strict(), {
    family: 'action',
    title: 'Score',
    description: 'Adds to or subtracts from a numeric attribute.',
    machine: 'pass',
    outputs: ['next'],
    starter: () => ({ attribute: 'score', delta: 1 }),
    behaviour: (run, node) => {
      const { attribute, delta } = node.config;
      const before = run.contact.attributes[attribute];
      const after = (typeof before === 'number' ? before : 0) + delta;
      run.setAttribute(attribute, after);
      run.record(node, 'updated', { reason: `${attribute} ${delta >= 0 ? '+' : ''}${delta} = ${after}` });
    },
  }),
  define('action.list', z.object({ list: z.string().min(1), op: z.enum(['add', 'remove']).meta({ title: 'Operator' }) }).strict(), {
    family: 'action',
    title: 'List',
    description: 'Adds the contact to a list or removes them from it.',
    machine: 'pass',
    outputs: ['next'],
    starter: () => ({ list: '', op: 'add' }),
    behaviour: (run, node) => {
      const { list, op } = node.config;
      const { contact } = run;
      contact.lists = op === 'add' ? [...new Set([...contact.lists, list])] : contact.lists.filter((l) => l !== list);
      run.effect({ kind: 'list', list, op });
      run.record(node, 'updated', { reason: `${op === 'add' ? 'added to' : 'removed from'} list ${list}` });
    },
  }),
  define('action.scenario', z.object({ scenario: Identifier }).strict(), {
    family: 'action',
    title: 'Start scenario',
    description: 'Enrols the contact in another scenario.',
    machine: 'pass',
    outputs: ['next'],
    starter: () => ({ scenario: '' }),
    behaviour: (run, node) => {
      run.effect({ kind: 'startScenario', scenario: node.config.scenario });
      run.record(node, 'updated', { reason: `start scenario ${node.config.scenario}` });
    },
  }),
] as const;
