import { diffArrays } from 'diff';
import type { SimulatedMessage, TestCase, TestCaseOutcome } from '@parcours/shared';
import { offsetFromStart } from './time.ts';

type ExpectedMessage = NonNullable<TestCase['expect']['messages']>[number];

/** The node ids, one per line, marked "-" where only expected and "+" where only taken. */
function pathDiff(expected: string[], actual: string[]): string[] {
  const lines = ['path (- expected, + actual):'];
  for (const part of diffArrays(expected, actual)) {
    const mark = part.added ? '+' : part.removed ? '-' : ' ';
    for (const node of part.value) lines.push(`  ${mark} ${node}`);
  }
  return lines;
}

const describeExpected = (m: ExpectedMessage) =>
  [m.channel, m.template, m.node && `(node ${m.node})`, m.at && `at ${/^\d/.test(m.at) ? `+${m.at}` : m.at}`].filter(Boolean).join(' ');

const describeSent = (m: SimulatedMessage, start: number) =>
  [m.channel, m.template, `(node ${m.node})`, `at ${offsetFromStart(m.at, start)}`].join(' ');

function messageLists(expected: ExpectedMessage[], outcome: TestCaseOutcome): string[] {
  const { messages, start } = outcome.result;
  const numbered = (items: string[]) => (items.length === 0 ? ['  (none)'] : items.map((text, i) => `  ${i + 1}. ${text}`));
  return [
    'messages expected:',
    ...numbered(expected.map(describeExpected)),
    'messages sent:',
    ...numbered(messages.map((m) => describeSent(m, start))),
  ];
}

/**
 * Why a case failed, for people: the failed expectations as runTestCase words them, then the expected and
 * actual path as a diff and the expected and sent messages side by side.
 */
export function describeFailure(testCase: TestCase, outcome: TestCaseOutcome): string[] {
  const lines = [...outcome.failures];
  const { path, messages } = testCase.expect;
  if (path && path.join('\u0000') !== outcome.path.join('\u0000')) lines.push(...pathDiff(path, outcome.path));
  if (messages) lines.push(...messageLists(messages, outcome));
  return lines;
}
