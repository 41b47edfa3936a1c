/**
 * The desktop app's own small preferences, kept beside the database as JSON: the language chosen,
 * the user name that signed in last (to prefill the start screen), the inactivity lock time, the
 * automatic backup schedule, the outcome of the last automatic backup and whether in-app
 * preprocessing adds the nonlinear (B-spline) normalization. Clinical data never goes
 * here. Unreadable or out-of-range values fall back to the defaults.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AutoBackupStatus } from '../../shared/api-accounts';
import { LOCK_MINUTES_DEFAULT, LOCK_MINUTES_MAX, LOCK_MINUTES_MIN } from '../../shared/record/accounts';

export interface AutoBackupSettings {
  /** Absolute folder the scheduled backups go into; null: automatic backups off. */
  folder: string | null;
  /** Hours between automatic backups (default 24: daily). */
  intervalHours: number;
  /** How many automatic backups to keep (older ones are removed). */
  keep: number;
}

export interface AppSettings {
  language: 'ja' | 'en' | null;
  lastUsername: string | null;
  lockMinutes: number;
  autoBackup: AutoBackupSettings;
  lastAutoBackup: AutoBackupStatus | null;
  /** B-spline refinement after the affine normalization to MNI (in-app preprocessing); default off. */
  nonlinearNormalization: boolean;
}

export const DEFAULT_AUTO_BACKUP: AutoBackupSettings = { folder: null, intervalHours: 24, keep: 14 };

const EMPTY: AppSettings = { language: null, lastUsername: null, lockMinutes: LOCK_MINUTES_DEFAULT, autoBackup: DEFAULT_AUTO_BACKUP, lastAutoBackup: null, nonlinearNormalization: false };

const wholeIn = (v: unknown, min: number, max: number, fallback: number) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fallback);

function readAutoBackup(raw: unknown): AutoBackupSettings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<AutoBackupSettings>;
  return {
    folder: typeof r.folder === 'string' && r.folder.trim() !== '' ? r.folder : null,
    intervalHours: wholeIn(r.intervalHours, 1, 720, DEFAULT_AUTO_BACKUP.intervalHours),
    keep: wholeIn(r.keep, 1, 365, DEFAULT_AUTO_BACKUP.keep),
  };
}

function readStatus(raw: unknown): AutoBackupStatus | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Partial<AutoBackupStatus>;
  if (typeof r.at !== 'string' || typeof r.path !== 'string' || typeof r.ok !== 'boolean') return null;
  return { at: r.at, path: r.path, ok: r.ok, message: typeof r.message === 'string' ? r.message : null };
}

/** Reads the settings file; a missing or unreadable file gives the defaults. */
export function readAppSettings(path: string): AppSettings {
  if (!existsSync(path)) return { ...EMPTY };
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    return {
      language: raw.language === 'ja' || raw.language === 'en' ? raw.language : null,
      lastUsername: typeof raw.lastUsername === 'string' && raw.lastUsername.trim() !== '' ? raw.lastUsername : null,
      lockMinutes: wholeIn(raw.lockMinutes, LOCK_MINUTES_MIN, LOCK_MINUTES_MAX, LOCK_MINUTES_DEFAULT),
      autoBackup: readAutoBackup(raw.autoBackup),
      lastAutoBackup: readStatus(raw.lastAutoBackup),
      nonlinearNormalization: raw.nonlinearNormalization === true,
    };
  } catch {
    return { ...EMPTY };
  }
}

/** Writes the settings atomically (temporary file, then rename). */
export function writeAppSettings(path: string, settings: AppSettings): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`, 'utf8');
  renameSync(tmp, path);
}

/** Reads, changes and writes back some settings. */
export function updateAppSettings(path: string, change: Partial<AppSettings>): AppSettings {
  const next = { ...readAppSettings(path), ...change };
  writeAppSettings(path, next);
  return next;
}
