/** Where commands write: standard output for results, standard error for problems. */
export interface Output {
  log(line: string): void;
  error(line: string): void;
}

export const processOutput: Output = {
  log: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};
