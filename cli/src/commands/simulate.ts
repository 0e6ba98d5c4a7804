import { ContactProfile, SimulationError, TestCase, Timeline, isValidTimeZone, simulate } from '@parcours/shared';
import { CliError, EXIT_FAILED } from '../errors.ts';
import { formatSimulation } from '../format/trace.ts';
import { parseInput, readInputFile } from '../io/inputs.ts';
import { loadValidScenario } from '../io/scenario-file.ts';
import type { Output } from '../output.ts';

export interface SimulateOptions {
  contact: string;
  events?: string;
  until?: string;
  start?: string;
  json?: boolean;
}

function readContact(file: string) {
  const contact = readInputFile(ContactProfile, file);
  // The engine would quietly fall back to UTC; a typo in a zone is better caught here.
  if (contact.timeZone !== undefined && !isValidTimeZone(contact.timeZone)) {
    throw new CliError(`${file}: timeZone: ${JSON.stringify(contact.timeZone)} is not an IANA time zone such as "Europe/Paris"`);
  }
  return contact;
}

/** `parcours simulate FILE --contact PROFILE.json [--events TIMELINE.json] [--until 90d] [--start ISO] [--json]`. */
export function simulateCommand(file: string, options: SimulateOptions, out: Output): number {
  const scenario = loadValidScenario(file);
  const contact = readContact(options.contact);
  const events = options.events === undefined ? [] : readInputFile(Timeline, options.events);
  // Test cases carry the same two settings: their schemas say what is accepted.
  const until = options.until === undefined ? undefined : parseInput(TestCase.shape.until, options.until, '--until');
  const start = options.start === undefined ? undefined : parseInput(TestCase.shape.start, options.start, '--start');

  let result;
  try {
    result = simulate(scenario, { contact, events, start, until });
  } catch (error) {
    if (error instanceof SimulationError) throw new CliError(`${file}: ${error.message}`, EXIT_FAILED);
    throw error;
  }
  if (options.json) out.log(JSON.stringify(result, null, 2));
  else formatSimulation(scenario, result, contact.id, contact.timeZone ?? scenario.settings.defaultTimeZone).forEach((line) => out.log(line));
  return 0;
}
