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

/** Convolves `data` along one axis in place (stride/extent describe the axis). */
function convolveAxis(data: Float32Array, dims: Vec3Tuple, axis: 0 | 1 | 2, kernel: Float64Array): void {
  if (kernel.length === 1) return;
  const half = (kernel.length - 1) / 2;
  const strides = [1, dims[0], dims[0] * dims[1]];
  const n = dims[axis];
  const stride = strides[axis];
  const line = new Float64Array(n);
  const others = [0, 1, 2].filter((a) => a !== axis);
  const [a, b] = others;
  for (let q = 0; q < dims[b]; q++) {
    for (let p = 0; p < dims[a]; p++) {
      const base = p * strides[a] + q * strides[b];
      for (let i = 0; i < n; i++) line[i] = data[base + i * stride];
      for (let i = 0; i < n; i++) {
        let sum = 0;
        let weight = 0;
        const lo = Math.max(0, i - half);
        const hi = Math.min(n - 1, i + half);
        for (let j = lo; j <= hi; j++) {
          const w = kernel[j - i + half];
          sum += w * line[j];
          weight += w;
        }
        data[base + i * stride] = sum / weight;
      }
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
