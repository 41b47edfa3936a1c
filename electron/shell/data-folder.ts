/**
 * Where the record database lives: `--data-dir=PATH` on the command line, else the KRP_DATA_DIR
 * environment variable, else `<Electron userData>/data`. Relative paths are taken from the
 * working directory. Pure: main.ts passes the real argv, env and paths.
 */
import { isAbsolute, join, resolve } from 'node:path';

export interface DataFolderInputs {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  userDataPath: string;
  cwd: string;
}

export const DATABASE_FILE = 'krp-record.sqlite';
export const SETTINGS_FILE = 'krp-settings.json';

/** The absolute data folder and where it came from. */
export function resolveDataFolder(inputs: DataFolderInputs): { dir: string; source: 'argument' | 'environment' | 'default' } {
  const flag = inputs.argv.find((a) => a.startsWith('--data-dir='));
  const fromFlag = flag?.slice('--data-dir='.length).trim();
  if (fromFlag) return { dir: absolute(fromFlag, inputs.cwd), source: 'argument' };
  const fromEnv = inputs.env.KRP_DATA_DIR?.trim();
  if (fromEnv) return { dir: absolute(fromEnv, inputs.cwd), source: 'environment' };
  return { dir: join(inputs.userDataPath, 'data'), source: 'default' };
}

function absolute(path: string, cwd: string): string {
  return isAbsolute(path) ? resolve(path) : resolve(cwd, path);
}
