/**
 * What the QC plots of an analysis read (issue 14): per-volume series (framewise displacement,
 * global signal and its change z, DVARS) and the layout of the carpet plot image stored beside the
 * analysis (grey-level PNG: each row one voxel's z-scored series, before and after denoising).
 * Kept in the analysis's QC record (`AnalysisQc.series`); the tSNR image and the carpet PNG are
 * files in the analysis folder (`AnalysisProvenance.qcImages`).
 */

/** Voxel groups of the carpet plot, top to bottom. */
export const CARPET_GROUPS = ['mpfc', 'precuneus', 'grey', 'white', 'csf'] as const;
export type CarpetGroup = (typeof CARPET_GROUPS)[number];

export interface CarpetLayout {
  /** Rows of each panel (voxels sampled), and columns (retained scans). */
  rows: number;
  scans: number;
  /** Panels stacked in the PNG, top first: rows 0..rows−1 before denoising, then after. */
  panels: ['before', 'after'];
  /** Grey level g (0..255) stands for z = −rangeZ + 2·rangeZ·g/255; |z| beyond rangeZ is clipped. */
  rangeZ: number;
  /** Consecutive row groups (empty groups left out), with how many voxels each group had to sample from. */
  groups: { group: CarpetGroup; rows: number; voxels: number }[];
}

export interface QcSeries {
  /** Retained scans (after the dropped initial volumes); every array below has this length. */
  scans: number;
  /** Power's framewise displacement, mm (50 mm head radius; element 0 is 0); null when no motion is known. */
  fdMm: number[] | null;
  /** The line drawn on the FD trace: the scrubbing rule's FD threshold, or Power's 0.5 mm as a reference. */
  fdLineMm: number;
  /** True when scans above `fdLineMm` were flagged (scrub mode "fd"); false when the line is only a reference. */
  fdLineIsRule: boolean;
  /** The motion measure the scrubbing thresholded (CONN's composite by default), its threshold and values. */
  scrubMotion: { measure: 'composite' | 'framewise-displacement'; thresholdMm: number | null; valuesMm: number[] } | null;
  /** Global (whole-brain mean) signal per scan, % of its mean. */
  globalSignalPct: number[];
  /** |z| of the scan-to-scan global-signal change (CONN's ART rule; element 0 is 0) and the threshold. */
  globalSignalZ: number[];
  globalSignalZThreshold: number | null;
  /** DVARS: RMS over in-brain voxels of the scan-to-scan change, % of the mean brain intensity (element 0 is 0). */
  dvarsPct: number[];
  /** Scans flagged by each rule (0-based, retained scans). */
  flagged: { motion: number[]; globalSignal: number[]; confoundsFile: number[] };
  /** The carpet image's layout; null when it was not made. */
  carpet: CarpetLayout | null;
}

/** The QC files stored with an analysis (paths relative to the data folder). */
export interface QcImages {
  tsnr: { path: string; sha256: string } | null;
  carpet: { path: string; sha256: string } | null;
}
