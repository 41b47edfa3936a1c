/** Runs `krp` in-process for a test, capturing what it prints: the exit code, stdout and stderr. */
import type { CliIo } from '../cli-io';
import { main } from '../krp';

export interface CliRun { code: number; stdout: string; stderr: string }

export async function runCli(args: string[], options: { cwd: string; env?: Record<string, string>; stdin?: string }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    env: options.env ?? {},
    cwd: options.cwd,
    readStdin: async () => options.stdin ?? '',
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
