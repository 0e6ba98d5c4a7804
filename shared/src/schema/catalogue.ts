import type { NodeOf, NodeType, ScenarioNode } from './nodes.ts';
import type { Channel } from './primitives.ts';

export type NodeFamily = 'entry' | 'wait' | 'branch' | 'action' | 'flow';

export interface NodeTypeInfo {
  family: NodeFamily;
  /** What the palette and the canvas call it. */
  title: string;
  /** One line for the palette's tooltip. */
  description: string;
}

/** Human names of every node type, grouped by family: shared by the palette, the CLI and error messages. */
export const NODE_CATALOGUE: Record<NodeType, NodeTypeInfo> = {
  'entry.event': { family: 'entry', title: 'Event trigger', description: 'Enters a contact when they do an event, optionally filtered on its properties.' },
  'entry.segment': { family: 'entry', title: 'Segment entry', description: "Enters a contact when their attributes start matching a condition." },
  'entry.date': { family: 'entry', title: 'Date attribute', description: 'Enters a contact on a date held in an attribute (birthday, renewal), N days before or after.' },
  'entry.api': { family: 'entry', title: 'API enrolment', description: 'Enters contacts enrolled by hand or through the HTTP API.' },
  'wait.delay': { family: 'wait', title: 'Delay', description: 'Waits a fixed duration.' },
  'wait.until': { family: 'wait', title: 'Wait until', description: "Waits until a date or a time of day in the contact's time zone." },
  'wait.event': { family: 'wait', title: 'Wait for event', description: 'Waits for an event, at most a timeout: two outputs, happened or timed out.' },
  'wait.condition': { family: 'wait', title: 'Wait for condition', description: 'Waits until a condition on the contact becomes true, at most a timeout.' },
  'wait.window': { family: 'wait', title: 'Time window', description: "Lets contacts through only between given hours on given weekdays, in their time zone." },
  'branch.condition': { family: 'branch', title: 'Condition', description: 'Yes / no on attributes, lists or event history.' },
  'branch.switch': { family: 'branch', title: 'Multi-way switch', description: 'The first matching case wins; otherwise the default output.' },
  'branch.split': { family: 'branch', title: 'Random split', description: 'A/B/n split by percentage, deterministic per contact; an arm may be a control group.' },
  'action.email': { family: 'action', title: 'Email', description: 'Sends an email template.' },
  'action.sms': { family: 'action', title: 'SMS', description: 'Sends an SMS template.' },
  'action.push': { family: 'action', title: 'Push', description: 'Sends a push notification template.' },
  'action.webhook': { family: 'action', title: 'Webhook', description: 'Calls an HTTP endpoint.' },
  'action.attribute': { family: 'action', title: 'Update attribute', description: "Sets or removes one of the contact's attributes." },
  'action.score': { family: 'action', title: 'Score', description: 'Adds to or subtracts from a numeric attribute.' },
  'action.list': { family: 'action', title: 'List', description: 'Adds the contact to a list or removes them from it.' },
  'action.scenario': { family: 'action', title: 'Start scenario', description: 'Enrols the contact in another scenario.' },
  'flow.goal': { family: 'flow', title: 'Goal', description: 'A conversion: reaching it, or doing its event at any time, converts and exits the contact.' },
  'flow.exit': { family: 'flow', title: 'Exit', description: 'Ends the journey for the contact.' },
};

export const familyOf = (type: NodeType): NodeFamily => NODE_CATALOGUE[type].family;

/** The channel an action node sends on, or undefined for actions that send nothing. */
export function channelOf(type: NodeType): Channel | undefined {
  switch (type) {
    case 'action.email':
      return 'email';
    case 'action.sms':
      return 'sms';
    case 'action.push':
      return 'push';
    case 'action.webhook':
      return 'webhook';
    default:
      return undefined;
  }
}

/**
 * The named outputs of a node, in display order. Edges leave from these handles.
 * The last output of a condition or switch is its default (`no`, `default`).
 */
export function outputsOf(node: ScenarioNode): string[] {
  switch (node.type) {
    case 'wait.event':
      return ['happened', 'timedOut'];
    case 'wait.condition':
      return ['met', 'timedOut'];
    case 'branch.condition':
      return ['yes', 'no'];
    case 'branch.switch':
      return [...(node as NodeOf<'branch.switch'>).config.cases.map((c) => c.id), 'default'];
    case 'branch.split':
      return (node as NodeOf<'branch.split'>).config.variants.map((v) => v.id);
    case 'flow.goal':
    case 'flow.exit':
      return [];
    default:
      return ['next'];
  }
}

/** The output a branch falls back to, which must always be connected. */
export function defaultOutputOf(node: ScenarioNode): string | undefined {
  if (node.type === 'branch.condition') return 'no';
  if (node.type === 'branch.switch') return 'default';
  return undefined;
}
