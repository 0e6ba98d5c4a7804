import { diffArrays } from 'diff';
import { DURATION_PATTERN, describeCampaignStart, type ExpectedCampaignStart, type ExpectedMessage, type SimulatedMessage, type TestCase, type TestCaseOutcome } from '@parcours/shared';
import { offsetFromStart } from './time.ts';

/** The node ids, one per line, marked "-" where only expected and "+" where only taken. */
function pathDiff(expected: string[], actual: string[]): string[] {
  const lines = ['path (- expected, + actual):'];
  for (const part of diffArrays(expected, actual)) {
    const mark = part.added ? '+' : part.removed ? '-' : ' ';
    for (const node of part.value) lines.push(`  ${mark} ${node}`);
  }
  return lines;
}

/** An expected time as the case writes it: an offset from the start ("+2h") or an instant. */
const expectedAt = (at: string | undefined) => at && `at ${DURATION_PATTERN.test(at) ? `+${at}` : at}`;

const describeExpected = (m: ExpectedMessage) => [m.channel, m.template, m.node && `(node ${m.node})`, expectedAt(m.at)].filter(Boolean).join(' ');

const describeSent = (m: SimulatedMessage, start: number) =>
  [m.channel, m.template, `(node ${m.node})`, `at ${offsetFromStart(m.at, start)}`].join(' ');

const numbered = (items: string[]) => (items.length === 0 ? ['  (none)'] : items.map((text, i) => `  ${i + 1}. ${text}`));

function messageLists(expected: ExpectedMessage[], outcome: TestCaseOutcome): string[] {
  const { messages, start } = outcome.result;
  return [
    'messages expected:',
    ...numbered(expected.map(describeExpected)),
    'messages sent:',
    ...numbered(messages.map((m) => describeSent(m, start))),
  ];
}

function campaignLists(expected: ExpectedCampaignStart[], outcome: TestCaseOutcome): string[] {
  const { campaigns, start } = outcome.result;
  return [
    'campaign starts expected:',
    ...numbered(expected.map((c) => [describeCampaignStart(c), expectedAt(c.at)].filter(Boolean).join(' '))),
    'campaign starts:',
    ...numbered(campaigns.map((c) => `${describeCampaignStart(c)} at ${offsetFromStart(c.at, start)}`)),
  ];
}

/**
 * Why a case failed, for people: the failed expectations as runTestCase words them, then the expected and
 * actual path as a diff, the expected and sent messages, and the expected and actual campaign starts.
 */
export function describeFailure(testCase: TestCase, outcome: TestCaseOutcome): string[] {
  const lines = [...outcome.failures];
  const { path, messages, campaigns } = testCase.expect;
  if (path && path.join('\u0000') !== outcome.path.join('\u0000')) lines.push(...pathDiff(path, outcome.path));
  if (messages) lines.push(...messageLists(messages, outcome));
  if (campaigns) lines.push(...campaignLists(campaigns, outcome));
  return lines;
}
