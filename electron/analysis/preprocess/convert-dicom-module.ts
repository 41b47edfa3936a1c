/**
 * Loads the Emscripten module inside @niivue/dcm2niix directly (its public API needs browser
 * Worker/File/FileReader and fails in Node). The package exports only ".", so the module file is
 * found on disk (walking up to node_modules from this file, the working directory, or Electron's
 * resources folder) and imported by absolute URL, with wasmBinary read from the .wasm beside it.
 * dcm2niix is BSD-2-Clause (Chris Rorden et al.), "for research purposes only".
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The subset of the Emscripten module used here. */
export interface Dcm2niixModule {
  FS: {
    mkdir(path: string): void;
    writeFile(path: string, data: Uint8Array): void;
    readdir(path: string): string[];
    readFile(path: string): Uint8Array;
    unlink(path: string): void;
  };
  callMain(args: string[]): number;
}

type ModuleFactory = (options: Record<string, unknown>) => Promise<Dcm2niixModule>;

const PACKAGE_DIST = join('node_modules', '@niivue', 'dcm2niix', 'dist');
const MODULE_FILE = 'dcm2niix.js';
const WASM_FILE = 'dcm2niix.wasm';

function moduleDir(): string | null {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return typeof __dirname === 'string' ? __dirname : null;
  }
}

function findUpwards(start: string): string | null {
  let dir = resolve(start);
  for (let i = 0; i < 10; i++) {
    const candidate = join(dir, PACKAGE_DIST);
    if (existsSync(join(candidate, MODULE_FILE)) && existsSync(join(candidate, WASM_FILE))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/** The package's dist/ folder; throws a plain message naming what to reinstall when absent. */
export function dcm2niixDistDir(): string {
  const starts: string[] = [];
  if (process.env.KRP_DCM2NIIX_DIR) return process.env.KRP_DCM2NIIX_DIR;
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) starts.push(join(resourcesPath, 'app.asar.unpacked'), resourcesPath);
  const here = moduleDir();
  if (here) starts.push(here);
  starts.push(process.cwd());
  for (const start of starts) {
    const found = findUpwards(start);
    if (found) return found;
  }
  throw new Error('The DICOM converter shipped with the app (@niivue/dcm2niix) was not found. Reinstall the app.');
}

let cachedFactory: Promise<{ factory: ModuleFactory; wasmBinary: Uint8Array }> | null = null;

async function loadFactory(): Promise<{ factory: ModuleFactory; wasmBinary: Uint8Array }> {
  const dist = dcm2niixDistDir();
  const imported = (await import(pathToFileURL(join(dist, MODULE_FILE)).href)) as { default: ModuleFactory };
  return { factory: imported.default, wasmBinary: readFileSync(join(dist, WASM_FILE)) };
}

/**
 * A fresh module instance (its in-memory file system empty); one per conversion so each series'
 * memory is released with the instance. Console output goes to `log`, never to the process console
 * (it can name the series, and the log must not carry identity).
 */
export async function createDcm2niix(log: (line: string) => void): Promise<Dcm2niixModule> {
  cachedFactory ??= loadFactory();
  let loaded;
  try {
    loaded = await cachedFactory;
  } catch (error) {
    cachedFactory = null;
    throw error;
  }
  return loaded.factory({ wasmBinary: loaded.wasmBinary, noInitialRun: true, print: log, printErr: log });
}
