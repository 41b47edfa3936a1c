/**
 * Steps "smooth" and "seed map" as CONN 17's seed-to-voxel analysis does them (issue 13 step 6):
 * the mPFC seed signal comes from the UNSMOOTHED normalized data (the ROI-to-ROI path computes it),
 * every voxel's series from the data smoothed with a Gaussian of 8 mm FWHM (CONN's default), both
 * cleaned by the same operator G (regression + band-pass, scrubbing included). It gives
 *   - the voxel-wise Fisher z map (saved as the seed map), and
 *   - the study's own number, "Z値（平均）": the MEAN over the precuneus ROI's voxels of the
 *     voxel-wise z (issue 12) — not the z of the ROI-mean signal (the ROI-to-ROI metric).
 *
 * Smoothing (spatial) and cleaning (temporal) are both linear and act on different axes, so
 * smoothing every volume and then cleaning gives exactly the cleaned coefficients smoothed:
 * S(d)·Gᵀ = S(d·Gᵀ). We therefore smooth the K coefficient volumes (K ≤ scans; ~80 instead of ~240
 * with the default band) and write them over the time-major data in place: no second copy of the
 * data is ever held. Voxels outside the kept set (outside the brain mask, ROIs and tissue masks)
 * and voxels with unusable series (NaN/Inf, constant) enter the smoothing as zero fluctuation;
 * CONN/SPM smooth the whole image, so the two differ only within about one FWHM of the mask edge,
 * by the (small) fluctuation of the voxels outside it. Because a correlation does not change when
 * a voxel's coefficients are scaled, the smoothing's renormalisation at the edges of the box it
 * runs on changes no z: the box is just the bounding box of the contributing voxels.
 *
 * z is computed for the analysis mask only (`include`: usable voxels in the brain mask), as CONN
 * computes seed-to-voxel maps within its analysis mask (default: the MNI brain mask). The metric
 * averages the precuneus ROI's usable voxels (the same ROI as the ROI-to-ROI metric) that lie in it.
 */
import type { SeedToVoxelMean } from '../../../shared/imaging/analysis-types';
import type { Matrix } from '../../../shared/imaging/matrix';
import { KrpError } from '../../../shared/errors';
import { smoothVolume } from '../preprocess/smooth';
import type { WasmSeedMap } from '../kernels/seed-map-wasm';
import { WasmSmoother } from '../kernels/smooth-wasm';
import type { AnalysisHelper } from '../parallel/analysis-helper';
import type { Grid } from './place-rois';
import { accumulateBlock, finishBlock, unitSeed } from './seed-map';
import { MIN_ROI_VOXELS } from './roi-members';

/** CONN 17's default smoothing of the functional data for voxel-level analyses. */
export const SEED_TO_VOXEL_FWHM_MM = 8;

export interface SeedToVoxelInput {
  /** scans × V, time-major (load-bold.ts). OVERWRITTEN: holds smoothed coefficients afterwards. */
  data: Float32Array;
  scans: number;
  /** Grid index of each kept voxel, ascending. */
  kept: Int32Array;
  grid: Grid;
  /** The cleaning operator (K × scans). */
  G: Matrix;
  /** The seed's cleaned coefficients, from the unsmoothed ROI mean signal. */
  seedCoefficients: ArrayLike<number>;
  /** Per kept voxel: 1 when its series is usable (finite, not constant); only these are smoothed in. */
  usable: Uint8Array;
  /** Per kept voxel: 1 to compute its z (the analysis mask), else NaN. */
  include: Uint8Array;
  /** Kept positions of the precuneus ROI voxels (the ROI-to-ROI members). */
  precuneus: Int32Array;
  fwhmMm: number;
  /** The SIMD workspace holding `data`, or null for the JavaScript path. */
  wasm: WasmSeedMap | null;
  /** A helper thread working on the same workspace (SIMD path only): the work is split with it. */
  helper?: AnalysisHelper | null;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface SeedToVoxelOutcome {
  /** Fisher z per kept voxel with the seed, from smoothed voxel data (NaN outside `include`). */
  zKept: Float32Array;
  /** The study's metric; null when fewer than MIN_ROI_VOXELS precuneus voxels lie in the analysis mask. */
  mean: SeedToVoxelMean | null;
}

const BLOCK = 1024;

export async function seedToVoxel(input: SeedToVoxelInput): Promise<SeedToVoxelOutcome> {
  const { data, scans: N, kept, G } = input;
  const V = kept.length;
  const K = G.rows;
  if (G.cols !== N || K > N || data.length < N * V) throw new Error(`seedToVoxel: G is ${K} × ${G.cols} for ${N} scans of ${V} voxels`);
  const seed = unitSeed(input.seedCoefficients);
  const checkCancel = () => {
    if (input.signal?.aborted) throw new KrpError('analysis.cancelled', 'The analysis was cancelled.');
  };
  const progress = (from: number, to: number) => (f: number) => input.onProgress?.(from + (to - from) * f);
  // With a helper thread, it takes the second half of the voxel blocks and every other coefficient
  // row; each block and each row is computed exactly as it would be in one thread.
  const helper = input.wasm === null ? null : input.helper ?? null;
  const threads = helper === null ? 1 : 2;

  // 1. Cleaned coefficients over the data, in place (rows 0 … K−1).
  if (input.wasm) {
    const wasm = input.wasm;
    wasm.prepare(G);
    const helped = helper?.run({ type: 'coefficients', layout: wasm.layout(), V, K, share: { index: 1, count: 2, slot: 1 } });
    wasm.coefficientBlocks(V, { index: 0, count: threads, slot: 0 }, { signal: input.signal, onProgress: progress(0, 0.3) });
    await helped;
  } else {
    coefficientsInPlace(data, N, V, G, input.signal, progress(0, 0.3));
  }

  // 2. Smooth each coefficient volume over the bounding box of the usable kept voxels (in
  //    WebAssembly SIMD on the SIMD path, kernels/smooth-wasm.ts; else smoothVolume).
  if (input.fwhmMm > 0) {
    const box = boundingBox(input.grid.dims, kept, input.usable);
    const smoother = box === null || input.wasm === null ? null : WasmSmoother.create(box.dims, input.grid.affine, input.fwhmMm);
    if (box !== null && smoother !== null && input.wasm !== null) {
      const at = box.index.map((b) => (b < 0 ? -1 : boxIndexTo(smoother, box.dims, b)));
      const helped = helper?.run({ type: 'smooth', layout: input.wasm.layout(), V, K, first: 1, step: 2, at, box: box.dims, affine: [...input.grid.affine], fwhmMm: input.fwhmMm });
      smoothCoefficientRows(data, V, at, smoother, { first: 0, step: threads, K }, () => input.signal?.aborted === true,
        (f) => input.onProgress?.(0.3 + 0.65 * f));
      checkCancel();
      await helped;
    } else if (box !== null) {
      const volume = new Float32Array(box.size);
      for (let k = 0; k < K; k++) {
        checkCancel();
        const row = k * V;
        volume.fill(0);
        for (let j = 0; j < V; j++) if (box.index[j] >= 0) volume[box.index[j]] = data[row + j];
        const smoothed = smoothVolume(volume, box.dims, input.grid.affine, input.fwhmMm);
        for (let j = 0; j < V; j++) data[row + j] = box.index[j] >= 0 ? smoothed[box.index[j]] : 0;
        input.onProgress?.(0.3 + 0.65 * ((k + 1) / K));
      }
    }
  }

  // 3. z per voxel of the analysis mask, then the precuneus mean.
  checkCancel();
  const zKept = new Float32Array(V).fill(NaN);
  finishBlock(data, V, K, V, seed, input.include, 0, zKept);
  input.onProgress?.(1);
  return { zKept, mean: precuneusMean(zKept, input.precuneus, input.include, input.fwhmMm) };
}

/**
 * Smooths coefficient rows k = first, first + step, … < K of `data` (K × V, row k = coefficient
 * volume k over the kept voxels) in place: each row is put into the smoother's box at `at[j]`
 * (−1: voxel not smoothed in, left 0), smoothed and read back. Stops (returns) when `stopped()`.
 */
export function smoothCoefficientRows(data: Float32Array, V: number, at: Int32Array, smoother: WasmSmoother,
  rows: { first: number; step: number; K: number }, stopped: () => boolean, onProgress?: (fraction: number) => void): void {
  const { first, step, K } = rows;
  for (let k = first; k < K; k += step) {
    if (stopped()) return;
    const row = k * V;
    smoother.clear();
    const volume = smoother.input;
    for (let j = 0; j < V; j++) if (at[j] >= 0) volume[at[j]] = data[row + j];
    const smoothed = smoother.smooth();
    for (let j = 0; j < V; j++) data[row + j] = at[j] >= 0 ? smoothed[at[j]] : 0;
    onProgress?.((k + 1) / K);
  }
}

/** Mean of the voxel z over the precuneus voxels inside the analysis mask. */
export function precuneusMean(zKept: Float32Array, precuneus: Int32Array, include: Uint8Array, fwhmMm: number): SeedToVoxelMean | null {
  let sum = 0;
  let voxels = 0;
  for (const j of precuneus) {
    const z = zKept[j];
    if (include[j] && Number.isFinite(z)) { sum += z; voxels++; }
  }
  return voxels < MIN_ROI_VOXELS ? null : { meanZ: sum / voxels, voxels, fwhmMm };
}

/** JavaScript path of WasmSeedMap.coefficientsInPlace (float64 sums). */
function coefficientsInPlace(data: Float32Array, N: number, V: number, G: Matrix, signal: AbortSignal | undefined, onProgress: (f: number) => void): void {
  const K = G.rows;
  const C = new Float64Array(K * BLOCK);
  for (let i0 = 0; i0 < V; i0 += BLOCK) {
    if (signal?.aborted) throw new KrpError('analysis.cancelled', 'The analysis was cancelled.');
    const nb = Math.min(BLOCK, V - i0);
    accumulateBlock(data, N, V, G, i0, nb, C, BLOCK);
    for (let k = 0; k < K; k++) for (let i = 0; i < nb; i++) data[k * V + i0 + i] = C[k * BLOCK + i];
    onProgress((i0 + nb) / V);
  }
}

/** A box index (x fastest) as the smoother's padded index. */
function boxIndexTo(smoother: WasmSmoother, dims: [number, number, number], b: number): number {
  return smoother.index(b % dims[0], Math.floor(b / dims[0]) % dims[1], Math.floor(b / (dims[0] * dims[1])));
}

/** The box (on the grid) around the usable kept voxels, and each kept voxel's index in it (−1: not smoothed in). */
function boundingBox(dims: [number, number, number], kept: Int32Array, usable: Uint8Array): { dims: [number, number, number]; size: number; index: Int32Array } | null {
  const [nx, ny] = dims;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let j = 0; j < kept.length; j++) {
    if (!usable[j]) continue;
    const g = kept[j];
    const p = [g % nx, Math.floor(g / nx) % ny, Math.floor(g / (nx * ny))];
    for (let a = 0; a < 3; a++) { if (p[a] < lo[a]) lo[a] = p[a]; if (p[a] > hi[a]) hi[a] = p[a]; }
  }
  if (lo[0] === Infinity) return null;
  const box: [number, number, number] = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const index = new Int32Array(kept.length).fill(-1);
  for (let j = 0; j < kept.length; j++) {
    if (!usable[j]) continue;
    const g = kept[j];
    const x = (g % nx) - lo[0];
    const y = (Math.floor(g / nx) % ny) - lo[1];
    const z = Math.floor(g / (nx * ny)) - lo[2];
    index[j] = x + box[0] * (y + box[1] * z);
  }
  return { dims: box, size: box[0] * box[1] * box[2], index };
}
