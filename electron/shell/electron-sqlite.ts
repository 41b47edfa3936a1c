/**
 * better-sqlite3 as the Electron main process sees it. The main bundle routes every
 * `import Database from 'better-sqlite3'` here (scripts/bundles.mjs), so the record store needs
 * no change: each `new Database(…)` gets `nativeBinding` = the addon main.ts loaded for
 * Electron's ABI (native/electron-<abi>-<platform>-<arch>/better_sqlite3.node), never the
 * node_modules binary that the CLI and tests (plain Node) keep using.
 */
import Database from 'better-sqlite3';

let electronAddon: object | null = null;

/** Hands the loaded Electron-ABI addon to every Database opened from now on. */
export function useSqliteAddon(addon: object): void {
  electronAddon = addon;
}

function withAddon(args: unknown[]): unknown[] {
  if (electronAddon === null) throw new Error('The database engine was not loaded for Electron before a database was opened (main.ts must call useSqliteAddon first).');
  const [file, options] = args;
  return [file, { ...(typeof options === 'object' && options !== null ? options : {}), nativeBinding: electronAddon }];
}

/** The real constructor (statics, prototype, instanceof unchanged) with the addon filled in. */
const ElectronDatabase = new Proxy(Database, {
  construct: (target, args, newTarget) => Reflect.construct(target, withAddon(args), newTarget) as object,
  apply: (target, _this, args) => Reflect.construct(target, withAddon(args)) as unknown,
});

export default ElectronDatabase;

/** Loads the addon at `path` (its ABI already checked by native-abi.ts) and uses it from now on. */
export function loadSqliteAddon(path: string): void {
  const holder = { exports: {} as object };
  process.dlopen(holder as unknown as NodeJS.Module, path);
  useSqliteAddon(holder.exports);
}
