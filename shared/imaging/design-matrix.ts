/**
 * The nuisance design matrix of the denoising regression (CONN 17 defaults): constant, linear
 * trend, 6 motion parameters + their 6 first derivatives, aCompCor components, and one one-hot
 * column per outlier scan (scrubbing by regression).
 */
import { KrpError } from '../errors';
import { zeros, type Matrix } from './matrix';
import { motionDerivatives } from './motion';

export interface DesignMatrixInput {
  /** Number of scans N (rows). */
  scans: number;
  /** N × 6 realignment parameters (mm, rad), or null/absent. */
  motion?: Matrix | null;
  /** N × K aCompCor regressors, or null/absent. */
  acompcor?: Matrix | null;
  /** Names of the aCompCor columns (default acompcor_00, acompcor_01, …). */
  acompcorNames?: string[];
  /** 0-based outlier scans, each becoming a one-hot column. */
  outlierScans?: number[];
}

export interface DesignMatrix {
  /** N × P, columns in the order of `names`. */
  X: Matrix;
  names: string[];
}

const MOTION_NAMES = ['trans_x', 'trans_y', 'trans_z', 'rot_x', 'rot_y', 'rot_z'];

/**
 * Builds X = [constant | linear trend | motion | motion derivatives | aCompCor | one-hots].
 * The constant column is 1; the trend is t − (N−1)/2 (scans, centred); motion columns are as given
 * (mm, rad) and their CONN derivatives (per scan); an outlier scan s gets a column equal to 1 at
 * row s and 0 elsewhere. Duplicate outlier scans give one column; they are sorted ascending.
 */
export function buildDesignMatrix(input: DesignMatrixInput): DesignMatrix {
  const n = input.scans;
  if (!Number.isInteger(n) || n < 1) throw new Error(`buildDesignMatrix: scans must be a positive integer, got ${n}`);
  const motion = input.motion ?? null;
  const acompcor = input.acompcor ?? null;
  if (motion && motion.rows !== n) {
    throw new KrpError('confounds.row-count', `The motion parameters have ${motion.rows} rows but the image has ${n} volumes (after any dropped initial volumes). Choose the motion file that belongs to this scan.`, { rows: motion.rows, volumes: n });
  }
  if (motion && motion.cols !== 6) throw new Error(`buildDesignMatrix: motion must have 6 columns, got ${motion.cols}`);
  if (acompcor && acompcor.rows !== n) {
    throw new KrpError('confounds.row-count', `The aCompCor regressors have ${acompcor.rows} rows but the image has ${n} volumes (after any dropped initial volumes). Choose the confounds file that belongs to this scan.`, { rows: acompcor.rows, volumes: n });
  }
  const acompcorNames = acompcor
    ? (input.acompcorNames ?? Array.from({ length: acompcor.cols }, (_, k) => `acompcor_${String(k).padStart(2, '0')}`))
    : [];
  if (acompcor && acompcorNames.length !== acompcor.cols) throw new Error(`buildDesignMatrix: ${acompcorNames.length} aCompCor names for ${acompcor.cols} columns`);
  const outliers = [...new Set(input.outlierScans ?? [])].sort((a, b) => a - b);
  for (const s of outliers) {
    if (!Number.isInteger(s) || s < 0 || s >= n) throw new Error(`buildDesignMatrix: outlier scan ${s} outside 0…${n - 1}`);
  }

  const names = ['constant', 'linear_trend'];
  if (motion) names.push(...MOTION_NAMES, ...MOTION_NAMES.map((m) => `${m}_derivative1`));
  names.push(...acompcorNames);
  names.push(...outliers.map((s) => `outlier_scan_${s}`));

  const p = names.length;
  const X = zeros(n, p);
  const derivatives = motion ? motionDerivatives(motion) : null;
  for (let t = 0; t < n; t++) {
    const row = t * p;
    let j = 0;
    X.data[row + j++] = 1;
    X.data[row + j++] = t - (n - 1) / 2;
    if (motion && derivatives) {
      for (let k = 0; k < 6; k++) X.data[row + j++] = motion.data[t * 6 + k];
      for (let k = 0; k < 6; k++) X.data[row + j++] = derivatives.data[t * 6 + k];
    }
    if (acompcor) for (let k = 0; k < acompcor.cols; k++) X.data[row + j++] = acompcor.data[t * acompcor.cols + k];
  }
  const first = p - outliers.length;
  outliers.forEach((s, k) => { X.data[s * p + first + k] = 1; });
  return { X, names };
}
