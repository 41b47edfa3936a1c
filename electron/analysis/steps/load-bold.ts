/**
 * Step "stream voxels": one pass over the 4D image, volume by volume as it is decompressed,
 * keeping only what the analysis needs — the in-brain voxels (plus every ROI and tissue-mask
 * voxel) as float32 — and the mean image for the viewer. Nothing else of the image is held.
 *
 * Each kept voxel's series is stored relative to its value in the first retained volume
 * (`offset`): the cleaning always removes a constant, so this changes no result, and it keeps the
 * float32 values small so that later sums lose no precision.
 */
import type { NiftiHeaderSummary } from '../../../shared/imaging/nifti-header';
import { brainMaskFromVolume } from '../../../shared/imaging/brain-mask';
import { KrpError } from '../../../shared/errors';
import { streamVolumes } from '../nifti/stream-volumes';
import { float32ViewOf, volumeToFloat32 } from '../nifti/convert-voxels';
import { newVoxelSums, type VoxelSums } from './voxel-stats';
import { WasmIngest } from '../kernels/ingest-wasm';
import type { WasmSeedMap } from '../kernels/seed-map-wasm';

export interface LoadBoldOptions {
  /** Volumes removed from the start (not read into memory). */
  dropInitialVolumes: number;
  /** Voxels that must be kept whatever the brain mask says (ROIs, WM/CSF), as a full-grid mask. */
  alsoKeep: Uint8Array | null;
  /** A brain mask supplied by the user on the BOLD grid, instead of the data-derived one. */
  brainMask: Uint8Array | null;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /**
   * The SIMD workspace to stream into (the kept series go to its data, the per-volume work runs in
   * WebAssembly: kernels/ingest-wasm.ts); null or absent: plain arrays and the TypeScript loop.
   */
  wasm?: WasmSeedMap | null;
}

export interface LoadedBold {
  /** Retained volumes (after dropping the initial ones). */
  scans: number;
  /** Kept voxels: linear indices on the BOLD grid (x fastest), ascending. */
  kept: Int32Array;
  /** scans × kept.length, time-major: series value minus `offset`, 0 where not finite. */
  data: Float32Array;
  /** Per kept voxel: its value in the first retained volume (0 when not finite). */
  offset: Float32Array;
  /** Per kept voxel: running sums of its stored values (for voxelStatsFromSums: no second pass over the data). */
  sums: VoxelSums;
  /** Per kept voxel: 1 when any retained volume has a NaN/Inf there. */
  nonFinite: Uint8Array;
  /** Per kept voxel: 1 when in the brain mask. */
  inBrain: Uint8Array;
  /** Full grid brain mask and its size. */
  brainMask: Uint8Array;
  brainVoxels: number;
  /** Voxels left out of the brain mask as extreme (> 1000 × global intensity). */
  extremeVoxels: number;
  /** Full grid mean over retained volumes (non-finite values skipped; NaN where never finite). */
  meanImage: Float32Array;
  /** Sums over the in-brain kept voxels taken as the data streamed in; null when one of them had a NaN/Inf. */
  brainScanSums: BrainScanSums | null;
}

/**
 * Per scan, over the in-brain kept voxels in ascending order: Σ d (d = value − offset, as stored in
 * `data`) and Σ (d_t − d_{t−1})² (0 for the first scan). Of the in-brain voxels, the analysis uses
 * the usable ones (finite, not constant); a constant voxel adds exactly 0 to both sums, so when no
 * in-brain voxel had a NaN/Inf these are exactly the sums over the usable ones, in the same order
 * as meanSignal and dvarsPercent add them after the read — without a second pass over the data.
 */
export interface BrainScanSums {
  sums: Float64Array;
  diffSquares: Float64Array;
}

export async function loadBold(path: string, header: NiftiHeaderSummary, options: LoadBoldOptions): Promise<LoadedBold> {
  const [nx, ny, nz, nt] = header.dims;
  const nVoxels = nx * ny * nz;
  const start = options.dropInitialVolumes;
  const scans = nt - start;
  const ingest = options.wasm ? WasmIngest.create(options.wasm, header) : null;
  const js = ingest === null ? new JsVolumeSums(nVoxels) : null;
  let volume: Float32Array | null = null; // a converted copy, for data that is not native float32 (TypeScript path)

  let kept: Int32Array = new Int32Array(0);
  let data: Float32Array = new Float32Array(0);
  let offset: Float32Array = new Float32Array(0);
  let sums: VoxelSums = newVoxelSums(0);
  let nonFinite: Uint8Array = new Uint8Array(0);
  let inBrain: Uint8Array = new Uint8Array(0);
  let brainMask: Uint8Array = new Uint8Array(0);
  let brainVoxels = 0;
  let extremeVoxels = 0;
  const brainScanSums: BrainScanSums = { sums: new Float64Array(scans), diffSquares: new Float64Array(scans) };

  await streamVolumes(path, header, {
    signal: options.signal,
    onProgress: options.onProgress,
    volumes: { start },
    volumeBuffer: ingest?.volumeBuffer,
    onVolume: (t, bytes) => {
      const s = t - start;
      if (s < 0) return;
      // The volume's values: the stored bytes themselves when they are native float32, unscaled.
      let values: Float32Array;
      if (ingest !== null) {
        values = ingest.values();
        ingest.addToMean();
      } else {
        let view = float32ViewOf(bytes, header, nVoxels);
        if (view === null) {
          volume ??= new Float32Array(nVoxels);
          volumeToFloat32(bytes, header, volume);
          view = volume;
        }
        values = view;
        js!.addToMean(values);
      }
      if (s === 0) {
        let decided = options.brainMask;
        if (decided === null) {
          const derived = brainMaskFromVolume(values);
          decided = derived.mask;
          extremeVoxels = derived.extremeVoxels;
        }
        brainMask = decided;
        const keep = new Uint8Array(nVoxels);
        let count = 0;
        for (let i = 0; i < nVoxels; i++) {
          if (decided[i] || (options.alsoKeep !== null && options.alsoKeep[i])) { keep[i] = 1; count++; }
          if (decided[i]) brainVoxels++;
        }
        if (brainVoxels === 0) {
          throw new KrpError('analysis.empty-brain', 'No voxel of the first volume looks like brain (the image is empty, constant or all NaN). Check that this is the right file.');
        }
        kept = new Int32Array(count);
        for (let i = 0, j = 0; i < nVoxels; i++) if (keep[i]) kept[j++] = i;
        const firstValues = new Float32Array(count);
        const brainFlags = new Uint8Array(count);
        for (let j = 0; j < count; j++) {
          const v = values[kept[j]];
          firstValues[j] = Number.isFinite(v) ? v : 0;
          brainFlags[j] = decided[kept[j]];
        }
        if (ingest !== null) {
          ({ data, offset, sums, nonFinite, inBrain } = ingest.keep(kept, firstValues, brainFlags, scans));
        } else {
          data = new Float32Array(scans * count);
          offset = firstValues;
          sums = newVoxelSums(count);
          nonFinite = new Uint8Array(count);
          inBrain = brainFlags;
        }
      }
      if (ingest !== null) {
        const scan = ingest.ingest(s);
        brainScanSums.sums[s] = scan.brainSum;
        brainScanSums.diffSquares[s] = scan.brainDiffSquares;
        return;
      }
      const V = kept.length;
      const base = s * V;
      // One pass over the kept voxels: offset removed (in float32, as stored), non-finite values
      // zeroed and flagged, the voxel sums updated as voxel-stats.ts's addScanToSums does.
      // In-brain voxels also add to the scan's brain sums (global signal, DVARS; see BrainScanSums).
      // (ingest-kernel.wat does exactly this in WebAssembly.)
      const { sum, sumSq, min, max } = sums;
      let brainSum = 0;
      let brainDiffSquares = 0;
      for (let j = 0; j < V; j++) {
        const v = values[kept[j]];
        let d = 0;
        if (v - v === 0) d = Math.fround(v - offset[j]); // finite
        else nonFinite[j] = 1;
        data[base + j] = d;
        sum[j] += d;
        sumSq[j] += d * d;
        if (d < min[j]) min[j] = d;
        if (d > max[j]) max[j] = d;
        if (inBrain[j] === 1) {
          brainSum += d;
          if (s > 0) { const step = d - data[base - V + j]; brainDiffSquares += step * step; }
        }
      }
      brainScanSums.sums[s] = brainSum;
      brainScanSums.diffSquares[s] = brainDiffSquares;
    },
  });

  // A file that ends early was refused by streamVolumes (nifti.truncated).
  const { sum: meanSum, nonFiniteCount } = ingest !== null ? ingest.meanSums() : js!;
  const meanImage = new Float32Array(nVoxels);
  for (let i = 0; i < nVoxels; i++) {
    const count = scans - nonFiniteCount[i];
    meanImage[i] = count > 0 ? meanSum[i] / count : NaN;
  }
  let brainNonFinite = false;
  for (let j = 0; j < kept.length; j++) if (inBrain[j] === 1 && nonFinite[j] === 1) brainNonFinite = true;
  return {
    scans, kept, data, offset, sums, nonFinite, inBrain, brainMask, brainVoxels, extremeVoxels, meanImage,
    brainScanSums: brainNonFinite ? null : brainScanSums,
  };
}

/** The mean image's sums on the TypeScript path (addToMean in ingest-kernel.wat on the other). */
class JsVolumeSums {
  readonly sum: Float64Array;
  /** Volumes in which a voxel was NaN/Inf (rare: counted only then, so the common case is one add). */
  readonly nonFiniteCount: Uint16Array;

  constructor(nVoxels: number) {
    this.sum = new Float64Array(nVoxels);
    this.nonFiniteCount = new Uint16Array(nVoxels);
  }

  addToMean(values: Float32Array): void {
    const { sum, nonFiniteCount } = this;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v - v === 0) sum[i] += v; // finite (Inf − Inf and NaN − NaN are NaN)
      else nonFiniteCount[i]++;
    }
  }
}
