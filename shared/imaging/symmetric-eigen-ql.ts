/**
 * Eigen-decomposition of a real symmetric matrix by Householder tridiagonalisation and the implicit
 * QL algorithm (tred2 / tql2 of EISPACK, as in the public-domain JAMA package): O(n³) once, where
 * the cyclic Jacobi method of linear-algebra.ts costs O(n³) per sweep. For aCompCor's N × N
 * (scans × scans) matrices, N ≈ 100–1000. Same result shape as symmetricEigen.
 */
import { zeros } from './matrix';
import type { Matrix } from './matrix';
import type { SymmetricEigen } from './linear-algebra';

/** Upper bound on QL iterations per eigenvalue (it converges in 2–3; NaN input stops at once). */
const MAX_ITERATIONS = 100;

/**
 * The eigenvalues alone, sorted descending: the same reduction without building the transform, and
 * tql1 (no rotations of vectors) — O(n³) with a small constant, then O(n²), instead of ~5n³.
 */
export function symmetricEigenvaluesQl(A: Matrix): Float64Array {
  const n = A.rows;
  if (A.cols !== n) throw new Error(`symmetricEigenvaluesQl: matrix is ${A.rows}×${A.cols}, not square`);
  if (n === 0) return new Float64Array(0);
  const V = Float64Array.from(A.data);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(V, d, e, n, false);
  diagonalize(null, d, e, n);
  return d.sort().reverse();
}

export function symmetricEigenQl(A: Matrix): SymmetricEigen {
  const n = A.rows;
  if (A.cols !== n) throw new Error(`symmetricEigenQl: matrix is ${A.rows}×${A.cols}, not square`);
  if (n === 0) return { values: new Float64Array(0), vectors: zeros(0, 0) };
  const V = Float64Array.from(A.data);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(V, d, e, n, true);
  // The QL rotations combine whole columns: they run on the transpose, where columns are contiguous.
  const Vt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) Vt[i * n + k] = V[k * n + i];
  diagonalize(Vt, d, e, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[j] - d[i]);
  const values = new Float64Array(n);
  const vectors = zeros(n, n);
  order.forEach((src, dst) => {
    values[dst] = d[src];
    for (let k = 0; k < n; k++) vectors.data[k * n + dst] = Vt[src * n + k];
  });
  return { values, vectors };
}

/**
 * tred2: d becomes the diagonal, e the sub-diagonal and — when `transform` — V (row-major n × n)
 * the orthogonal transform; without it V is left as workspace.
 */
function tridiagonalize(V: Float64Array, d: Float64Array, e: Float64Array, n: number, transform: boolean): void {
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) { d[k] /= scale; h += d[k] * d[k]; }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[j * n + i] = f;
        g = e[j] + V[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k * n + j] * d[k];
          e[k] += V[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) { e[j] /= h; f += e[j] * d[j]; }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[k * n + j] -= f * e[k] + g * d[k];
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  if (!transform) {
    // The reduction left the diagonal in V's diagonal (tred2 moves it to d while accumulating).
    for (let j = 0; j < n; j++) d[j] = V[j * n + j];
    e[0] = 0;
    return;
  }
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i];
    V[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1] * V[k * n + j];
        for (let k = 0; k <= i; k++) V[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) { d[j] = V[(n - 1) * n + j]; V[(n - 1) * n + j] = 0; }
  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/**
 * tql2: the symmetric tridiagonal (d, e) diagonalised, its rotations applied to the columns of V,
 * given as Vt = Vᵀ (row i = column i); with Vt null, tql1: the eigenvalues only.
 */
function diagonalize(Vt: Float64Array | null, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = Number.EPSILON;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m === n) m = n - 1;
    if (m > l) {
      let iterations = 0;
      do {
        if (++iterations > MAX_ITERATIONS) throw new Error('symmetricEigenQl: no convergence');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (Vt === null) continue;
          const ci = i * n;
          const cj = ci + n;
          for (let k = 0; k < n; k++) {
            h = Vt[cj + k];
            Vt[cj + k] = s * Vt[ci + k] + c * h;
            Vt[ci + k] = c * Vt[ci + k] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}
