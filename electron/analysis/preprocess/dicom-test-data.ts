/**
 * Test helper: where the real Siemens XA30 DICOM of ../shared/data/dicom/ lives, or null (tests
 * then skip with a message). Test inputs only; never copied into the project.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const XA30_DIR = fileURLToPath(new URL('../../../../shared/data/dicom/siemens-xa30/', import.meta.url));
export const BOLD_SERIES = '7_func-bold_task-fa_run-1';
export const T1_SERIES = '5_anat-T1w_acq-tfl';
export const SKIP_MESSAGE = '../shared/data/dicom/siemens-xa30 is absent: real-DICOM test skipped';

export function xa30Dir(): string | null {
  return existsSync(join(XA30_DIR, BOLD_SERIES)) && existsSync(join(XA30_DIR, T1_SERIES)) ? XA30_DIR : null;
}

/** The files of one real series, sorted. */
export function xa30Files(series: string): string[] {
  const dir = join(XA30_DIR, series);
  return readdirSync(dir).sort().map((name) => join(dir, name));
}

/** dcm2niix's reference sidecar beside the series, or null. */
export function xa30Reference(series: string): Record<string, unknown> | null {
  const path = join(XA30_DIR, series + '.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : null;
}
