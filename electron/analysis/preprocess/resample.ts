/**
 * Step "resample": every volume of the EPI series onto the 2 mm MNI grid in one trilinear pass,
 * through the composed transforms (per-volume realignment ∘ coregistration ∘ normalization).
 *
 * Once per MNI voxel its position in the reference EPI's voxel grid is computed; each volume then
 * only folds in its own rigid motion (a 4×4 on voxel positions) and samples. Volumes are handed to
 * a callback one at a time, so the 4D MNI image is never held in memory.
 *
 * The output grid is the CONN/SPM 2 mm grid (91×109×91, FSL MNI152 sform, bounding box
 * −90…90, −126…90, −72…108 mm), one of the boxes shared/imaging/space.ts accepts as MNI.
 */
import { applyAffine, invertAffine, multiplyAffine } from '../../../shared/imaging/affine';
import { KrpError } from '../../../shared/errors';
import type { Vec3Tuple } from '../../../shared/imaging/affine';
import type { Volume } from './volume';

export interface Grid3 {
  dims: Vec3Tuple;
  affine: number[];
}

/** The 2 mm MNI grid the analysis runs on (FSL MNI152 2 mm: 91×109×91, x stored right → left). */
export const MNI_GRID_2MM: Grid3 = {
  dims: [91, 109, 91],
  affine: [-2, 0, 0, 90, 0, 2, 0, -126, 0, 0, 2, -72, 0, 0, 0, 1],
};

/** Voxel positions of one grid in another: x, y, z (continuous voxel indices) per target voxel. */
export interface SamplePositions {
  target: Grid3;
  source: Grid3;
  /** 3 values per target voxel (x fastest), in source voxel indices. */
  positions: Float32Array;
}

/**
 * Where each voxel of `target` falls in `source`'s voxel grid, given `targetToSourceWorld`
 * (RAS world of the target → RAS world of the source, 4×4).
 */
export function samplePositions(target: Grid3, source: Grid3, targetToSourceWorld: number[]): SamplePositions {
  const m = multiplyAffine(multiplyAffine(invertAffine(source.affine), targetToSourceWorld), target.affine);
  const [nx, ny, nz] = target.dims;
  const positions = new Float32Array(nx * ny * nz * 3);
  let o = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        positions[o++] = m[0] * i + m[1] * j + m[2] * k + m[3];
        positions[o++] = m[4] * i + m[5] * j + m[6] * k + m[7];
        positions[o++] = m[8] * i + m[9] * j + m[10] * k + m[11];
      }
    }
  }
  return { target, source, positions };
}

/**
 * As samplePositions, with a nonlinear step first: `deformedWorld` holds, per target voxel (x fastest,
 * 3 values), the RAS world position the target voxel is moved to (e.g. a B-spline refinement on the
 * MNI grid); `afterWorld` (4×4) then carries that position into the source's world.
 */
export function samplePositionsThroughField(target: Grid3, source: Grid3, deformedWorld: Float32Array, afterWorld: number[]): SamplePositions {
  const n = target.dims[0] * target.dims[1] * target.dims[2];
  if (deformedWorld.length !== 3 * n) {
    throw new KrpError('preprocess.internal', `The deformation field has ${deformedWorld.length / 3} positions for a grid of ${n} voxels.`);
  }
  const m = multiplyAffine(invertAffine(source.affine), afterWorld);
  const positions = new Float32Array(3 * n);
  for (let p = 0; p < 3 * n; p += 3) {
    const x = deformedWorld[p], y = deformedWorld[p + 1], z = deformedWorld[p + 2];
    positions[p] = m[0] * x + m[1] * y + m[2] * z + m[3];
    positions[p + 1] = m[4] * x + m[5] * y + m[6] * z + m[7];
    positions[p + 2] = m[8] * x + m[9] * y + m[10] * z + m[11];
  }
  return { target, source, positions };
}

/** Tolerance (voxels) beyond the outermost voxel centres still counted as inside the field of view. */
const EDGE = 1e-3;

/** Trilinear value of `data` (dims) at a continuous voxel position; NaN outside the grid. */
export function trilinear(data: Float32Array, dims: Vec3Tuple, x: number, y: number, z: number): number {
  const [nx, ny, nz] = dims;
  if (!(x >= -EDGE && y >= -EDGE && z >= -EDGE && x <= nx - 1 + EDGE && y <= ny - 1 + EDGE && z <= nz - 1 + EDGE)) return NaN;
  const cx = Math.min(Math.max(x, 0), nx - 1);
  const cy = Math.min(Math.max(y, 0), ny - 1);
  const cz = Math.min(Math.max(z, 0), nz - 1);
  const x0 = Math.min(Math.floor(cx), nx - 2 < 0 ? 0 : nx - 2);
  const y0 = Math.min(Math.floor(cy), ny - 2 < 0 ? 0 : ny - 2);
  const z0 = Math.min(Math.floor(cz), nz - 2 < 0 ? 0 : nz - 2);
  const fx = cx - x0;
  const fy = cy - y0;
  const fz = cz - z0;
  const sx = nx > 1 ? 1 : 0;
  const sy = ny > 1 ? nx : 0;
  const sz = nz > 1 ? nx * ny : 0;
  const b = x0 + nx * (y0 + ny * z0);
  const c00 = data[b] * (1 - fx) + data[b + sx] * fx;
  const c10 = data[b + sy] * (1 - fx) + data[b + sy + sx] * fx;
  const c01 = data[b + sz] * (1 - fx) + data[b + sz + sx] * fx;
  const c11 = data[b + sz + sy] * (1 - fx) + data[b + sz + sy + sx] * fx;
  const c0 = c00 * (1 - fy) + c10 * fy;
  const c1 = c01 * (1 - fy) + c11 * fy;
  return c0 * (1 - fz) + c1 * fz;
}

/** `volumeToSource` (voxel-space 4×4 of this volume relative to the reference) or identity. */
function voxelMotion(source: Grid3, referenceToVolumeWorld: number[] | null): number[] | null {
  if (referenceToVolumeWorld === null) return null;
  return multiplyAffine(multiplyAffine(invertAffine(source.affine), referenceToVolumeWorld), source.affine);
}

/**
 * One volume on the target grid: each target voxel's reference position, moved by this volume's
 * motion (`referenceToVolumeWorld`, reference world → this volume's world; null for none), sampled
 * trilinearly. Outside the volume: `outside` (default 0). `into` is reused when given.
 */
export function resampleVolume(
  volume: Float32Array, at: SamplePositions, referenceToVolumeWorld: number[] | null,
  options: { outside?: number; into?: Float32Array } = {},
): Float32Array {
  const { positions, source } = at;
  const n = positions.length / 3;
  const out = options.into ?? new Float32Array(n);
  const outside = options.outside ?? 0;
  const m = voxelMotion(source, referenceToVolumeWorld);
  for (let v = 0, p = 0; v < n; v++, p += 3) {
    let x = positions[p];
    let y = positions[p + 1];
    let z = positions[p + 2];
    if (m !== null) {
      const X = m[0] * x + m[1] * y + m[2] * z + m[3];
      const Y = m[4] * x + m[5] * y + m[6] * z + m[7];
      const Z = m[8] * x + m[9] * y + m[10] * z + m[11];
      x = X; y = Y; z = Z;
    }
    const value = trilinear(volume, source.dims, x, y, z);
    out[v] = value === value ? value : outside;
  }
  return out;
}

/**
 * 1 for target voxels that fall inside the source grid in every volume (the common field of view),
 * else 0. Voxels outside it are set to `outside` in every resampled volume, so that motion at the
 * edge of the field of view cannot create spikes.
 */
export function commonFieldOfView(at: SamplePositions, referenceToVolumeWorld: readonly (number[] | null)[]): Uint8Array {
  const { positions, source } = at;
  const [nx, ny, nz] = source.dims;
  const n = positions.length / 3;
  const inside = new Uint8Array(n).fill(1);
  const motions = referenceToVolumeWorld.length === 0 ? [null] : referenceToVolumeWorld.map((t) => voxelMotion(source, t));
  for (const m of motions) {
    for (let v = 0, p = 0; v < n; v++, p += 3) {
      if (!inside[v]) continue;
      let x = positions[p];
      let y = positions[p + 1];
      let z = positions[p + 2];
      if (m !== null) {
        const X = m[0] * x + m[1] * y + m[2] * z + m[3];
        const Y = m[4] * x + m[5] * y + m[6] * z + m[7];
        const Z = m[8] * x + m[9] * y + m[10] * z + m[11];
        x = X; y = Y; z = Z;
      }
      if (!(x >= -EDGE && y >= -EDGE && z >= -EDGE && x <= nx - 1 + EDGE && y <= ny - 1 + EDGE && z <= nz - 1 + EDGE)) inside[v] = 0;
    }
  }
  return inside;
}

export interface ResampleSeriesOptions {
  /** Per volume: reference world → that volume's world (from realignment); null or empty for none. */
  referenceToVolumeWorld: readonly (number[] | null)[];
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** The common field of view when already computed (commonFieldOfView). */
  fov?: Uint8Array;
  /** Receives each resampled volume in order; the buffer is reused for the next volume. */
  onVolume: (t: number, data: Float32Array) => void | Promise<void>;
}

/** Resamples every volume (in order) and hands each to `onVolume`; returns the common-FOV mask. */
export async function resampleSeries(volumes: readonly Float32Array[], at: SamplePositions, options: ResampleSeriesOptions): Promise<Uint8Array> {
  if (options.referenceToVolumeWorld.length !== 0 && options.referenceToVolumeWorld.length !== volumes.length) {
    throw new KrpError('preprocess.internal', `Resampling needs one motion transform per volume (${volumes.length} volumes, ${options.referenceToVolumeWorld.length} transforms).`);
  }
  const fov = options.fov ?? commonFieldOfView(at, options.referenceToVolumeWorld);
  const buffer = new Float32Array(at.positions.length / 3);
  for (let t = 0; t < volumes.length; t++) {
    if (options.signal?.aborted) throw new KrpError('analysis.cancelled', 'The analysis was cancelled.');
    resampleVolume(volumes[t], at, options.referenceToVolumeWorld[t] ?? null, { into: buffer });
    for (let v = 0; v < buffer.length; v++) if (!fov[v]) buffer[v] = 0;
    await options.onVolume(t, buffer);
    options.onProgress?.((t + 1) / volumes.length);
  }
  return fov;
}

/** A whole volume on another grid (e.g. the mean EPI or T1 on the MNI grid): NaN → `outside`. */
export function resampleOnto(source: Volume, target: Grid3, targetToSourceWorld: number[], outside = 0): Volume {
  const at = samplePositions(target, { dims: source.dims, affine: source.affine }, targetToSourceWorld);
  return { dims: target.dims, affine: [...target.affine], data: resampleVolume(source.data, at, null, { outside }) };
}

/** World position (RAS mm) of a target voxel, for messages and tests. */
export function voxelWorld(grid: Grid3, i: number, j: number, k: number): Vec3Tuple {
  return applyAffine(grid.affine, [i, j, k]);
}
