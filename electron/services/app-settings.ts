/**
 * The desktop app's own small preferences, kept beside the database as JSON: the language chosen
 * and the clinician named last time (to prefill the start screen). Clinical data never goes here.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface AppSettings {
  language: 'ja' | 'en' | null;
  lastClinician: string | null;
}

const EMPTY: AppSettings = { language: null, lastClinician: null };

/** Reads the settings file; a missing or unreadable file gives the empty settings. */
export function readAppSettings(path: string): AppSettings {
  if (!existsSync(path)) return { ...EMPTY };
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<AppSettings>;
    return {
      language: raw.language === 'ja' || raw.language === 'en' ? raw.language : null,
      lastClinician: typeof raw.lastClinician === 'string' && raw.lastClinician.trim() !== '' ? raw.lastClinician : null,
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
