/**
 * Automatic backups on a schedule (settings: folder, every N hours — daily by default — keep the
 * newest K). The main process checks once a minute; a due backup runs without blocking the main
 * thread (better-sqlite3's online backup is asynchronous and the images are hashed as streams, see
 * record/backup.ts). Each run is recorded in the audit trail (a `backup` entry marked scheduled, or a
 * `backup-failed` entry) and its outcome kept in the app settings so the app can show "last
 * automatic backup: when, where, OK/failed" (a failure prominently). Older automatic backups
 * (folders named krp-auto-…) beyond the newest K are removed; nothing else in the folder is touched.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AutoBackupStatus } from '../../shared/api-accounts';
import { isKrpError } from '../../shared/errors';
import type { BackupResult } from '../../shared/record/types';
import { readAppSettings, updateAppSettings, type AppSettings } from './app-settings';

export interface ScheduledBackupTarget {
  backup(toPath: string, options: { scheduled: boolean }): Promise<BackupResult>;
  logBackupFailure(toPath: string, message: string, scheduled: boolean): void;
}

export interface BackupSchedulerDeps {
  settingsPath: string;
  /** The record (whoever is signed in: this is system work). */
  target(): ScheduledBackupTarget;
  now?: () => number;
  /** Wraps the run so quit waits for it. */
  track?<T>(work: () => Promise<T>): Promise<T>;
  onStatus?(status: AutoBackupStatus): void;
}

export const AUTO_PREFIX = 'krp-auto-';
/** After a failure the next attempt comes after at most this long, even with a long interval. */
const RETRY_AFTER_FAILURE_MS = 60 * 60_000;

/** UTC stamp usable in a folder name and sorting in time order: 20250601T090000Z. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** True when the schedule asks for a backup now. */
export function isDue(settings: AppSettings, nowMs: number): boolean {
  if (settings.autoBackup.folder === null) return false;
  const last = settings.lastAutoBackup;
  if (last === null) return true;
  const since = nowMs - Date.parse(last.at);
  const interval = settings.autoBackup.intervalHours * 3_600_000;
  return !Number.isFinite(since) || since >= (last.ok ? interval : Math.min(interval, RETRY_AFTER_FAILURE_MS));
}

/** Removes the oldest automatic backups in `folder` beyond the newest `keep`; returns the removed names. */
export function pruneAutoBackups(folder: string, keep: number): string[] {
  const ours = readdirSync(folder)
    .filter((name) => name.startsWith(AUTO_PREFIX) && !name.includes('.tmp') && existsSync(join(folder, name, 'manifest.json')) && statSync(join(folder, name)).isDirectory())
    .sort();
  const removed = ours.slice(0, Math.max(0, ours.length - keep));
  for (const name of removed) rmSync(join(folder, name), { recursive: true, force: true });
  return removed;
}

export class BackupScheduler {
  private running: Promise<AutoBackupStatus | null> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: BackupSchedulerDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Checks now and then every `everyMs` (default one minute); the timer does not keep the process alive. */
  start(everyMs = 60_000): void {
    this.stop();
    this.timer = setInterval(() => { void this.tick(); }, everyMs);
    this.timer.unref?.();
    void this.tick();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Runs the backup when due (never two at once); resolves to its outcome, or null when nothing was due. */
  tick(): Promise<AutoBackupStatus | null> {
    if (this.running) return this.running;
    const settings = readAppSettings(this.deps.settingsPath);
    if (!isDue(settings, this.now())) return Promise.resolve(null);
    const run = this.deps.track ? this.deps.track(() => this.run(settings)) : this.run(settings);
    this.running = run.finally(() => { this.running = null; });
    return this.running;
  }

  private async run(settings: AppSettings): Promise<AutoBackupStatus> {
    const folder = settings.autoBackup.folder as string;
    let path = join(folder, `${AUTO_PREFIX}${stamp(this.now())}`);
    for (let n = 2; existsSync(path); n++) path = join(folder, `${AUTO_PREFIX}${stamp(this.now())}-${n}`);
    const at = new Date(this.now()).toISOString();
    let status: AutoBackupStatus;
    try {
      if (!existsSync(folder) || !statSync(folder).isDirectory()) {
        throw new Error(`The backup folder ${folder} does not exist (is the drive connected?).`);
      }
      const result = await this.deps.target().backup(path, { scheduled: true });
      pruneAutoBackups(folder, settings.autoBackup.keep);
      status = { at, path: result.path, ok: true, message: null };
    } catch (error) {
      const message = isKrpError(error) || error instanceof Error ? error.message : String(error);
      status = { at, path, ok: false, message };
      try { this.deps.target().logBackupFailure(path, message, true); } catch { /* the record itself may be the problem; the settings still show it */ }
    }
    updateAppSettings(this.deps.settingsPath, { lastAutoBackup: status });
    this.deps.onStatus?.(status);
    return status;
  }
}
