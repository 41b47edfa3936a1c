/**
 * Which ABI a native addon was built for, and whether the runtime about to load it matches.
 *
 * A V8-API addon such as better-sqlite3 exports its init function as
 * `node_register_module_v<NODE_MODULE_VERSION>` (node.h's NODE_MODULE_INITIALIZER), so the ABI it
 * was compiled against is written in its own symbol table — ELF, Mach-O and PE alike. Reading it
 * needs no loading: a mismatched binary is refused with a message instead of a dlopen crash.
 * Node 20 is ABI 115; Electron 45 is ABI 150 (node_modules/electron/abi_version).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** Native addons are a few MB; anything past this is not one and is not read into memory. */
export const MAX_ADDON_BYTES = 64 * 1024 * 1024;

const SYMBOL = /node_register_module_v(\d+)/g;

/** The ABI(s) the addon bytes declare; empty when none (not a V8-API Node addon). */
export function declaredAbis(bytes: Uint8Array): number[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return [...new Set([...text.matchAll(SYMBOL)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

export type AddonAbi = { kind: 'abi'; abi: number } | { kind: 'missing' } | { kind: 'unreadable'; reason: string };

/** Reads the ABI declared by the addon at `path` (size-checked before reading). */
export function readAddonAbi(path: string): AddonAbi {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: (error as Error).message };
  }
  try {
    const { size } = fstatSync(fd);
    if (size > MAX_ADDON_BYTES) return { kind: 'unreadable', reason: `${size} bytes is too large for a native addon` };
    const bytes = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    const abis = declaredAbis(bytes.subarray(0, read));
    if (abis.length === 1) return { kind: 'abi', abi: abis[0]! };
    return { kind: 'unreadable', reason: abis.length === 0 ? 'it declares no node_register_module_v<ABI> symbol' : `it declares several ABIs (${abis.join(', ')})` };
  } finally {
    closeSync(fd);
  }
}

export interface AbiCheckInput {
  /** The addon the runtime is about to load. */
  binaryPath: string;
  /** `process.versions.modules` of the runtime that will load it. */
  runtimeAbi: string | number;
  /** 'Electron 45.5.0' or 'Node 20.20.2': named in the message. */
  runtimeName: string;
  /** The command that builds the right binary, named in the message. */
  rebuildCommand: string;
}

export type AbiCheck = { ok: true; abi: number } | { ok: false; message: string };

/** Whether the addon at `binaryPath` matches the runtime; otherwise a message saying how to rebuild. */
export function checkAddonAbi(input: AbiCheckInput, read: (path: string) => AddonAbi = readAddonAbi): AbiCheck {
  const want = Number(input.runtimeAbi);
  const found = read(input.binaryPath);
  const how = `Rebuild it: ${input.rebuildCommand}`;
  switch (found.kind) {
    case 'missing':
      return { ok: false, message: `The database engine for ${input.runtimeName} (ABI ${want}) is missing: ${input.binaryPath} does not exist. ${how}` };
    case 'unreadable':
      return { ok: false, message: `The database engine ${input.binaryPath} cannot be used by ${input.runtimeName} (ABI ${want}): ${found.reason}. ${how}` };
    case 'abi':
      return found.abi === want
        ? { ok: true, abi: want }
        : { ok: false, message: `The database engine ${input.binaryPath} was built for ABI ${found.abi}, but ${input.runtimeName} needs ABI ${want}. ${how}` };
  }
}

/** How `npm start` / packaging build the Electron binary (scripts/electron-native.mjs). */
export const ELECTRON_REBUILD_COMMAND = 'on a networked machine run `node scripts/electron-native.mjs --force` in the project folder (npm start does this), then start the app again.';

/** How to restore the plain-Node binary the CLI and tests load. */
export const NODE_REBUILD_COMMAND = '`npm rebuild better-sqlite3` in the project folder (with network access, or build tools for a source build).';

/**
 * Where the Electron-ABI better-sqlite3 binary lives below the app folder. Inside a packaged app
 * `appPath` is …/resources/app.asar; native files are unpacked beside it (app.asar.unpacked).
 */
export function electronAddonPath(appPath: string, abi: string | number, platform: string, arch: string): string {
  const unpacked = appPath.replace(/app\.asar$/, 'app.asar.unpacked');
  return join(unpacked, 'native', `electron-${abi}-${platform}-${arch}`, 'better_sqlite3.node');
}
