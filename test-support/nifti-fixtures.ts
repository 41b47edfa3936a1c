/**
 * Test helpers for NIfTI files: temporary folders, the shared real-data folder, and synthetic
 * NiftiHeaderSummary objects for pure functions (space decision, BOLD validation).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NiftiHeaderSummary } from '../shared/imaging/nifti-header';

/** The project root (this file is test-support/nifti-fixtures.ts). */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The shared real test data folder (`../shared/data` from the project root), or null when absent. */
export function sharedDataDir(): string | null {
  const dir = join(PROJECT_ROOT, '..', 'shared', 'data');
  return existsSync(dir) ? dir : null;
}

/** A path in the shared data folder, or null when the folder or the file is absent. */
export function sharedDataFile(relative: string): string | null {
  const dir = sharedDataDir();
  if (!dir) return null;
  const path = join(dir, relative);
  return existsSync(path) ? path : null;
}

/** A fresh temporary folder and a function that removes it. */
export function tempDir(prefix = 'krp-nifti-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A diagonal affine (voxel sizes sx, sy, sz mm; origin: world mm of voxel 0,0,0), row-major. */
export function diagonalAffine(sx: number, sy: number, sz: number, origin: [number, number, number]): number[] {
  return [sx, 0, 0, origin[0], 0, sy, 0, origin[1], 0, 0, sz, origin[2], 0, 0, 0, 1];
}

/**
 * A plausible header summary: the MNI152NLin2009cAsym 2 mm grid (97×115×97, origin −96,−132,−78),
 * 200 volumes, TR 2 s, sform code 4. Override any field.
 */
export function syntheticHeader(overrides: Partial<NiftiHeaderSummary> = {}): NiftiHeaderSummary {
  const affine = overrides.affine !== undefined ? overrides.affine : diagonalAffine(2, 2, 2, [-96, -132, -78]);
  const dims = overrides.dims ?? [97, 115, 97, 200];
  const base: NiftiHeaderSummary = {
    niftiVersion: 1,
    dims,
    ndim: dims[3] > 1 ? 4 : 3,
    voxelSizeMm: [2, 2, 2],
    datatype: 'float32',
    datatypeCode: 16,
    bitpix: 32,
    littleEndian: true,
    voxOffset: 352,
    sclSlope: 1,
    sclInter: 0,
    sformCode: 4,
    qformCode: 4,
    sform: affine,
    qform: affine,
    affine,
    affineSource: affine ? 'sform' : 'none',
    spaceCode: affine ? 4 : 0,
    trSeconds: 2,
    timeUnits: 'sec',
    description: '',
    gzipped: true,
    fileBytes: 1,
    dataBytes: dims[0] * dims[1] * dims[2] * dims[3] * 4,
  };
  return { ...base, ...overrides };
}
