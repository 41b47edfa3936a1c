/**
 * Test support: the MNI templates moved into scanner space by a known affine plus a known smooth
 * nonlinear warp, so the true MNI → scanner position of every voxel is known.
 *
 * The subject's tissue at scanner point s is the template's at w(A·s), with A = scannerToMni (an
 * affine) and w(q) = q + u(q) a smooth sinusoidal warp in MNI space (amplitude WARP_AMPLITUDE_MM,
 * wavelengths 110–130 mm, largest gradient ≈ 0.23, so w is invertible). The truth for MNI point p is
 * s = A⁻¹·w⁻¹(p); w⁻¹ is found by fixed-point iteration.
 */
import { applyAffine, invertAffine, multiplyAffine, type Vec3Tuple } from '../../../shared/imaging/affine';
import { eulerRotation } from './elastix-runner';
import { mniReferences } from './mni-references';
import { trilinear, type Grid3 } from './resample';
import { smoothVolume } from './smooth';
import type { Volume } from './volume';

export const WARP_AMPLITUDE_MM = 4;
const WAVELENGTHS_MM = [120, 110, 130];

/** The planted warp's displacement u(q) (mm) at MNI point q. */
export function plantedDisplacement(q: readonly number[]): Vec3Tuple {
  const a = WARP_AMPLITUDE_MM;
  return [
    a * Math.sin((2 * Math.PI * (q[2] + 10)) / WAVELENGTHS_MM[0]),
    a * Math.sin((2 * Math.PI * (q[0] + 20)) / WAVELENGTHS_MM[1]),
    a * Math.sin((2 * Math.PI * (q[1] + 30)) / WAVELENGTHS_MM[2]),
  ];
}

/** w⁻¹(p): the q with q + u(q) = p. */
export function unwarp(p: readonly number[]): Vec3Tuple {
  let q: Vec3Tuple = [p[0], p[1], p[2]];
  for (let i = 0; i < 60; i++) {
    const u = plantedDisplacement(q);
    q = [p[0] - u[0], p[1] - u[1], p[2] - u[2]];
  }
  return q;
}

export interface WarpedPhantom {
  /** Scanner world → MNI world, the affine part of the truth. */
  scannerToMni: number[];
  t1: Volume;
  meanEpi: Volume;
  /** The true scanner position (RAS mm) of MNI point p. */
  truth: (p: readonly number[]) => Vec3Tuple;
}

function rigid(rx: number, ry: number, rz: number, t: Vec3Tuple): number[] {
  const r = eulerRotation(rx, ry, rz);
  return [r[0], r[1], r[2], t[0], r[3], r[4], r[5], t[1], r[6], r[7], r[8], t[2], 0, 0, 0, 1];
}

function grid(dims: Vec3Tuple, sizes: Vec3Tuple, tilt: number, centre: Vec3Tuple): Grid3 {
  const half = dims.map((n, a) => -((n - 1) / 2) * sizes[a]);
  const placed = [sizes[0], 0, 0, half[0], 0, sizes[1], 0, half[1], 0, 0, sizes[2], half[2], 0, 0, 0, 1];
  return { dims, affine: multiplyAffine(rigid(tilt, 0, 0, centre), placed) };
}

/** `template` sampled at w(A·s) for every voxel s of `target`. */
function warpedOnto(template: Volume, target: Grid3, scannerToMni: number[]): Volume {
  const toVoxel = invertAffine(template.affine);
  const [nx, ny, nz] = target.dims;
  const data = new Float32Array(nx * ny * nz);
  let o = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const q = applyAffine(scannerToMni, applyAffine(target.affine, [i, j, k]));
    const u = plantedDisplacement(q);
    const v = applyAffine(toVoxel, [q[0] + u[0], q[1] + u[1], q[2] + u[2]]);
    const value = trilinear(template.data, template.dims, v[0], v[1], v[2]);
    data[o++] = value === value ? value : 0;
  }
  return { dims: target.dims, affine: [...target.affine], data };
}

export async function warpedPhantom(): Promise<WarpedPhantom> {
  const refs = await mniReferences();
  const scaling = [0.95, 0, 0, 0, 0, 1.04, 0, 0, 0, 0, 0.97, 0, 0, 0, 0, 1];
  const scannerToMni = multiplyAffine(rigid(0.1, -0.05, 0.07, [3, 20, -12]), scaling);
  const mniToScanner = invertAffine(scannerToMni);
  const t1 = warpedOnto(refs.t1, grid([120, 140, 130], [1.6, 1.6, 1.6], 0.05, [0, 0, 0]), scannerToMni);
  const epiRaw = new Float32Array(refs.csf.data.length);
  let seed = 11;
  for (let i = 0; i < epiRaw.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    epiRaw[i] = 900 * refs.csf.data[i] + 700 * refs.grey.data[i] + 500 * refs.white.data[i] + 40 * (seed / 2147483648) + 20;
  }
  const epiMni: Volume = { dims: refs.csf.dims, affine: refs.csf.affine, data: smoothVolume(epiRaw, refs.csf.dims, refs.csf.affine, 3) };
  const centre = applyAffine(mniToScanner, [0, -18, 18]);
  const meanEpi = warpedOnto(epiMni, grid([64, 64, 40], [3.5, 3.5, 4], 0.2, centre), scannerToMni);
  return { scannerToMni, t1, meanEpi, truth: (p) => applyAffine(mniToScanner, unwarp(p)) };
}
