/** What a CLI command needs from the outside world; tests pass a capturing implementation. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Environment variables (e.g. KRP_DATA_DIR). */
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** All of standard input (passwords, one per line); absent or empty when nothing is piped. */
  readStdin?(): Promise<string>;
}

export interface CliCommand {
  /** Runs with the arguments after the command name; resolves to the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

import { readProcessStdin } from './cli-auth';

export const processIo: CliIo = {
  readStdin: readProcessStdin,
  stdout: (text) => { process.stdout.write(text); },
  stderr: (text) => { process.stderr.write(text); },
  env: process.env,
  cwd: process.cwd(),
};
