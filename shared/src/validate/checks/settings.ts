import { isValidTimeZone } from '../../time/zoned.ts';
import { nodesById, type ScenarioModel } from '../model.ts';
import type { ValidationError } from '../types.ts';

/** Time zones the engine would otherwise silently replace by UTC. */
export function unknownTimeZones(model: ScenarioModel): ValidationError[] {
  const errors: ValidationError[] = [];
  const zone = model.settings?.defaultTimeZone;
  if (zone !== undefined && !isValidTimeZone(zone)) {
    errors.push({ code: 'unknown_time_zone', message: `"${zone}" is not an IANA time zone such as "Europe/Paris"`, params: { zone }, path: ['settings', 'defaultTimeZone'] });
  }
  model.tests?.forEach((test, index) => {
    const contactZone = test.contact.timeZone;
    if (contactZone !== undefined && !isValidTimeZone(contactZone)) {
      errors.push({
        code: 'unknown_time_zone',
        message: `"${contactZone}" is not an IANA time zone such as "Europe/Paris"`,
        params: { zone: contactZone },
        path: ['tests', index, 'contact', 'timeZone'],
      });
    }
  });
  return errors;
}

/** Saved cases that expect a node the scenario does not have can never pass. */
export function testsNamingUnknownNodes(model: ScenarioModel): ValidationError[] {
  const known = nodesById(model);
  return (model.tests ?? []).flatMap((test, index) => {
    const named = [
      ...(test.expect.path ?? []).map((node, i) => ({ node, path: ['tests', index, 'expect', 'path', i] })),
      ...(test.expect.at ? [{ node: test.expect.at, path: ['tests', index, 'expect', 'at'] }] : []),
      ...(test.expect.messages ?? []).flatMap((m, i) => (m.node ? [{ node: m.node, path: ['tests', index, 'expect', 'messages', i, 'node'] }] : [])),
    ];
    return named
      .filter(({ node }) => !known.has(node))
      .map(({ node, path }): ValidationError => ({
        code: 'unknown_node',
        message: `case "${test.name}" expects node "${node}", which the scenario does not have`,
        params: { case: test.name, node },
        path,
      }));
  });
}
