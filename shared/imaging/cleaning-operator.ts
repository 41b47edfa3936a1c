/**
 * Steps "regress" and "band-pass" as one linear operator. CONN's RegBP removes the confounds by
 * least squares (y − X β) and then applies its ideal band-pass filter to the residuals. The filter
 * is the orthogonal projection onto the in-band DCT-II vectors B (see bandpass.ts), and the
 * regression is the projection R = I − Q Qᵀ onto the complement of the confounds' span, so
 *
 *     cleaned y = B (G y)   with   G = Bᵀ R = Bᵀ − (Bᵀ Q) Qᵀ     (K × N)
 *
 * and, because B has orthonormal columns, dot products and norms of cleaned series equal those of
 * their K coefficients G y. Computing G once turns the whole denoising of a voxel into one
 * K × N matrix–vector product, with exactly the numbers of regression-then-filter.
 * Without a band (regression only), B is the identity.
 */
import type { BandPass } from './analysis-types';
import { bandpassBasis } from './bandpass';
import { orthonormalColumns } from './linear-algebra';
import type { Matrix } from './matrix';

export interface CleaningOperator {
  /** K × N: coefficients of the cleaned series on `basis`. */
  G: Matrix;
  /** N × K orthonormal columns (the identity without a band). */
  basis: Matrix;
  /** Rank of the design matrix actually removed. */
  confoundRank: number;
  /** Columns of X dropped as linearly dependent on earlier ones. */
  droppedColumns: number[];
}

export function cleaningOperator(X: Matrix, trSeconds: number, band: BandPass | null): CleaningOperator {
  const n = X.rows;
  const { Q, rank, kept } = orthonormalColumns(X);
  const basis = band === null ? identity(n) : bandpassBasis(n, trSeconds, band).basis;
  const K = basis.cols;
  const r = Q.cols;
  // BtQ = Bᵀ Q (K × r)
  const BtQ = new Float64Array(K * r);
  for (let t = 0; t < n; t++) {
    for (let k = 0; k < K; k++) {
      const b = basis.data[t * K + k];
      if (b === 0) continue;
      for (let j = 0; j < r; j++) BtQ[k * r + j] += b * Q.data[t * r + j];
    }
  }
  // G = Bᵀ − BtQ Qᵀ
  const G = new Float64Array(K * n);
  for (let k = 0; k < K; k++) {
    for (let t = 0; t < n; t++) {
      let s = basis.data[t * K + k];
      for (let j = 0; j < r; j++) s -= BtQ[k * r + j] * Q.data[t * r + j];
      G[k * n + t] = s;
    }
  }
  const droppedColumns: number[] = [];
  for (let j = 0; j < X.cols; j++) if (!kept.includes(j)) droppedColumns.push(j);
  return { G: { rows: K, cols: n, data: G }, basis, confoundRank: rank, droppedColumns };
}

/** G y: the cleaned coefficients of one series. */
export function cleanCoefficients(op: CleaningOperator, y: ArrayLike<number>): Float64Array {
  const { rows: K, cols: n, data } = op.G;
  const out = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let s = 0;
    const row = k * n;
    for (let t = 0; t < n; t++) s += data[row + t] * y[t];
    out[k] = s;
  }
  return out;
}

/** B c: the cleaned time series from its coefficients. */
export function seriesFromCoefficients(op: CleaningOperator, c: ArrayLike<number>): Float64Array {
  const { rows: n, cols: K, data } = op.basis;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += data[t * K + k] * c[k];
    out[t] = s;
  }
  return out;
}

function identity(n: number): Matrix {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return { rows: n, cols: n, data };
}
