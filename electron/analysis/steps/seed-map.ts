/**
 * Step "seed map": the Fisher z between the seed's cleaned signal and every in-brain voxel's.
 * For voxel v the cleaned coefficients are c_v = G d_v (see cleaning-operator.ts), so
 * r_v = ĉ_s · c_v / |c_v| with ĉ_s the unit-length seed coefficients, and z_v = atanh(r_v).
 * The work is one (K × N)·(N × V) product, done in blocks of voxels so that the partial
 * coefficients stay in cache; the data (time-major) is read once.
 */
import { KrpError } from '../../../shared/errors';
import type { Matrix } from '../../../shared/imaging/matrix';

export interface SeedMapInput {
  /** scans × V, time-major. */
  data: Float32Array;
  scans: number;
  V: number;
  G: Matrix;
  seedCoefficients: ArrayLike<number>;
  /** Per kept voxel: 1 to compute, 0 to leave NaN. */
  include: Uint8Array;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** |r| is capped just below 1 so that a voxel identical to the seed gets a large finite z. */
export const MAX_ABS_R = 1 - 1e-7;
const BLOCK = 1024;

export function seedMapZ(input: SeedMapInput): Float32Array {
  const { data, scans: N, V, G, include } = input;
  const K = G.rows;
  if (G.cols !== N) throw new Error(`seedMapZ: G has ${G.cols} columns for ${N} scans`);
  const seed = unitSeed(input.seedCoefficients);
  const z = new Float32Array(V).fill(NaN);
  const C = new Float64Array(K * BLOCK);
  for (let i0 = 0; i0 < V; i0 += BLOCK) {
    if (input.signal?.aborted) throw new KrpError('analysis.cancelled', 'The analysis was cancelled.');
    const nb = Math.min(BLOCK, V - i0);
    accumulateBlock(data, N, V, G, i0, nb, C, BLOCK);
    finishBlock(C, BLOCK, K, nb, seed, include, i0, z);
    input.onProgress?.(Math.min(1, (i0 + nb) / V));
  }
  return z;
}

/**
 * The cleaned coefficients of voxels i0 … i0+nb−1: C[k·stride + i] = Σ_t G[k, t] · data[t·V + i0 + i]
 * (C is zeroed first; K rows of `stride` ≥ nb).
 */
export function accumulateBlock(data: Float32Array, N: number, V: number, G: Matrix, i0: number, nb: number, C: Float64Array, stride: number): void {
  const K = G.rows;
  const Gt = G.data;
  C.fill(0, 0, K * stride);
  for (let t = 0; t < N; t++) {
    const dOff = t * V + i0;
    let k = 0;
    for (; k + 4 <= K; k += 4) {
      const g0 = Gt[k * N + t], g1 = Gt[(k + 1) * N + t], g2 = Gt[(k + 2) * N + t], g3 = Gt[(k + 3) * N + t];
      const c0 = k * stride, c1 = c0 + stride, c2 = c1 + stride, c3 = c2 + stride;
      for (let i = 0; i < nb; i++) {
        const d = data[dOff + i];
        C[c0 + i] += g0 * d; C[c1 + i] += g1 * d; C[c2 + i] += g2 * d; C[c3 + i] += g3 * d;
      }
    }
    for (; k < K; k++) {
      const g = Gt[k * N + t];
      const c0 = k * stride;
      for (let i = 0; i < nb; i++) C[c0 + i] += g * data[dOff + i];
    }
  }
}

/** z for the voxels of one block from their coefficients C (K rows of `stride`). */
export function finishBlock(C: ArrayLike<number>, stride: number, K: number, nb: number, seed: Float64Array,
  include: Uint8Array, i0: number, z: Float32Array): void {
  for (let i = 0; i < nb; i++) {
    if (!include[i0 + i]) continue;
    let dot = 0;
    let norm = 0;
    for (let k = 0; k < K; k++) {
      const c = C[k * stride + i];
      dot += seed[k] * c;
      norm += c * c;
    }
    if (!(norm > 0)) continue;
    let r = dot / Math.sqrt(norm);
    if (r > MAX_ABS_R) r = MAX_ABS_R;
    else if (r < -MAX_ABS_R) r = -MAX_ABS_R;
    z[i0 + i] = Math.atanh(r);
  }
}

/** The seed's coefficients scaled to unit length; a flat seed is an error. */
export function unitSeed(c: ArrayLike<number>): Float64Array {
  let norm = 0;
  for (let k = 0; k < c.length; k++) norm += c[k] * c[k];
  norm = Math.sqrt(norm);
  if (!(norm > 0)) throw new KrpError('analysis.flat-seed', 'The mPFC signal is flat after denoising, so no seed map can be computed. Check the ROI and the image.');
  const out = new Float64Array(c.length);
  for (let k = 0; k < c.length; k++) out[k] = c[k] / norm;
  return out;
}
