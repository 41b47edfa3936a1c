/**
 * The QC plots as data (no DOM): one time axis shared by the FD, global-signal and DVARS traces
 * and the carpet panels (column i of the carpet centred on scan i's time), the points of each
 * trace, a threshold line across the axis, the outlier marks, and the carpet's row bands per voxel
 * group. Pure, so the plots and the tests use the same numbers.
 */
import type { CarpetGroup, CarpetLayout } from '../../shared/imaging/qc-series-types';

export interface Point {
  x: number;
  y: number;
}

/** The axis every QC plot uses: from half a scan before the first scan to half a scan after the last, seconds. */
export function timeAxis(scans: number, trSeconds: number): { min: number; max: number } {
  return { min: -trSeconds / 2, max: (scans - 0.5) * trSeconds };
}

/** One point per scan at its time. */
export function seriesPoints(values: readonly number[], trSeconds: number): Point[] {
  return values.map((y, i) => ({ x: i * trSeconds, y }));
}

/** A horizontal line at `value` across the whole axis. */
export function thresholdLine(value: number, scans: number, trSeconds: number): Point[] {
  const { min, max } = timeAxis(scans, trSeconds);
  return [{ x: min, y: value }, { x: max, y: value }];
}

/** The top of the y axis: the largest value or the threshold, with 15 % headroom for the outlier marks. */
export function axisTop(values: readonly number[], threshold: number | null): number {
  let top = threshold ?? 0;
  for (const v of values) if (Number.isFinite(v) && v > top) top = v;
  return top > 0 ? top * 1.15 : 1;
}

/** Outlier marks along the top of a plot (y = `top`), one per flagged scan, sorted, no duplicates. */
export function outlierMarks(scans: readonly number[], trSeconds: number, top: number): Point[] {
  return [...new Set(scans)].sort((a, b) => a - b).map((s) => ({ x: s * trSeconds, y: top }));
}

/** Row bands of the carpet per voxel group, top to bottom: [fromRow, toRow) within one panel. */
export function carpetBands(layout: CarpetLayout): { group: CarpetGroup; fromRow: number; toRow: number; voxels: number }[] {
  const bands: { group: CarpetGroup; fromRow: number; toRow: number; voxels: number }[] = [];
  let row = 0;
  for (const g of layout.groups) {
    bands.push({ group: g.group, fromRow: row, toRow: row + g.rows, voxels: g.voxels });
    row += g.rows;
  }
  return bands;
}

/** Colour of each group's band beside the carpet (ROIs as in the viewer: magenta, green). */
export const CARPET_GROUP_COLOURS: Record<CarpetGroup, string> = {
  mpfc: 'rgb(230,0,230)',
  precuneus: 'rgb(0,170,0)',
  grey: '#7a8794',
  white: '#d5dbe1',
  csf: '#2f6fdf',
};
