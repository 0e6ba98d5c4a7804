/** One saved case's result, as the JUnit report records it. */
export interface JunitCase {
  name: string;
  seconds: number;
  /** Absent when the case passed. */
  failure?: { message: string; details: string[] };
}

/** One scenario file: its cases, or the reason none could run (`error`: unreadable or invalid file). */
export interface JunitSuite {
  name: string;
  file: string;
  cases: JunitCase[];
  error?: { message: string; details: string[] };
}

// Characters XML 1.0 forbids even when escaped (control characters other than tab, newline, return).
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

const xml = (text: string) => text.replace(FORBIDDEN, '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
const seconds = (value: number) => value.toFixed(3);

function testcase(suite: JunitSuite, c: JunitCase): string[] {
  const open = `    <testcase name="${xml(c.name)}" classname="${xml(suite.name)}" file="${xml(suite.file)}" time="${seconds(c.seconds)}"`;
  if (!c.failure) return [`${open}/>`];
  return [
    `${open}>`,
    `      <failure message="${xml(c.failure.message)}" type="expectation">${xml(c.failure.details.join('\n'))}</failure>`,
    '    </testcase>',
  ];
}

function testsuite(suite: JunitSuite): string[] {
  const failures = suite.cases.filter((c) => c.failure).length;
  const time = suite.cases.reduce((sum, c) => sum + c.seconds, 0);
  const attributes = `name="${xml(suite.name)}" file="${xml(suite.file)}" tests="${suite.cases.length + (suite.error ? 1 : 0)}" failures="${failures}" errors="${suite.error ? 1 : 0}" time="${seconds(time)}"`;
  const body = suite.cases.flatMap((c) => testcase(suite, c));
  if (suite.error) {
    body.push(
      `    <testcase name="load scenario" classname="${xml(suite.name)}" file="${xml(suite.file)}" time="0.000">`,
      `      <error message="${xml(suite.error.message)}" type="invalid_scenario">${xml(suite.error.details.join('\n'))}</error>`,
      '    </testcase>',
    );
  }
  return [`  <testsuite ${attributes}>`, ...body, '  </testsuite>'];
}

/** A JUnit XML report (the format CI servers read) of saved scenario cases, one test suite per file. */
export function junitXml(suites: JunitSuite[]): string {
  const tests = suites.reduce((n, s) => n + s.cases.length + (s.error ? 1 : 0), 0);
  const failures = suites.reduce((n, s) => n + s.cases.filter((c) => c.failure).length, 0);
  const errors = suites.filter((s) => s.error).length;
  const time = suites.reduce((sum, s) => sum + s.cases.reduce((t, c) => t + c.seconds, 0), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="parcours" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds(time)}">`,
    ...suites.flatMap(testsuite),
    '</testsuites>',
    '',
  ].join('\n');
}
