/**
 * What an fMRIPrep confounds table needs from beside it to pick its aCompCor columns
 * (shared/imaging/fmriprep-acompcor.ts): its JSON sidecar (same name, .json) and the fMRIPrep
 * version in the derivatives' dataset_description.json (the table's folder or up to four above).
 * Optional facts: a missing, oversized, non-regular or malformed file is simply not used.
 */
import { lstat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fmriprepVersionOf, type FmriprepContext } from '../../../shared/imaging/fmriprep-acompcor';
import { isNetworkOrDevicePath } from './local-file';
import { readBoundedText } from './bounded-text';

/** Sidecars and descriptions are a few kB; anything above this is not one. */
const MAX_JSON_BYTES = 4 * 1024 * 1024;

async function readSmallJson(path: string): Promise<unknown> {
  if (isNetworkOrDevicePath(path)) return null;
  try {
    const info = await lstat(path);
    if (!info.isFile() || info.size > MAX_JSON_BYTES) return null;
    const read = await readBoundedText(path, MAX_JSON_BYTES);
    return read.kind === 'text' ? JSON.parse(read.text) as unknown : null;
  } catch {
    return null;
  }
}

export async function readFmriprepContext(confoundsPath: string): Promise<FmriprepContext> {
  if (!/\.tsv$/i.test(confoundsPath)) return { sidecar: null, version: null };
  const sidecar = await readSmallJson(confoundsPath.replace(/\.tsv$/i, '.json'));
  let version: string | null = null;
  let dir = dirname(confoundsPath);
  for (let up = 0; up <= 4 && version === null; up++) {
    version = fmriprepVersionOf(await readSmallJson(join(dir, 'dataset_description.json')));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { sidecar, version };
}
