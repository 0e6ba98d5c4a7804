import { DEFAULT_SIMULATION_START } from '@parcours/shared';
import { Command, CommanderError } from 'commander';
import { schemaCommand } from './commands/schema.ts';
import { suggestCommand } from './commands/suggest.ts';
import { simulateCommand, type SimulateOptions } from './commands/simulate.ts';
import { DEFAULT_SCENARIOS_DIR, testCommand, type TestOptions } from './commands/test.ts';
import { validateCommand } from './commands/validate.ts';
import { CliError, EXIT_UNUSABLE } from './errors.ts';
import { processOutput as out } from './output.ts';

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command()
    .name('parcours')
    .description('Validate, simulate and test Parcours scenarios (JSON files).')
    .exitOverride()
    .showHelpAfterError('(run "parcours --help" for usage)');

  program
    .command('validate')
    .description('check scenario files: "FILE: ok", or one located line per error')
    .argument('<files...>', 'scenario JSON files')
    .action((files: string[]) => setExitCode(validateCommand(files, out)));

  program
    .command('simulate')
    .description("replay one contact's path through a scenario on a virtual clock")
    .argument('<file>', 'scenario JSON file')
    .requiredOption('--contact <file>', 'contact profile JSON: {id, attributes?, consents?, timeZone?, lists?}')
    .option('--events <file>', 'timeline JSON: [{at, event, properties?} | {at, attributes} | {at, identify, profile?} | {at, campaign: true, segment?}]')
    .option('--until <duration>', 'how long to run the clock (default 90d)')
    .option('--start <iso>', `ISO instant where the clock starts (default ${DEFAULT_SIMULATION_START})`)
    .option('--json', 'print the simulation result as JSON')
    .action((file: string, options: SimulateOptions) => setExitCode(simulateCommand(file, options, out)));

  program
    .command('schema')
    .description('print the JSON Schema of scenario files')
    .action(() => setExitCode(schemaCommand(out)));

  program
    .command('suggest')
    .description('print generated cases, as JSON, for the branch outputs no saved case takes')
    .argument('<file>', 'scenario file')
    .action((file: string) => setExitCode(suggestCommand(file, out)));

  program
    .command('test')
    .description('run the saved cases of scenario files')
    .argument('[targets...]', `scenario files or directories (default: ${DEFAULT_SCENARIOS_DIR}/)`)
    .option('--junit <file>', 'also write a JUnit XML report')
    .option('--coverage', 'report the nodes and branch outputs the cases exercise')
    .action((targets: string[], options: TestOptions) => setExitCode(testCommand(targets, options, out)));

  return program;
}

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  try {
    await buildProgram((code) => (exitCode = code)).parseAsync(argv);
    return exitCode;
  } catch (error) {
    // Commander has already printed its message (unknown option, missing argument) or the help.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_UNUSABLE;
    if (error instanceof CliError) {
      error.lines.forEach((line) => out.error(line));
      return error.exitCode;
    }
    out.error(`parcours: internal error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.PARCOURS_DEBUG && error instanceof Error && error.stack) out.error(error.stack);
    return EXIT_UNUSABLE;
  }
}

process.exitCode = await main(process.argv);
