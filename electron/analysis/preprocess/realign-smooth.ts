/**
 * Separable Gaussian smoothing of one volume for realignment (FWHM in mm, per-axis voxel sizes),
 * normalised at the edges so the field of view's border does not darken.
 */
import type { Vec3Tuple } from '../../../shared/imaging/affine';

function kernel(fwhmMm: number, voxelMm: number): Float64Array {
  const sigma = fwhmMm / voxelMm / Math.sqrt(8 * Math.LN2);
  if (sigma < 0.1) return Float64Array.of(1);
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float64Array(2 * radius + 1);
  for (let i = -radius; i <= radius; i++) k[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  return k;
}

function smoothAxis(data: Float32Array, dims: Vec3Tuple, axis: 0 | 1 | 2, k: Float64Array): Float32Array {
  if (k.length === 1) return data;
  const [nx, ny] = dims;
  const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny;
  const n = dims[axis];
  const radius = (k.length - 1) / 2;
  const out = new Float32Array(data.length);
  const line = new Float64Array(n);
  const [na, nb] = axis === 0 ? [dims[1], dims[2]] : axis === 1 ? [dims[0], dims[2]] : [dims[0], dims[1]];
  const [sa, sb] = axis === 0 ? [nx, nx * ny] : axis === 1 ? [1, nx * ny] : [1, nx];
  for (let b = 0; b < nb; b++) {
    for (let a = 0; a < na; a++) {
      const base = a * sa + b * sb;
      for (let i = 0; i < n; i++) line[i] = data[base + i * stride];
      for (let i = 0; i < n; i++) {
        let sum = 0;
        let weight = 0;
        const lo = Math.max(0, i - radius), hi = Math.min(n - 1, i + radius);
        for (let j = lo; j <= hi; j++) {
          const w = k[j - i + radius];
          sum += w * line[j];
          weight += w;
        }
        out[base + i * stride] = sum / weight;
      }
    }
  }
  return out;
}

export function smoothVolume(data: Float32Array, dims: Vec3Tuple, voxelMm: Vec3Tuple, fwhmMm: number): Float32Array {
  let out = data;
  for (const axis of [0, 1, 2] as const) out = smoothAxis(out, dims, axis, kernel(fwhmMm, voxelMm[axis]));
  return out === data ? new Float32Array(data) : out;
}
