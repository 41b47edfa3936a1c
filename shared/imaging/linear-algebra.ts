/**
 * Small dense linear algebra for the denoising regression and aCompCor's PCA: an orthonormal basis
 * of a design matrix's column space, least squares, projection, and a symmetric eigensolver.
 * Matrices are row-major `Matrix` (rows = scans); everything is unitless.
 */
import { zeros, type Matrix } from './matrix';

export interface OrthonormalBasis {
  /** rows × rank, orthonormal columns spanning col(X). */
  Q: Matrix;
  rank: number;
  /** Indices of the columns of X kept (independent of the earlier kept ones), ascending. */
  kept: number[];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function columnOf(X: Matrix, j: number): Float64Array {
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) out[i] = X.data[i * X.cols + j];
  return out;
}

/** Columns (as separate arrays) → row-major Matrix with `rows` rows. */
function matrixFromColumns(cols: Float64Array[], rows: number): Matrix {
  const m = zeros(rows, cols.length);
  for (let j = 0; j < cols.length; j++) {
    const c = cols[j];
    for (let i = 0; i < rows; i++) m.data[i * cols.length + j] = c[i];
  }
  return m;
}

/**
 * Orthonormal basis of the column space of X by modified Gram–Schmidt with a second
 * re-orthogonalisation pass. A column whose remainder after removing the earlier kept columns has
 * norm ≤ relTol × its own norm (or which is all zeros) is dropped as dependent.
 */
export function orthonormalColumns(X: Matrix, relTol = 1e-10): OrthonormalBasis {
  const basis: Float64Array[] = [];
  const kept: number[] = [];
  for (let j = 0; j < X.cols; j++) {
    const v = columnOf(X, j);
    const norm0 = Math.sqrt(dot(v, v));
    if (!(norm0 > 0) || !Number.isFinite(norm0)) continue;
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        const c = dot(q, v);
        for (let i = 0; i < v.length; i++) v[i] -= c * q[i];
      }
    }
    const norm = Math.sqrt(dot(v, v));
    if (norm <= relTol * norm0) continue;
    for (let i = 0; i < v.length; i++) v[i] /= norm;
    basis.push(v);
    kept.push(j);
  }
  return { Q: matrixFromColumns(basis, X.rows), rank: basis.length, kept };
}

/** Qᵀy for a Q with orthonormal columns (length Q.cols). */
function qtY(Q: Matrix, y: ArrayLike<number>): Float64Array {
  const out = new Float64Array(Q.cols);
  for (let i = 0; i < Q.rows; i++) {
    const yi = y[i];
    const row = i * Q.cols;
    for (let k = 0; k < Q.cols; k++) out[k] += Q.data[row + k] * yi;
  }
  return out;
}

/** y − Q Qᵀ y: the part of y orthogonal to the (orthonormal) columns of Q. */
export function projectOut(Q: Matrix, y: ArrayLike<number>): Float64Array {
  if (y.length !== Q.rows) throw new Error(`projectOut: y has ${y.length} values, Q has ${Q.rows} rows`);
  const c = qtY(Q, y);
  const out = Float64Array.from(y);
  for (let i = 0; i < Q.rows; i++) {
    const row = i * Q.cols;
    let s = 0;
    for (let k = 0; k < Q.cols; k++) s += Q.data[row + k] * c[k];
    out[i] -= s;
  }
  return out;
}

/** Q Qᵀ y: the orthogonal projection of y onto the (orthonormal) columns of Q. */
export function projectOnto(Q: Matrix, y: ArrayLike<number>): Float64Array {
  const r = projectOut(Q, y);
  for (let i = 0; i < r.length; i++) r[i] = y[i] - r[i];
  return r;
}

export interface OlsFit {
  /** One coefficient per column of X; 0 for columns dropped as linearly dependent. */
  beta: Float64Array;
  /** y − X beta. */
  residuals: Float64Array;
  rank: number;
}

/**
 * Ordinary least squares y ≈ X beta over all columns at once (QR by Gram–Schmidt). Columns that
 * are linearly dependent on earlier ones get beta 0; the residuals are those of the full model.
 */
export function olsFit(X: Matrix, y: ArrayLike<number>): OlsFit {
  if (y.length !== X.rows) throw new Error(`olsFit: y has ${y.length} values, X has ${X.rows} rows`);
  const { Q, rank, kept } = orthonormalColumns(X);
  const c = qtY(Q, y);
  // R = Qᵀ X_kept is upper triangular (k × k); solve R b = Qᵀ y by back-substitution.
  const R = new Float64Array(rank * rank);
  for (let a = 0; a < rank; a++) {
    for (let b = a; b < rank; b++) {
      const j = kept[b];
      let s = 0;
      for (let i = 0; i < X.rows; i++) s += Q.data[i * rank + a] * X.data[i * X.cols + j];
      R[a * rank + b] = s;
    }
  }
  const b = new Float64Array(rank);
  for (let a = rank - 1; a >= 0; a--) {
    let s = c[a];
    for (let k = a + 1; k < rank; k++) s -= R[a * rank + k] * b[k];
    b[a] = s / R[a * rank + a];
  }
  const beta = new Float64Array(X.cols);
  kept.forEach((j, a) => { beta[j] = b[a]; });
  return { beta, residuals: projectOut(Q, y), rank };
}

export interface SymmetricEigen {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** n × n; column k is the unit eigenvector of values[k]. */
  vectors: Matrix;
}

/**
 * Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method (only the upper
 * triangle's symmetry is assumed, not checked beyond a sanity test). Values sorted descending,
 * vectors as columns. Accurate to machine precision; O(n³) per sweep, fine for n ≲ 300.
 */
export function symmetricEigen(A: Matrix): SymmetricEigen {
  const n = A.rows;
  if (A.cols !== n) throw new Error(`symmetricEigen: matrix is ${A.rows}×${A.cols}, not square`);
  const a = Float64Array.from(A.data);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  let frob = 0;
  for (let i = 0; i < n * n; i++) frob += a[i] * a[i];
  frob = Math.sqrt(frob);
  const eps = Number.EPSILON;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
    // Converged when what is left off the diagonal is below the rounding of the matrix itself.
    if (off === 0 || Math.sqrt(off) <= 1e-3 * eps * frob) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        // Skip elements negligible relative to both diagonal entries (after the first sweeps).
        if (sweep > 3 && Math.abs(apq) < eps * 1e-3 * Math.min(Math.abs(app), Math.abs(aqq))) {
          a[p * n + q] = 0; a[q * n + p] = 0;
          continue;
        }
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // Rotate rows/columns p and q: A ← Jᵀ A J.
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = 0; a[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i]);
  const values = new Float64Array(n);
  const vectors = zeros(n, n);
  order.forEach((src, dst) => {
    values[dst] = a[src * n + src];
    for (let k = 0; k < n; k++) vectors.data[k * n + dst] = v[k * n + src];
  });
  return { values, vectors };
}
