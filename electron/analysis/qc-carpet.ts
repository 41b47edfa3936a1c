/**
 * The carpet plot (Power 2017): voxels × scans as grey levels, each row one voxel's series z-scored,
 * before denoising (the data as analysed) and after (the same regression + band-pass that cleans the
 * ROI signals). Rows are a bounded, evenly spaced sample of each voxel group — mPFC, precuneus,
 * other grey matter, white matter, CSF — in grid order (inferior slices first) within a group, so the
 * image stays small (≤ CARPET_MAX_ROWS rows) whatever the scan. Stored as an 8-bit grey PNG (the
 * grey level quantises z over ±CARPET_RANGE_Z) with its layout in the QC record.
 */
import { cleanCoefficients, seriesFromCoefficients, type CleaningOperator } from '../../shared/imaging/cleaning-operator';
import { CARPET_GROUPS, type CarpetGroup, type CarpetLayout } from '../../shared/imaging/qc-series-types';
import { KrpError } from '../../shared/errors';

/** Most rows per panel. */
export const CARPET_MAX_ROWS = 600;
/** Most rows given to each ROI (they are small; the tissues share the rest). */
export const CARPET_ROI_ROWS = 60;
/** z range of the grey scale: black −3, white +3. */
export const CARPET_RANGE_Z = 3;
/** Shares of the rows left after the ROIs: grey matter 3, white matter 1, CSF 1. */
const TISSUE_WEIGHTS: Record<'grey' | 'white' | 'csf', number> = { grey: 3, white: 1, csf: 1 };

export interface CarpetInput {
  /** scans × V, time-major (load-bold.ts), values relative to each voxel's offset. */
  data: Float32Array;
  scans: number;
  V: number;
  /** Kept positions of the usable voxels of each group (disjoint, ascending). */
  groups: Record<CarpetGroup, Int32Array>;
  operator: CleaningOperator;
  maxRows?: number;
  signal?: AbortSignal;
}

export interface Carpet {
  layout: CarpetLayout;
  /** scans wide, 2·rows high: the before panel above the after panel. */
  pixels: Uint8Array;
}

/**
 * Rows per group: each ROI up to CARPET_ROI_ROWS, the tissues share the rest by their weights
 * (a share a group cannot fill goes to the others); never more rows than a group has voxels.
 */
export function allocateRows(voxels: Record<CarpetGroup, number>, maxRows = CARPET_MAX_ROWS): Record<CarpetGroup, number> {
  const rows: Record<CarpetGroup, number> = { mpfc: 0, precuneus: 0, grey: 0, white: 0, csf: 0 };
  let left = maxRows;
  for (const roi of ['mpfc', 'precuneus'] as const) {
    rows[roi] = Math.min(voxels[roi], CARPET_ROI_ROWS, left);
    left -= rows[roi];
  }
  for (let round = 0; round < 4 && left > 0; round++) {
    const open = (['grey', 'white', 'csf'] as const).filter((g) => rows[g] < voxels[g]);
    if (open.length === 0) break;
    const weight = open.reduce((s, g) => s + TISSUE_WEIGHTS[g], 0);
    let given = 0;
    for (const g of open) {
      const share = Math.min(voxels[g] - rows[g], Math.max(1, Math.floor((left * TISSUE_WEIGHTS[g]) / weight)));
      const add = Math.min(share, left - given);
      rows[g] += add;
      given += add;
    }
    left -= given;
  }
  return rows;
}

/** `count` members spread evenly over the list (the middle of each of `count` equal stretches). */
export function sampleEvenly(members: Int32Array, count: number): Int32Array {
  if (count >= members.length) return members.slice();
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = members[Math.floor(((i + 0.5) * members.length) / count)];
  return out;
}

/** A series minus its mean, divided by its SD (n − 1); all zeros when constant. */
export function zScore(series: ArrayLike<number>): Float64Array {
  const n = series.length;
  const out = new Float64Array(n);
  let mean = 0;
  for (let t = 0; t < n; t++) mean += series[t];
  mean /= n;
  let ss = 0;
  for (let t = 0; t < n; t++) ss += (series[t] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  if (!(sd > 0)) return out;
  for (let t = 0; t < n; t++) out[t] = (series[t] - mean) / sd;
  return out;
}

/** Grey level of a z value: round((z + R) / 2R · 255), clipped to 0..255. */
export function quantiseZ(z: number, rangeZ = CARPET_RANGE_Z): number {
  const g = Math.round(((z + rangeZ) / (2 * rangeZ)) * 255);
  return g < 0 ? 0 : g > 255 ? 255 : g;
}

/** The z a grey level stands for (inverse of quantiseZ within ±R, error ≤ R/255). */
export function dequantiseZ(grey: number, rangeZ = CARPET_RANGE_Z): number {
  return -rangeZ + (2 * rangeZ * grey) / 255;
}

/** The carpet of both panels; null when no group has a voxel. */
export function buildCarpet(input: CarpetInput): Carpet | null {
  const { data, scans, V, operator } = input;
  const voxels = Object.fromEntries(CARPET_GROUPS.map((g) => [g, input.groups[g].length])) as Record<CarpetGroup, number>;
  const rowsOf = allocateRows(voxels, input.maxRows ?? CARPET_MAX_ROWS);
  const chosen: number[] = [];
  const groups: CarpetLayout['groups'] = [];
  for (const g of CARPET_GROUPS) {
    if (rowsOf[g] === 0) continue;
    groups.push({ group: g, rows: rowsOf[g], voxels: voxels[g] });
    for (const j of sampleEvenly(input.groups[g], rowsOf[g])) chosen.push(j);
  }
  const rows = chosen.length;
  if (rows === 0) return null;
  const pixels = new Uint8Array(2 * rows * scans);
  const series = new Float64Array(scans);
  for (let r = 0; r < rows; r++) {
    if (r % 32 === 0 && input.signal?.aborted) throw new KrpError('analysis.cancelled', 'The analysis was cancelled.');
    const j = chosen[r];
    for (let t = 0; t < scans; t++) series[t] = data[t * V + j];
    const before = zScore(series);
    const after = zScore(seriesFromCoefficients(operator, cleanCoefficients(operator, series)));
    for (let t = 0; t < scans; t++) {
      pixels[r * scans + t] = quantiseZ(before[t]);
      pixels[(rows + r) * scans + t] = quantiseZ(after[t]);
    }
  }
  return { layout: { rows, scans, panels: ['before', 'after'], rangeZ: CARPET_RANGE_Z, groups }, pixels };
}
