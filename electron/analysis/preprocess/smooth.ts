/**
 * Step "smooth": separable Gaussian filter of a volume, FWHM in millimetres (CONN 17 default 8 mm),
 * for voxel-level maps only — ROI signals are taken from the unsmoothed normalized data.
 *
 * Kernel: the Gaussian sampled at voxel centres out to 4 σ, normalised to sum 1. At the edge of the
 * grid the weights that fall inside are renormalised, so a constant image stays constant.
 */
import { affineVoxelSizes } from '../../../shared/imaging/affine';
import { KrpError } from '../../../shared/errors';
import type { Vec3Tuple } from '../../../shared/imaging/affine';

export const DEFAULT_SMOOTHING_FWHM_MM = 8;
/** FWHM = SIGMA_TO_FWHM · σ for a Gaussian. */
export const SIGMA_TO_FWHM = 2 * Math.sqrt(2 * Math.LN2);

/** The 1D kernel for a given σ in voxels (odd length, centre in the middle, sum 1). */
export function gaussianKernel(sigmaVoxels: number): Float64Array {
  if (sigmaVoxels <= 0) return Float64Array.of(1);
  const half = Math.max(1, Math.ceil(4 * sigmaVoxels));
  const kernel = new Float64Array(2 * half + 1);
  let sum = 0;
  for (let i = -half; i <= half; i++) {
    const w = Math.exp(-(i * i) / (2 * sigmaVoxels * sigmaVoxels));
    kernel[i + half] = w;
    sum += w;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum;
  return kernel;
}

/** Per position along an axis of length n: 1 / (sum of the kernel weights that fall inside). */
export function edgeScale(kernel: Float64Array, n: number): Float64Array {
  const half = (kernel.length - 1) / 2;
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let weight = 0;
    for (let j = Math.max(0, i - half); j <= Math.min(n - 1, i + half); j++) weight += kernel[j - i + half];
    scale[i] = 1 / weight;
  }
  return scale;
}

/**
 * Convolves `data` along one axis in place. Along x the lines are contiguous; along y and z whole
 * rows (x, or x·y) are combined at once so that the inner loop runs over contiguous memory.
 */
function convolveAxis(data: Float32Array, dims: Vec3Tuple, axis: 0 | 1 | 2, kernel: Float64Array): void {
  if (kernel.length === 1) return;
  const half = (kernel.length - 1) / 2;
  const n = dims[axis];
  const scale = edgeScale(kernel, n);
  if (axis === 0) {
    const line = new Float64Array(n);
    const lines = dims[1] * dims[2];
    for (let l = 0; l < lines; l++) {
      const base = l * n;
      for (let i = 0; i < n; i++) line[i] = data[base + i];
      for (let i = 0; i < n; i++) {
        let sum = 0;
        const hi = Math.min(n - 1, i + half);
        for (let j = Math.max(0, i - half); j <= hi; j++) sum += kernel[j - i + half] * line[j];
        data[base + i] = sum * scale[i];
      }
    }
    return;
  }
  const inner = axis === 1 ? dims[0] : dims[0] * dims[1];
  const outer = axis === 1 ? dims[2] : 1;
  const slab = new Float64Array(n * inner);
  const row = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let q = 0; q < n * inner; q++) slab[q] = data[base + q];
    for (let i = 0; i < n; i++) {
      row.fill(0);
      const hi = Math.min(n - 1, i + half);
      for (let j = Math.max(0, i - half); j <= hi; j++) {
        const w = kernel[j - i + half] * scale[i];
        const src = j * inner;
        for (let p = 0; p < inner; p++) row[p] += w * slab[src + p];
      }
      const out = base + i * inner;
      for (let p = 0; p < inner; p++) data[out + p] = row[p];
    }
  }
}

/**
 * A smoothed copy of one volume on a grid with `affine` (voxel sizes from its column lengths),
 * FWHM in mm (0 returns a copy). Non-finite values are treated as 0.
 */
export function smoothVolume(data: Float32Array, dims: Vec3Tuple, affine: readonly number[], fwhmMm: number): Float32Array {
  if (!(fwhmMm >= 0) || !Number.isFinite(fwhmMm)) {
    throw new KrpError('preprocess.smoothing-invalid', `The smoothing kernel must be a width in mm ≥ 0 (got ${fwhmMm}).`);
  }
  if (data.length !== dims[0] * dims[1] * dims[2]) {
    throw new KrpError('preprocess.internal', `Smoothing: ${data.length} values for a ${dims.join('×')} grid.`);
  }
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Number.isFinite(data[i]) ? data[i] : 0;
  if (fwhmMm === 0) return out;
  const sizes = affineVoxelSizes(affine);
  for (const axis of [0, 1, 2] as const) {
    convolveAxis(out, dims, axis, gaussianKernel(fwhmMm / SIGMA_TO_FWHM / sizes[axis]));
  }
  return out;
}
