/**
 * Step "QC series": what the QC plots need, computed from the data as analysed — per scan the
 * framewise displacement the scrubbing saw, the global signal and its change z (CONN's ART rule),
 * DVARS and the flags of each rule; the tSNR image (mean / SD over time of each in-brain voxel, on
 * the analysis grid); the voxel groups of the carpet plot (qc-carpet.ts), grey matter from the
 * bundled MNI tissue map. All bounded by the data already held: no second pass over the file.
 */
import type { OutlierDetection } from '../../shared/imaging/outliers';
import type { CarpetGroup, CarpetLayout, QcSeries } from '../../shared/imaging/qc-series-types';
import { mniTemplatePath } from './mni-templates';
import type { Grid } from './steps/place-rois';
import { maskOnGrid } from './steps/tissue-masks';

/** Power et al. 2012: FD above 0.5 mm marks a scan worth a look (the reference line when the scrubbing used another measure). */
export const POWER_FD_REFERENCE_MM = 0.5;

/** Values kept to 4 decimals in the QC record (far below what a plot shows; keeps the JSON small). */
const round4 = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : 0);
const listOf = (values: ArrayLike<number>) => Array.from(values, round4);

/**
 * DVARS per scan, % of the mean brain intensity: 100 / grandMean · sqrt(mean over the members of
 * (x_t − x_{t−1})²); element 0 is 0. `data` is scans × V time-major (offsets cancel in differences).
 */
export function dvarsPercent(data: Float32Array, scans: number, V: number, members: Int32Array, grandMean: number): Float64Array {
  const diffSquares = new Float64Array(scans);
  const M = members.length;
  if (M === 0 || !(Math.abs(grandMean) > 0)) return diffSquares;
  for (let t = 1; t < scans; t++) {
    const base = t * V;
    const prev = (t - 1) * V;
    let ss = 0;
    for (let m = 0; m < M; m++) {
      const d = data[base + members[m]] - data[prev + members[m]];
      ss += d * d;
    }
    diffSquares[t] = ss;
  }
  return dvarsFromDiffSquares(diffSquares, M, grandMean);
}

/** DVARS % from each scan's Σ over M voxels of (x_t − x_{t−1})² (as dvarsPercent; load-bold.ts sums them while reading). */
export function dvarsFromDiffSquares(diffSquares: Float64Array, M: number, grandMean: number): Float64Array {
  const out = new Float64Array(diffSquares.length);
  if (M === 0 || !(Math.abs(grandMean) > 0)) return out;
  for (let t = 1; t < out.length; t++) out[t] = (100 * Math.sqrt(diffSquares[t] / M)) / Math.abs(grandMean);
  return out;
}

/**
 * The tSNR image on the full grid: mean / SD (n − 1) over the retained scans of each included kept
 * voxel (NaN elsewhere, and where the SD is 0).
 */
export function tsnrImage(nVoxels: number, kept: Int32Array, mean: Float64Array, sd: Float64Array, include: ArrayLike<number>): Float32Array {
  const out = new Float32Array(nVoxels).fill(NaN);
  for (let j = 0; j < kept.length; j++) {
    if (include[j] && sd[j] > 0) out[kept[j]] = mean[j] / sd[j];
  }
  return out;
}

/** The bundled grey-matter map (probability ≥ 0.5) on a grid, cached per grid; null when it cannot be read. */
const greyCache = new Map<string, Uint8Array | null>();
export async function greyMatterOnGrid(grid: Grid): Promise<Uint8Array | null> {
  const key = `${grid.dims.join('x')} ${grid.affine.join(',')}`;
  if (greyCache.has(key)) return greyCache.get(key)!;
  let mask: Uint8Array | null;
  try {
    mask = await maskOnGrid(mniTemplatePath('grey'), grid);
  } catch {
    mask = null; // the carpet then shows the ROIs and the other tissues only
  }
  if (greyCache.size > 8) greyCache.clear();
  greyCache.set(key, mask);
  return mask;
}

export interface CarpetGroupInput {
  kept: Int32Array;
  /** Per kept voxel: 1 when usable (finite, not constant). */
  usable: Uint8Array;
  /** Per kept voxel: 1 when in the brain mask. */
  inBrain: Uint8Array;
  roiMembers: { mpfc: Int32Array; precuneus: Int32Array };
  /** Full-grid masks (null: that group is empty). */
  grey: Uint8Array | null;
  white: Uint8Array | null;
  csf: Uint8Array | null;
}

/** Kept positions of each carpet group, disjoint, first claim wins: mPFC, precuneus, grey (in brain), white, CSF. */
export function carpetGroups(input: CarpetGroupInput): Record<CarpetGroup, Int32Array> {
  const V = input.kept.length;
  const taken = new Uint8Array(V);
  const claim = (list: ArrayLike<number>) => {
    const out: number[] = [];
    for (let i = 0; i < list.length; i++) {
      const j = list[i];
      if (!taken[j] && input.usable[j]) { taken[j] = 1; out.push(j); }
    }
    return Int32Array.from(out.sort((a, b) => a - b));
  };
  const fromMask = (mask: Uint8Array | null, brainOnly: boolean) => {
    if (mask === null) return new Int32Array(0);
    const list: number[] = [];
    for (let j = 0; j < V; j++) if (mask[input.kept[j]] && (!brainOnly || input.inBrain[j])) list.push(j);
    return claim(list);
  };
  const mpfc = claim(input.roiMembers.mpfc);
  const precuneus = claim(input.roiMembers.precuneus);
  const grey = fromMask(input.grey, true);
  const white = fromMask(input.white, false);
  const csf = fromMask(input.csf, false);
  return { mpfc, precuneus, grey, white, csf };
}

export interface QcSeriesInput {
  scans: number;
  globalSignal: Float64Array;
  dvarsPct: Float64Array;
  fdMm: Float64Array | null;
  detection: OutlierDetection;
  flaggedFromFile: number[];
  carpet: CarpetLayout | null;
}

/** The per-scan series of the QC record. */
export function qcSeries(input: QcSeriesInput): QcSeries {
  const { detection } = input;
  const { thresholds } = detection;
  let grand = 0;
  for (const g of input.globalSignal) grand += g;
  grand /= Math.max(1, input.scans);
  const fdIsRule = thresholds.motionMeasure === 'framewise-displacement' && thresholds.motionMm !== null;
  return {
    scans: input.scans,
    fdMm: input.fdMm === null ? null : listOf(input.fdMm),
    fdLineMm: fdIsRule ? thresholds.motionMm! : POWER_FD_REFERENCE_MM,
    fdLineIsRule: fdIsRule,
    scrubMotion: detection.motionMeasureMm === null || thresholds.motionMeasure === null ? null : {
      measure: thresholds.motionMeasure, thresholdMm: thresholds.motionMm, valuesMm: listOf(detection.motionMeasureMm),
    },
    globalSignalPct: Array.from(input.globalSignal, (g) => round4(grand !== 0 ? (100 * (g - grand)) / Math.abs(grand) : 0)),
    globalSignalZ: listOf(detection.globalSignalZ),
    globalSignalZThreshold: thresholds.globalSignalZ,
    dvarsPct: listOf(input.dvarsPct),
    flagged: { motion: [...detection.byMotion], globalSignal: [...detection.byGlobalSignal], confoundsFile: [...input.flaggedFromFile] },
    carpet: input.carpet,
  };
}
