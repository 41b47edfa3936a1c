import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromRows, fromColumns, get, multiply, transpose, type Matrix } from './matrix';
import { olsFit, orthonormalColumns, projectOnto, projectOut, symmetricEigen } from './linear-algebra';

const close = (a: number, b: number, tol: number, what = '') =>
  assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b} (tol ${tol})`);

function assertOrthonormal(Q: Matrix, tol: number) {
  const G = multiply(transpose(Q), Q);
  for (let i = 0; i < G.rows; i++) for (let j = 0; j < G.cols; j++) close(get(G, i, j), i === j ? 1 : 0, tol, `QᵀQ[${i},${j}]`);
}

test('olsFit: 4×2 line fit solved by hand', () => {
  // y = b0 + b1 t at t = 0..3 with y = [1, 3, 2, 4]. Normal equations:
  // [4 6; 6 14] b = [10, 19] → b1 = (4·19 − 6·10)/(4·14 − 36) = 16/20 = 0.8, b0 = (10 − 6·0.8)/4 = 1.3.
  const X = fromRows([[1, 0], [1, 1], [1, 2], [1, 3]]);
  const fit = olsFit(X, [1, 3, 2, 4]);
  assert.equal(fit.rank, 2);
  close(fit.beta[0], 1.3, 1e-12, 'b0');
  close(fit.beta[1], 0.8, 1e-12, 'b1');
  // Fitted 1.3, 2.1, 2.9, 3.7 → residuals −0.3, 0.9, −0.9, 0.3.
  [-0.3, 0.9, -0.9, 0.3].forEach((r, i) => close(fit.residuals[i], r, 1e-12, `residual ${i}`));
});

test('olsFit: a duplicated column is dropped, beta 0, same residuals', () => {
  const X = fromRows([[1, 0, 0], [1, 1, 1], [1, 2, 2], [1, 3, 3]]);
  const fit = olsFit(X, [1, 3, 2, 4]);
  assert.equal(fit.rank, 2);
  close(fit.beta[0], 1.3, 1e-12);
  close(fit.beta[1], 0.8, 1e-12);
  assert.equal(fit.beta[2], 0);
  [-0.3, 0.9, -0.9, 0.3].forEach((r, i) => close(fit.residuals[i], r, 1e-12));
});

test('orthonormalColumns: keeps independent columns, drops zero and dependent ones, orthonormal to 1e-12', () => {
  const X = fromColumns([
    [1, 1, 1, 1, 1, 1],
    [0, 0, 0, 0, 0, 0],
    [0, 1, 2, 3, 4, 5],
    [2, 3, 4, 5, 6, 7], // = 2·col0 + col2
    [0, 1, 4, 9, 16, 25],
  ]);
  const { Q, rank, kept } = orthonormalColumns(X);
  assert.equal(rank, 3);
  assert.deepEqual(kept, [0, 2, 4]);
  assert.equal(Q.rows, 6);
  assert.equal(Q.cols, 3);
  assertOrthonormal(Q, 1e-12);
  // The first basis vector is the normalised constant.
  for (let i = 0; i < 6; i++) close(get(Q, i, 0), 1 / Math.sqrt(6), 1e-15);
});

test('orthonormalColumns: nearly collinear columns stay orthonormal (re-orthogonalisation)', () => {
  const n = 50;
  const cols = [0, 1, 2, 3, 4].map((k) => Array.from({ length: n }, (_, t) => 1 + 1e-7 * Math.cos(k * t) + (k === 0 ? 0 : 1e-9 * t)));
  const { Q, rank } = orthonormalColumns(fromColumns(cols));
  assert.equal(rank, 5);
  assertOrthonormal(Q, 1e-12);
});

test('projectOut / projectOnto split y into orthogonal parts', () => {
  const X = fromRows([[1, 0], [1, 1], [1, 2], [1, 3]]);
  const { Q } = orthonormalColumns(X);
  const y = [1, 3, 2, 4];
  const r = projectOut(Q, y);
  const p = projectOnto(Q, y);
  [-0.3, 0.9, -0.9, 0.3].forEach((v, i) => close(r[i], v, 1e-12));
  [1.3, 2.1, 2.9, 3.7].forEach((v, i) => close(p[i], v, 1e-12));
});

test('symmetricEigen: 2×2 [[2,1],[1,2]] → 3, 1 with vectors (1,1)/√2, (1,−1)/√2', () => {
  const { values, vectors } = symmetricEigen(fromRows([[2, 1], [1, 2]]));
  close(values[0], 3, 1e-14);
  close(values[1], 1, 1e-14);
  const s = Math.SQRT1_2;
  close(Math.abs(get(vectors, 0, 0)), s, 1e-14);
  close(get(vectors, 0, 0) * get(vectors, 1, 0), 0.5, 1e-14); // same sign
  close(get(vectors, 0, 1) * get(vectors, 1, 1), -0.5, 1e-14); // opposite signs
});

test('symmetricEigen: 3×3 tridiagonal [[2,−1,0],[−1,2,−1],[0,−1,2]] → 2+√2, 2, 2−√2', () => {
  const A = fromRows([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]);
  const { values, vectors } = symmetricEigen(A);
  close(values[0], 2 + Math.SQRT2, 1e-14);
  close(values[1], 2, 1e-14);
  close(values[2], 2 - Math.SQRT2, 1e-14);
  // Eigenvector of 2: (1, 0, −1)/√2.
  close(Math.abs(get(vectors, 0, 1)), Math.SQRT1_2, 1e-14);
  close(get(vectors, 1, 1), 0, 1e-14);
  close(get(vectors, 0, 1) + get(vectors, 2, 1), 0, 1e-14);
  assertOrthonormal(vectors, 1e-14);
});

test('symmetricEigen: random 60×60 Gram matrix reconstructs A = V diag(λ) Vᵀ', () => {
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 - 0.5; };
  const n = 60;
  const B = fromRows(Array.from({ length: n }, () => Array.from({ length: 20 }, rnd)));
  const A = multiply(B, transpose(B)); // rank 20, PSD
  const { values, vectors } = symmetricEigen(A);
  for (let k = 1; k < n; k++) assert.ok(values[k] <= values[k - 1]);
  for (let k = 20; k < n; k++) close(values[k], 0, 1e-12);
  assertOrthonormal(vectors, 1e-12);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += get(vectors, i, k) * values[k] * get(vectors, j, k);
      close(s, get(A, i, j), 1e-12);
    }
  }
});
