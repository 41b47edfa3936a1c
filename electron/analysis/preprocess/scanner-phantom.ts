/**
 * Test support: an MNI-space phantom moved into scanner space by a known affine — a T1 (the MNI
 * head template) and a mean EPI (tissue maps with EPI-like weights that differ from the reference's,
 * plus noise) on oblique scanner grids. The truth is `scannerToMni` (and `epiToMni` when the head
 * moved between the T1 and the EPI); normalization must find their inverses. `brainErrorMm` is the
 * measure the tests use: how far a found MNI → scanner transform puts each MNI brain voxel.
 */
import { applyAffine, invertAffine, multiplyAffine } from '../../../shared/imaging/affine';
import { eulerRotation } from './elastix-runner';
import { mniReferences } from './mni-references';
import { resampleOnto } from './resample';
import { smoothVolume } from './smooth';
import type { Volume } from './volume';

export interface ScannerPhantom {
  /** Scanner world → MNI world (RAS mm): the planted truth. */
  scannerToMni: number[];
  /** EPI scanner world → MNI world: `scannerToMni` after undoing the head's move `epiMotion`. */
  epiToMni: number[];
  t1: Volume;
  meanEpi: Volume;
}

export interface ScannerPhantomOptions {
  /** Fraction of the EPI slices kept, from the top (partial coverage); default 1. */
  epiCoverage?: number;
  /** Extra translation (mm) of the T1 grid, e.g. to make it miss the EPI. */
  t1Offset?: [number, number, number];
  /**
   * Rigid move of the head (scanner world, 4×4) between the T1 and the EPI: tissue at p during the
   * T1 is at epiMotion · p during the EPI. Default none.
   */
  epiMotion?: number[];
}

/** Mean and largest distance (mm) between where two MNI → scanner transforms put the MNI brain-mask voxels (2 mm grid). */
export async function brainErrorMm(found: number[], truth: number[]): Promise<{ mean: number; max: number }> {
  const mask = (await mniReferences()).brainMask;
  const [nx, ny] = mask.dims;
  let n = 0, sum = 0, max = 0;
  for (let v = 0; v < mask.data.length; v++) {
    if (!(mask.data[v] >= 0.5)) continue;
    const p = applyAffine(mask.affine, [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))]);
    const a = applyAffine(found, p);
    const b = applyAffine(truth, p);
    const d = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    n++; sum += d; max = Math.max(max, d);
  }
  return { mean: n === 0 ? NaN : sum / n, max };
}

/** A rigid scanner-world move: rotations (rad, elastix Euler order) and a translation (mm). */
export function rigidMove(rx: number, ry: number, rz: number, t: [number, number, number]): number[] {
  return rigidMatrix(rx, ry, rz, t);
}

function rigidMatrix(rx: number, ry: number, rz: number, t: [number, number, number]): number[] {
  const r = eulerRotation(rx, ry, rz);
  return [r[0], r[1], r[2], t[0], r[3], r[4], r[5], t[1], r[6], r[7], r[8], t[2], 0, 0, 0, 1];
}

/** A grid of `dims` voxels of `sizes` mm centred on the scanner origin, tilted by `tilt` rad about x. */
function scannerGrid(dims: [number, number, number], sizes: [number, number, number], tilt: number, offset: [number, number, number] = [0, 0, 0]) {
  const scale = [sizes[0], 0, 0, 0, 0, sizes[1], 0, 0, 0, 0, sizes[2], 0, 0, 0, 0, 1];
  const centre = [-(dims[0] - 1) / 2 * sizes[0], -(dims[1] - 1) / 2 * sizes[1], -(dims[2] - 1) / 2 * sizes[2]] as [number, number, number];
  const placed = multiplyAffine([1, 0, 0, centre[0], 0, 1, 0, centre[1], 0, 0, 1, centre[2], 0, 0, 0, 1], scale);
  return { dims, affine: multiplyAffine(rigidMatrix(tilt, 0, 0, offset), placed) };
}

export async function scannerPhantom(options: ScannerPhantomOptions = {}): Promise<ScannerPhantom> {
  const refs = await mniReferences();
  // Scanner → MNI: a head 6 % larger left-right, 3 % smaller front-back, turned and shifted.
  const scaling = [0.94, 0, 0, 0, 0, 1.03, 0, 0, 0, 0, 0.98, 0, 0, 0, 0, 1];
  const scannerToMni = multiplyAffine(rigidMatrix(0.12, -0.06, 0.08, [4, 22, -15]), scaling);
  const t1Grid = scannerGrid([120, 140, 130], [1.6, 1.6, 1.6], 0.05, options.t1Offset);
  const t1 = resampleOnto(refs.t1, t1Grid, scannerToMni);
  const epiRaw = new Float32Array(refs.csf.data.length);
  let seed = 7;
  for (let i = 0; i < epiRaw.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    epiRaw[i] = 900 * refs.csf.data[i] + 700 * refs.grey.data[i] + 500 * refs.white.data[i] + 40 * (seed / 2147483648) + 20;
  }
  const epiMni = { dims: refs.csf.dims, affine: refs.csf.affine, data: smoothVolume(epiRaw, refs.csf.dims, refs.csf.affine, 3) };
  const coverage = options.epiCoverage ?? 1;
  const slices = Math.max(4, Math.round(36 * coverage));
  // The EPI slab is centred on the brain (MNI (0, −18, 18) in scanner coordinates), as a radiographer places it.
  const brainCentre = applyAffine(invertAffine(scannerToMni), [0, -18, 18]);
  const full = scannerGrid([64, 64, 36], [3.5, 3.5, 4], 0.2, brainCentre);
  const epiGrid = { dims: [64, 64, slices] as [number, number, number], affine: multiplyAffine(full.affine, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 36 - slices, 0, 0, 0, 1]) };
  const epiToMni = options.epiMotion ? multiplyAffine(scannerToMni, invertAffine(options.epiMotion)) : scannerToMni;
  const meanEpi = resampleOnto(epiMni, epiGrid, epiToMni);
  return { scannerToMni, epiToMni, t1, meanEpi };
}
