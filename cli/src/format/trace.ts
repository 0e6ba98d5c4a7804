import { NODE_CATALOGUE, type CampaignSkipReason, type Scenario, type ScenarioNode, type SimulatedStep, type SimulationResult } from '@parcours/shared';
import { offsetFromStart, readableTime } from './time.ts';

/** "Email "Welcome email"": the node's type as the palette names it, then the marketer's label if any. */
function titleOf(node: ScenarioNode | undefined, step: SimulatedStep): string {
  const type = NODE_CATALOGUE[step.type].title;
  return node?.label ? `${type} "${node.label}"` : type;
}

function outcomeOf(step: SimulatedStep, zone: string): string {
  // A send that delivery would fail (a template variable the contact lacks) reads as failed, with the reason.
  let text = step.failure ? 'failed' : step.outcome.replace('_', ' ');
  if (step.output) text += ` → ${step.output}`;
  if (step.until !== undefined) text += ` until ${readableTime(step.until, zone)}`;
  const reason = step.failure ?? step.reason;
  if (reason) text += ` (${reason})`;
  return text;
}

/** Why a campaign start did not start the journey, as the campaign report says it. */
const CAMPAIGN_SKIP_WORDS: Record<CampaignSkipReason, string> = {
  in_journey: 'the contact is already in the journey',
  reentry: 'the re-entry rule does not let the contact in again yet',
  left_segment: "the contact is not in the campaign's segment",
  journey_not_live: 'the journey is not live',
  local_time_passed: "the contact's local time had passed",
  cancelled: 'the campaign was cancelled',
  over_ceiling: "the campaign's volume ceiling kept better-ordered contacts",
};

function statusLine(result: SimulationResult): string {
  switch (result.status) {
    case 'not_entered':
      return 'Status: not entered (the contact never matched the entry before the end of the simulation)';
    case 'active':
      return `Status: active, waiting at ${result.at}`;
    default:
      return `Status: ${result.status}`;
  }
}

/**
 * A simulation as a readable trace: one line per step (virtual time in the contact's time zone, node id,
 * node title, outcome, output, reason), then the messages sent, then the final status.
 */
export function formatSimulation(scenario: Scenario, result: SimulationResult, contactId: string, zone: string): string[] {
  const nodes = new Map(scenario.nodes.map((n) => [n.id, n]));
  const multiPass = result.passes > 1;
  const rows = result.steps.map((step) => ({
    time: readableTime(step.at, zone),
    pass: multiPass ? `#${step.pass}` : '',
    node: step.node,
    title: titleOf(nodes.get(step.node), step),
    outcome: outcomeOf(step, zone),
  }));
  const width = (key: 'node' | 'title' | 'pass') => Math.max(0, ...rows.map((r) => r[key].length));
  const [nodeWidth, titleWidth, passWidth] = [width('node'), width('title'), width('pass')];

  const lines = [
    `Scenario ${scenario.id} (${scenario.name}), contact ${contactId}, times in ${zone}`,
    `Clock starts at ${readableTime(result.start, zone)}`,
    '',
  ];
  if (rows.length === 0) lines.push('  (no step)');
  for (const r of rows) {
    const pass = passWidth ? `${r.pass.padEnd(passWidth)}  ` : '';
    lines.push(`  ${r.time}  ${pass}${r.node.padEnd(nodeWidth)}  ${r.title.padEnd(titleWidth)}  ${r.outcome}`);
  }
  lines.push('', `Messages (${result.messages.length})`);
  if (result.messages.length === 0) lines.push('  (none)');
  for (const m of result.messages) {
    // A task's key (`task:<node>`) only repeats the node shown after it.
    const template = m.template && m.channel !== 'task' ? ` ${m.template}` : '';
    lines.push(`  ${readableTime(m.at, zone)}  ${offsetFromStart(m.at, result.start).padEnd(9)}  ${m.channel}${template} (node ${m.node})`);
  }
  if (result.campaigns.length > 0) {
    lines.push('', `Campaign starts (${result.campaigns.length})`);
    for (const c of result.campaigns) {
      const outcome = c.status === 'enrolled' ? `started the journey (pass ${c.pass})` : `skipped: ${CAMPAIGN_SKIP_WORDS[c.reason]}`;
      lines.push(`  ${readableTime(c.at, zone)}  ${offsetFromStart(c.at, result.start).padEnd(9)}  ${outcome}`);
    }
  }
  lines.push('', statusLine(result));
  return lines;
}
