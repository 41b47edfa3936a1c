/**
 * Outlier-scan detection in the manner of CONN 17's ART step (Whitfield-Gabrieli & Nieto-Castanon
 * 2012): a scan is an outlier when the scan-to-scan change of the global BOLD signal is extreme
 * (|z| above a threshold) or when head motion between it and the previous scan is too large.
 * Flagged scans become one-hot regressors (scrubbing by regression). See docs/denoising.md.
 */
import type { ScrubMode } from './analysis-types';
import type { Matrix } from './matrix';
import { compositeMotion, framewiseDisplacement } from './motion';

export interface OutlierThresholds {
  /** |z| of the global-signal change above which a scan is flagged; null when the rule is off. */
  globalSignalZ: number | null;
  /** Motion threshold in mm; null when the rule is off (or no motion is available). */
  motionMm: number | null;
  /** Which motion measure the threshold applies to. */
  motionMeasure: 'composite' | 'framewise-displacement' | null;
}

export interface OutlierDetection {
  /** Sorted unique 0-based scan indices flagged by either rule. */
  scans: number[];
  byGlobalSignal: number[];
  byMotion: number[];
  thresholds: OutlierThresholds;
  /** |z| of the global-signal change per scan (element 0 is 0). */
  globalSignalZ: Float64Array;
  /** The motion measure per scan (mm, element 0 is 0), or null without motion. */
  motionMeasureMm: Float64Array | null;
}

/** Thresholds of each scrub mode (CONN 17 "intermediate" is the default; "fd" is Power 2012's FD > 0.5 mm plus the intermediate global rule). */
export const SCRUB_THRESHOLDS: Readonly<Record<ScrubMode, { globalSignalZ: number | null; motionMm: number | null; motionMeasure: 'composite' | 'framewise-displacement' | null }>> = {
  intermediate: { globalSignalZ: 5, motionMm: 0.9, motionMeasure: 'composite' },
  conservative: { globalSignalZ: 3, motionMm: 0.5, motionMeasure: 'composite' },
  fd: { globalSignalZ: 5, motionMm: 0.5, motionMeasure: 'framewise-displacement' },
  off: { globalSignalZ: null, motionMm: null, motionMeasure: null },
};

/**
 * |z| of the scan-to-scan global-signal change: d_t = g_t − g_{t−1} (t = 1…N−1), standardised by the
 * mean and sample SD of those N−1 differences. Element 0 is 0; all zeros when the SD is 0.
 */
export function globalSignalChangeZ(globalSignal: ArrayLike<number>): Float64Array {
  const n = globalSignal.length;
  const z = new Float64Array(n);
  if (n < 3) return z;
  const d = new Float64Array(n);
  let mean = 0;
  for (let t = 1; t < n; t++) { d[t] = globalSignal[t] - globalSignal[t - 1]; mean += d[t]; }
  mean /= n - 1;
  let ss = 0;
  for (let t = 1; t < n; t++) ss += (d[t] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 2));
  if (!(sd > 0)) return z;
  for (let t = 1; t < n; t++) z[t] = Math.abs((d[t] - mean) / sd);
  return z;
}

/**
 * Flags outlier scans. `globalSignal` is the mean BOLD over the brain per scan; `motion` the N×6
 * realignment parameters (mm, rad) or null (then only the global-signal rule applies).
 * A single-scan spike at s makes two large changes (into it at s and out of it at s+1), so both
 * s and s+1 are flagged (see docs/denoising.md).
 */
export function detectOutliers(input: { globalSignal: ArrayLike<number>; motion: Matrix | null; mode: ScrubMode }): OutlierDetection {
  const { globalSignal, motion, mode } = input;
  const n = globalSignal.length;
  if (motion && motion.rows !== n) throw new Error(`detectOutliers: motion has ${motion.rows} rows, global signal ${n}`);
  const preset = SCRUB_THRESHOLDS[mode];
  const thresholds: OutlierThresholds = {
    globalSignalZ: preset.globalSignalZ,
    motionMm: motion ? preset.motionMm : null,
    motionMeasure: motion ? preset.motionMeasure : null,
  };
  const globalSignalZ = globalSignalChangeZ(globalSignal);
  const byGlobalSignal: number[] = [];
  if (thresholds.globalSignalZ !== null) {
    for (let t = 1; t < n; t++) if (globalSignalZ[t] > thresholds.globalSignalZ) byGlobalSignal.push(t);
  }
  let motionMeasureMm: Float64Array | null = null;
  const byMotion: number[] = [];
  if (motion) {
    motionMeasureMm = preset.motionMeasure === 'framewise-displacement' ? framewiseDisplacement(motion) : compositeMotion(motion);
    if (thresholds.motionMm !== null) {
      for (let t = 1; t < n; t++) if (motionMeasureMm[t] > thresholds.motionMm) byMotion.push(t);
    }
  }
  const scans = [...new Set([...byGlobalSignal, ...byMotion])].sort((a, b) => a - b);
  return { scans, byGlobalSignal, byMotion, thresholds, globalSignalZ, motionMeasureMm };
}
