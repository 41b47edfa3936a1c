/**
 * The clinical record from the command line, on the same RecordStore as the app:
 *   krp patients list [--search S] [--limit N] [--offset N] [--deleted] [--json]
 *   krp export [--deidentified] OUT.csv     UTF-8 with BOM; + OUT.infusions.csv (every infusion), OUT.codebook.csv
 *   krp backup OUT_FOLDER                 database + images + manifest (SHA-256s, audit head)
 *   krp restore BACKUP_FOLDER             refuses any backup that does not verify; keeps a safety copy
 *   krp audit verify [--anchor MANIFEST|SEQ:HASH|HASH] [--json] | krp audit list [--limit N] [--json]
 *   krp scans redact (SCAN_ID | --all) --reason TEXT   remove original paths and header text
 * Common options: --db FILE (else $KRP_DATA_DIR/krp-record.sqlite, the app's file), --user NAME (else
 * $KRP_USER): every verb but `audit verify` signs in as that user, with the password from
 * $KRP_PASSWORD or the first line of standard input (cli-auth.ts). The database must already exist.
 * Exit codes: 0 done, 1 refused (one clear line on stderr, nothing written) or audit check failed,
 * 2 usage error.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { isKrpError } from '../../../shared/errors';
import type { AuditHead, PatientListItem } from '../../../shared/record/types';
import { MANIFEST_NAME, readManifest } from '../../services/record/backup-manifest';
import { parseAnchor } from '../../services/record/record-verify';
import { unredactedScanIds } from '../../services/record/scan-sources';
import { RecordStore } from '../../services/record/record-store';
import { DATABASE_FILE } from '../../shell/data-folder';
import { CliSecrets } from '../cli-auth';
import type { CliCommand, CliIo } from '../cli-io';

/** The record's file name in a data folder: the very constant the app writes (shell/data-folder.ts). */
export const DB_FILE_NAME = DATABASE_FILE;

export class UsageError extends Error {}

export interface CommonArgs {
  db: string;
  /** Who signs in (--user or $KRP_USER); null when not given. */
  user: string | null;
  json: boolean;
  /** Everything that was not a common option, in order. */
  rest: string[];
}

function osUser(): string {
  try { return userInfo().username; } catch { return 'unknown'; }
}

/** Splits off --db, --user and --json; resolves the database path. */
export function parseCommon(args: string[], io: CliIo): CommonArgs {
  let db: string | null = null;
  let user: string | null = null;
  let json = false;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--db' || arg === '--user') {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      if (arg === '--db') db = resolve(io.cwd, v); else user = v;
    } else if (arg === '--json') json = true;
    else rest.push(arg);
  }
  if (db === null) {
    const dir = io.env.KRP_DATA_DIR;
    if (!dir) throw new UsageError('no database: give --db FILE or set KRP_DATA_DIR to the app\'s data folder');
    db = resolve(io.cwd, dir, DB_FILE_NAME);
  }
  const envUser = io.env.KRP_USER;
  return { db, user: user ?? (envUser !== undefined && envUser.trim() !== '' ? envUser : null), json, rest };
}

/** How a verb signs in: 'user' (--user and password, the default), 'none' (audit verify), or its own rule. */
export type AuthRule = 'user' | 'none' | ((common: CommonArgs, store: RecordStore) => 'user' | 'none');

/**
 * Runs `body` with the store open and, unless the verb needs no one, the named user signed in
 * (signed out after); maps refusals and usage errors to exit codes.
 */
export async function withStore(name: string, usage: string, args: string[], io: CliIo, body: (store: RecordStore, common: CommonArgs, secrets: CliSecrets) => Promise<number> | number, auth: AuthRule = 'user'): Promise<number> {
  let common: CommonArgs;
  try {
    common = parseCommon(args, io);
  } catch (error) {
    io.stderr(`krp ${name}: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (!existsSync(common.db)) {
    io.stderr(`krp ${name}: there is no record database at ${common.db}: check --db or KRP_DATA_DIR.\n`);
    return 1;
  }
  let store: RecordStore | null = null;
  const secrets = new CliSecrets(io);
  try {
    store = RecordStore.open(common.db, { actor: { clinician: `cli:${osUser()}`, osUser: osUser() } });
    const rule = typeof auth === 'function' ? auth(common, store) : auth;
    if (rule === 'user') {
      if (common.user === null) throw new UsageError('this command changes or reads the record: name yourself with --user NAME (or KRP_USER) and give the password in KRP_PASSWORD or on standard input');
      let password: string;
      try { password = await secrets.password(); } catch (error) { throw new UsageError((error as Error).message); }
      await store.signIn(common.user, password);
    }
    return await body(store, common, secrets);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`krp ${name}: ${error.message}\n${usage}\n`);
      return 2;
    }
    if (isKrpError(error)) {
      io.stderr(`krp ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    try { store?.signOut(); } catch { /* closing anyway */ }
    store?.close();
  }
}

function intOption(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 0) throw new UsageError(`${flag} needs a whole number`);
  return n;
}

function patientLine(p: PatientListItem): string {
  const nrs = p.preNrs === null && p.post60Nrs === null ? '' : `NRS ${p.preNrs ?? '–'}→${p.post60Nrs ?? '–'}`;
  const z = p.latestZ === null ? 'z –' : `z ${p.latestZ.toFixed(3)}`;
  return [String(p.id).padStart(5), p.displayCode.padEnd(12), (p.hospitalId ?? '').padEnd(12), p.sex.padEnd(7), z.padEnd(9), nrs.padEnd(12), p.diagnosis, p.deleted ? '(deleted)' : '']
    .join('  ').trimEnd();
}

const PATIENTS_USAGE = 'usage: krp patients list [--search S] [--limit N] [--offset N] [--deleted] [--json] [--db FILE]';

export const patientsCommand: CliCommand = {
  run: (args, io) => withStore('patients', PATIENTS_USAGE, args, io, (store, common) => {
    const [sub, ...opts] = common.rest;
    if (sub !== 'list') throw new UsageError(sub === undefined ? 'which action? (list)' : `unknown action "${sub}"`);
    const query: { search?: string; limit?: number; offset?: number; includeDeleted?: boolean } = {};
    for (let i = 0; i < opts.length; i++) {
      switch (opts[i]) {
        case '--search': query.search = opts[++i]; if (query.search === undefined) throw new UsageError('--search needs a value'); break;
        case '--limit': query.limit = intOption('--limit', opts[++i]); break;
        case '--offset': query.offset = intOption('--offset', opts[++i]); break;
        case '--deleted': query.includeDeleted = true; break;
        default: throw new UsageError(`unknown option "${opts[i]}"`);
      }
    }
    const page = store.listPatients(query);
    if (common.json) io.stdout(`${JSON.stringify(page, null, 2)}\n`);
    else {
      io.stdout(`${page.items.length} of ${page.total} patient(s)\n`);
      for (const p of page.items) io.stdout(`${patientLine(p)}\n`);
    }
    return 0;
  }),
};

const EXPORT_USAGE = 'usage: krp export [--deidentified] OUT.csv [--db FILE]   (--deidentified: pseudonymized; also writes OUT.infusions.csv and OUT.codebook.csv)';

/** `cohort.csv` → `cohort.infusions.csv` and `cohort.codebook.csv`. */
export function companionPaths(csvPath: string): { infusions: string; codebook: string } {
  const base = csvPath.replace(/\.csv$/i, '');
  return { infusions: `${base}.infusions.csv`, codebook: `${base}.codebook.csv` };
}

export const exportCommand: CliCommand = {
  run: (args, io) => withStore('export', EXPORT_USAGE, args, io, (store, common) => {
    const deidentified = common.rest.includes('--deidentified');
    const files = common.rest.filter((a) => a !== '--deidentified');
    const unknown = files.find((a) => a.startsWith('--'));
    if (unknown) throw new UsageError(`unknown option "${unknown}"`);
    if (files.length !== 1) throw new UsageError('give exactly one output file');
    const out = resolve(io.cwd, files[0]);
    if (existsSync(out)) {
      io.stderr(`krp export: ${out} already exists: choose a new file name (nothing was overwritten).\n`);
      return 1;
    }
    const paths = companionPaths(out);
    const taken = [paths.infusions, paths.codebook].find((p) => existsSync(p));
    if (taken) {
      io.stderr(`krp export: ${taken} already exists: choose a new file name (nothing was overwritten).\n`);
      return 1;
    }
    const { csv, rows, infusionsCsv, infusionRows, codebook } = store.exportCohort({ deidentified });
    writeFileSync(out, csv, { flag: 'wx' });
    writeFileSync(paths.infusions, infusionsCsv, { flag: 'wx' });
    writeFileSync(paths.codebook, codebook, { flag: 'wx' });
    if (common.json) io.stdout(`${JSON.stringify({ path: out, ...paths, rows, infusionRows, pseudonymized: deidentified })}\n`);
    else io.stdout(`Wrote ${rows} patient(s) to ${out}${deidentified ? ' (pseudonymized)' : ''}, ${infusionRows} infusion(s) to ${paths.infusions}, codebook ${paths.codebook}.\n`);
    return 0;
  }),
};

const BACKUP_USAGE = 'usage: krp backup OUT_FOLDER [--db FILE]   (a new folder: manifest.json, krp.sqlite3, files/…)';

export const backupCommand: CliCommand = {
  run: (args, io) => withStore('backup', BACKUP_USAGE, args, io, async (store, common) => {
    if (common.rest.length !== 1 || common.rest[0].startsWith('--')) throw new UsageError('give exactly one output file');
    const result = await store.backup(resolve(io.cwd, common.rest[0]));
    if (common.json) io.stdout(`${JSON.stringify(result)}\n`);
    else {
      io.stdout(`Backup written to ${result.path} (${result.bytes} bytes, ${result.images} image(s), integrity ${result.integrity}, manifest SHA-256 ${result.sha256}).\n`);
      io.stdout(`Audit head ${result.auditHead ? `${result.auditHead.seq}:${result.auditHead.hash}` : '(empty)'}: keep it (or the manifest) to check the record later with "krp audit verify --anchor".\n`);
      for (const missing of result.missingImages) io.stderr(`krp backup: warning: image not backed up: ${missing}\n`);
    }
    return 0;
  }),
};

const RESTORE_USAGE = 'usage: krp restore BACKUP_FOLDER [--db FILE]';

export const restoreCommand: CliCommand = {
  run: (args, io) => withStore('restore', RESTORE_USAGE, args, io, async (store, common) => {
    if (common.rest.length !== 1 || common.rest[0].startsWith('--')) throw new UsageError('give exactly one backup folder');
    const result = await store.restore(resolve(io.cwd, common.rest[0]));
    if (common.json) io.stdout(`${JSON.stringify(result)}\n`);
    else io.stdout(`Restored ${result.patients} patient(s), ${result.auditEntries} audit entries and ${result.images} image(s) from ${result.from}; the record as it was is kept in ${result.safetyCopy}.\n`);
    return 0;
  }),
};

/** An anchor from a backup folder or manifest, `SEQ:HASH`, or a bare entry hash looked up in the trail. */
function resolveAnchor(value: string, store: RecordStore, cwd: string): AuditHead {
  const parsed = parseAnchor(value);
  if (parsed) return parsed;
  const path = resolve(cwd, value);
  if (existsSync(path)) {
    const manifest = readManifest(statSync(path).isDirectory() ? join(path, MANIFEST_NAME) : path);
    if (!manifest.auditHead) throw new UsageError(`${path} records an empty audit trail: there is nothing to anchor to`);
    return manifest.auditHead;
  }
  const hash = value.normalize('NFKC').trim().toLowerCase();
  if (/^[0-9a-f]{64}$/.test(hash)) {
    const seq = store.connection.prepare('SELECT seq FROM audit_log WHERE hash = ?').pluck().get(hash) as number | undefined;
    return { seq: seq ?? Number.MAX_SAFE_INTEGER, hash };
  }
  throw new UsageError(`--anchor needs a backup folder, its manifest.json, SEQ:HASH or a 64-digit hash; got "${value}"`);
}

const AUDIT_USAGE = 'usage: krp audit verify [--anchor MANIFEST|SEQ:HASH|HASH] [--json] | krp audit list [--limit N] [--json]  [--db FILE]';

export const auditCommand: CliCommand = {
  run: (args, io) => withStore('audit', AUDIT_USAGE, args, io, (store, common) => {
    const [sub, ...opts] = common.rest;
    if (sub === 'verify') {
      let anchor: AuditHead | undefined;
      for (let i = 0; i < opts.length; i++) {
        if (opts[i] === '--anchor') {
          const value = opts[++i];
          if (value === undefined) throw new UsageError('--anchor needs a value');
          anchor = resolveAnchor(value, store, io.cwd);
        } else throw new UsageError(`unknown option "${opts[i]}"`);
      }
      const result = store.verifyAudit(anchor);
      const head = result.head ?? null;
      if (common.json) io.stdout(`${JSON.stringify({ ...result, headHash: head?.hash ?? null })}\n`);
      else if (result.ok) {
        io.stdout(`Record intact: ${result.entries} audit entries chain correctly and ${result.rowsChecked ?? 0} clinical rows match them; head ${head ? `${head.seq}:${head.hash}` : '(empty)'}${anchor ? `; anchor entry ${anchor.seq} present` : ''}.\n`);
      } else {
        const where = result.table ? `table ${result.table}, row ${result.rowId}` : `entry ${result.firstBadSeq}`;
        io.stdout(`RECORD DOES NOT VERIFY (${where}): ${result.problem}\n`);
      }
      return result.ok ? 0 : 1;
    }
    if (sub === 'list') {
      let limit = 50;
      for (let i = 0; i < opts.length; i++) {
        if (opts[i] === '--limit') limit = intOption('--limit', opts[++i]);
        else throw new UsageError(`unknown option "${opts[i]}"`);
      }
      const entries = store.listAudit({ limit });
      if (common.json) io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
      else for (const e of entries) io.stdout(`${String(e.seq).padStart(6)}  ${e.at}  ${e.clinician} (${e.osUser})  ${e.action} ${e.entity}${e.entityId === null ? '' : ` ${e.entityId}`}\n`);
      return 0;
    }
    throw new UsageError(sub === undefined ? 'which action? (verify, list)' : `unknown action "${sub}"`);
  }, (common) => (common.rest[0] === 'verify' ? 'none' : 'user')),
};

const SCANS_USAGE = 'usage: krp scans redact (SCAN_ID | --all) --reason TEXT [--json] [--db FILE]';

export const scansCommand: CliCommand = {
  run: (args, io) => withStore('scans', SCANS_USAGE, args, io, (store, common) => {
    const [sub, ...opts] = common.rest;
    if (sub !== 'redact') throw new UsageError(sub === undefined ? 'which action? (redact)' : `unknown action "${sub}"`);
    let reason: string | null = null;
    let all = false;
    const ids: number[] = [];
    for (let i = 0; i < opts.length; i++) {
      if (opts[i] === '--reason') { reason = opts[++i] ?? null; if (reason === null) throw new UsageError('--reason needs a value'); }
      else if (opts[i] === '--all') all = true;
      else if (/^\d+$/.test(opts[i].normalize('NFKC'))) ids.push(Number(opts[i].normalize('NFKC')));
      else throw new UsageError(`unknown option "${opts[i]}"`);
    }
    if (reason === null) throw new UsageError('--reason is required: say why the identifiers are removed');
    if (all === (ids.length > 0)) throw new UsageError('give scan ids or --all (not both)');
    const targets = all ? unredactedScanIds(store.connection) : ids;
    const redacted = store.connection.transaction(() => targets.map((id) => store.redactScanSource(id, reason as string).id))();
    if (common.json) io.stdout(`${JSON.stringify({ redacted })}\n`);
    else io.stdout(`Removed the original path and header text of ${redacted.length} scan(s); their SHA-256 identities are kept.\n`);
    return 0;
  }),
};

/** The database path the CLI uses for a data folder. */
export function dbPathIn(dataDir: string): string {
  return join(dataDir, DB_FILE_NAME);
}
