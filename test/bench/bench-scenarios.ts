/** Scenarios the benchmarks run. */

/** Wait an hour, send one email, exit: each timer step writes three trace rows, an outbox row and the enrolment's end. */
export const benchScenario = {
  schemaVersion: 1,
  id: 'bench-wait',
  name: 'Bench: wait an hour, then email',
  settings: { consentRequired: { email: false, sms: false, push: false } },
  templates: [{ id: 'hello', channel: 'email', subject: 'Hello', html: '<p>Hello</p>' }],
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: 'bench_wait' } },
    { id: 'wait', type: 'wait.delay', config: { duration: '1h' } },
    { id: 'send', type: 'action.email', config: { template: 'hello' } },
    { id: 'done', type: 'flow.exit', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'wait' },
    { id: 'e2', source: 'wait', target: 'send' },
    { id: 'e3', source: 'send', target: 'done' },
  ],
};
