/**
 * Rigid realignment of every volume of a series to its first volume, as SPM's spm_realign does it:
 * both images smoothed (5 mm FWHM), the reference's intensity derivatives with respect to the six
 * rigid parameters computed once, then per volume Gauss–Newton least squares (plus a global
 * intensity scale) on trilinear samples, each step composed onto the estimate. Sample points near
 * either field of view's edge are left out, so zero-filled borders cannot pull the fit.
 *
 * Conventions: `toVolume[t]` is the world→world map taking a point of the reference volume to the
 * same tissue in volume t (so volume t sampled at toVolume·p reproduces the reference at p), and
 * `parameters[t]` = spm_imatrix(inverse of toVolume[t]) = SPM's rp for volume t (P(t).mat/P(1).mat).
 */
import { KrpError } from '../../../shared/errors';
import { affineVoxelSizes, invertAffine, multiplyAffine, type Vec3Tuple } from '../../../shared/imaging/affine';
import { cancelledError } from '../nifti/byte-source';
import { rigidMatrix, rigidParameters } from './realign-rigid';
import { smoothVolume } from './realign-smooth';
import type { RigidParameters, Series, Volume } from './volume';

export interface RealignOptions {
  signal?: AbortSignal;
  onProgress?(fraction: number): void;
  /** Smoothing before estimation, mm FWHM (SPM default 5). */
  fwhmMm?: number;
  /** Spacing of sample points, mm (SPM default 4). */
  separationMm?: number;
}

export interface RealignResult {
  parameters: RigidParameters[];
  toVolume: number[][];
  mean: Volume;
}

const PARAMETERS = 6;
const COLUMNS = PARAMETERS + 1; // six rigid parameters and a global intensity scale
const MAX_ITERATIONS = 40;
/** Voxels left out at every edge of either grid (the smoothing kernel's reach into zero fill). */
const EDGE_MARGIN = 2;

/** Trilinear sample of `data` at voxel position (x, y, z); caller guarantees it is inside. */
function trilinear(data: Float32Array, nx: number, nxy: number, x: number, y: number, z: number): number {
  const x0 = Math.floor(x), y0 = Math.floor(y), z0 = Math.floor(z);
  const fx = x - x0, fy = y - y0, fz = z - z0;
  const i = x0 + nx * y0 + nxy * z0;
  const dx = fx > 0 ? 1 : 0, dy = fy > 0 ? nx : 0, dz = fz > 0 ? nxy : 0;
  const c00 = data[i] + fx * (data[i + dx] - data[i]);
  const c10 = data[i + dy] + fx * (data[i + dy + dx] - data[i + dy]);
  const c01 = data[i + dz] + fx * (data[i + dz + dx] - data[i + dz]);
  const c11 = data[i + dz + dy] + fx * (data[i + dz + dy + dx] - data[i + dz + dy]);
  const c0 = c00 + fy * (c10 - c00);
  const c1 = c01 + fy * (c11 - c01);
  return c0 + fz * (c1 - c0);
}

/** Sample points on the reference grid with the derivative columns of the linearised model. */
interface SamplePoints {
  count: number;
  /** Voxel coordinates (3 per point). */
  voxel: Float64Array;
  /** Reference intensity at each point. */
  reference: Float64Array;
  /** COLUMNS values per point: ∂R/∂(tx, ty, tz, pitch, roll, yaw) and R. */
  design: Float64Array;
}

function samplePoints(reference: Float32Array, dims: Vec3Tuple, affine: number[], separationMm: number): SamplePoints {
  const [nx, ny, nz] = dims;
  const nxy = nx * ny;
  const sizes = affineVoxelSizes(affine);
  const steps = sizes.map((s) => Math.max(1, Math.round(separationMm / s)));
  let mean = 0;
  for (let i = 0; i < reference.length; i++) mean += reference[i];
  mean /= reference.length;
  const inv = invertAffine(affine);
  const margin = (n: number) => Math.min(EDGE_MARGIN, Math.floor((n - 1) / 2));
  const [mx, my, mz] = [margin(nx), margin(ny), margin(nz)];
  const voxel: number[] = [];
  const values: number[] = [];
  const design: number[] = [];
  for (let k = Math.max(1, mz); k < nz - Math.max(1, mz); k += steps[2]) {
    for (let j = Math.max(1, my); j < ny - Math.max(1, my); j += steps[1]) {
      for (let i = Math.max(1, mx); i < nx - Math.max(1, mx); i += steps[0]) {
        const at = i + nx * j + nxy * k;
        const r = reference[at];
        if (!(r > mean)) continue;
        const g = [(reference[at + 1] - reference[at - 1]) / 2, (reference[at + nx] - reference[at - nx]) / 2, (reference[at + nxy] - reference[at - nxy]) / 2];
        // ∂R/∂p (world) = ∂R/∂v · ∂v/∂p, with ∂v/∂p the linear part of the inverse affine.
        const gw = [0, 1, 2].map((c) => g[0] * inv[c] + g[1] * inv[4 + c] + g[2] * inv[8 + c]);
        const px = affine[0] * i + affine[1] * j + affine[2] * k + affine[3];
        const py = affine[4] * i + affine[5] * j + affine[6] * k + affine[7];
        const pz = affine[8] * i + affine[9] * j + affine[10] * k + affine[11];
        voxel.push(i, j, k);
        values.push(r);
        design.push(gw[0], gw[1], gw[2], gw[1] * pz - gw[2] * py, gw[0] * pz - gw[2] * px, gw[0] * py - gw[1] * px, r);
      }
    }
  }
  return { count: values.length, voxel: Float64Array.from(voxel), reference: Float64Array.from(values), design: Float64Array.from(design) };
}

/** Solves the symmetric positive definite system a·x = b (n×n row-major) by Cholesky; null if singular. */
function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else l[i * n + j] = sum / l[j * n + j];
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * y[k];
    y[i] = sum / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}

/** One volume's toVolume matrix, refined from `start` by Gauss–Newton. */
function estimate(points: SamplePoints, moving: Float32Array, dims: Vec3Tuple, affine: number[], inverse: number[], start: number[]): number[] {
  const [nx, ny, nz] = dims;
  const nxy = nx * ny;
  const lo = [Math.min(EDGE_MARGIN, (nx - 1) / 2), Math.min(EDGE_MARGIN, (ny - 1) / 2), Math.min(EDGE_MARGIN, (nz - 1) / 2)];
  const hi = [nx - 1 - lo[0], ny - 1 - lo[1], nz - 1 - lo[2]];
  let toVolume = start;
  const ata = new Float64Array(COLUMNS * COLUMNS);
  const atb = new Float64Array(COLUMNS);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const m = multiplyAffine(inverse, multiplyAffine(toVolume, affine)); // reference voxel → moving voxel
    ata.fill(0);
    atb.fill(0);
    let used = 0;
    for (let p = 0; p < points.count; p++) {
      const i = points.voxel[3 * p], j = points.voxel[3 * p + 1], k = points.voxel[3 * p + 2];
      const x = m[0] * i + m[1] * j + m[2] * k + m[3];
      const y = m[4] * i + m[5] * j + m[6] * k + m[7];
      const z = m[8] * i + m[9] * j + m[10] * k + m[11];
      if (x < lo[0] || y < lo[1] || z < lo[2] || x > hi[0] || y > hi[1] || z > hi[2]) continue;
      const residual = trilinear(moving, nx, nxy, x, y, z) - points.reference[p];
      const row = p * COLUMNS;
      for (let r = 0; r < COLUMNS; r++) {
        const dr = points.design[row + r];
        atb[r] += dr * residual;
        for (let c = 0; c <= r; c++) ata[r * COLUMNS + c] += dr * points.design[row + c];
      }
      used++;
    }
    if (used < 4 * COLUMNS) {
      throw new KrpError('preprocess.realign-failed', 'Realignment failed: a volume moved out of the field of view of the first. Check the series for a gross head movement or a damaged volume.');
    }
    for (let r = 0; r < COLUMNS; r++) for (let c = r + 1; c < COLUMNS; c++) ata[r * COLUMNS + c] = ata[c * COLUMNS + r];
    const step = solveSpd(ata, atb, COLUMNS);
    if (!step) throw new KrpError('preprocess.realign-failed', 'Realignment failed: the first volume has too little structure to register to. Check that the series holds brain images.');
    // Moving ≈ reference moved by the step: fold its inverse into the estimate.
    toVolume = multiplyAffine(toVolume, invertAffine(rigidMatrix(Array.from(step.subarray(0, PARAMETERS)))));
    const shift = Math.max(Math.abs(step[0]), Math.abs(step[1]), Math.abs(step[2]));
    const turn = 100 * Math.max(Math.abs(step[3]), Math.abs(step[4]), Math.abs(step[5]));
    if (shift < 1e-4 && turn < 1e-4) break;
  }
  return toVolume;
}

/** Realigns every volume to the first; returns SPM rp parameters, the maps and the realigned mean. */
export function realignSeries(series: Series, options: RealignOptions = {}): RealignResult {
  const { dims, affine, volumes } = series;
  if (volumes.length === 0) throw new KrpError('preprocess.realign-failed', 'The series has no volumes to realign.');
  const fwhm = options.fwhmMm ?? 5;
  const sizes = affineVoxelSizes(affine);
  const inverse = invertAffine(affine);
  const reference = smoothVolume(volumes[0], dims, sizes, fwhm);
  const points = samplePoints(reference, dims, affine, options.separationMm ?? 4);
  const [nx, ny, nz] = dims;
  const sum = new Float64Array(nx * ny * nz);
  const count = new Uint32Array(nx * ny * nz);
  const parameters: RigidParameters[] = [];
  const toVolume: number[][] = [];
  let current = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  for (let t = 0; t < volumes.length; t++) {
    if (options.signal?.aborted) throw cancelledError();
    if (t > 0) current = estimate(points, smoothVolume(volumes[t], dims, sizes, fwhm), dims, affine, inverse, current);
    toVolume.push(current);
    parameters.push(t === 0 ? [0, 0, 0, 0, 0, 0] : rigidParameters(invertAffine(current)));
    accumulateResampled(volumes[t], dims, multiplyAffine(inverse, multiplyAffine(current, affine)), sum, count);
    options.onProgress?.((t + 1) / volumes.length);
  }
  return { parameters, toVolume, mean: { dims: [nx, ny, nz], affine: [...affine], data: meanOf(sum, count) } };
}

function meanOf(sum: Float64Array, count: Uint32Array): Float32Array {
  const mean = new Float32Array(sum.length);
  for (let i = 0; i < mean.length; i++) mean[i] = count[i] > 0 ? sum[i] / count[i] : 0;
  return mean;
}

/**
 * The mean of the volumes resampled onto the reference grid through the given maps (trilinear),
 * each voxel averaged over the volumes whose field of view holds it (0 where none does).
 */
export function realignedMean(series: Series, toVolume: readonly number[][]): Float32Array {
  const { dims, affine } = series;
  const inverse = invertAffine(affine);
  const sum = new Float64Array(dims[0] * dims[1] * dims[2]);
  const count = new Uint32Array(sum.length);
  series.volumes.forEach((volume, t) => accumulateResampled(volume, dims, multiplyAffine(inverse, multiplyAffine(toVolume[t], affine)), sum, count));
  return meanOf(sum, count);
}

/** Adds volume sampled at m·v (reference voxel → its voxel) to sum/count where inside its grid. */
function accumulateResampled(volume: Float32Array, dims: Vec3Tuple, m: number[], sum: Float64Array, count: Uint32Array): void {
  const [nx, ny, nz] = dims;
  const nxy = nx * ny;
  for (let k = 0, at = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, at++) {
        const x = m[0] * i + m[1] * j + m[2] * k + m[3];
        const y = m[4] * i + m[5] * j + m[6] * k + m[7];
        const z = m[8] * i + m[9] * j + m[10] * k + m[11];
        if (x < -1e-6 || y < -1e-6 || z < -1e-6 || x > nx - 1 + 1e-6 || y > ny - 1 + 1e-6 || z > nz - 1 + 1e-6) continue;
        sum[at] += trilinear(volume, nx, nxy, Math.min(Math.max(x, 0), nx - 1), Math.min(Math.max(y, 0), ny - 1), Math.min(Math.max(z, 0), nz - 1));
        count[at]++;
      }
    }
  }
}
