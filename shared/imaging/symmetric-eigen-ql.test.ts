import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromRows, multiply, transpose, type Matrix } from './matrix';
import { symmetricEigen } from './linear-algebra';
import { symmetricEigenQl, symmetricEigenvaluesQl } from './symmetric-eigen-ql';

const get = (m: Matrix, i: number, j: number) => m.data[i * m.cols + j];

function rnd(seed: number) {
  let s = seed;
  return () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648 - 0.5; };
}

test('symmetricEigenQl: 3×3 tridiagonal [[2,−1,0],[−1,2,−1],[0,−1,2]] → 2+√2, 2, 2−√2 with vector (1, −√2, 1)/2 first', () => {
  const { values, vectors } = symmetricEigenQl(fromRows([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]));
  assert.ok(Math.abs(values[0] - (2 + Math.SQRT2)) < 1e-14);
  assert.ok(Math.abs(values[1] - 2) < 1e-14);
  assert.ok(Math.abs(values[2] - (2 - Math.SQRT2)) < 1e-14);
  const sign = Math.sign(get(vectors, 0, 0));
  for (const [i, v] of [0.5, -Math.SQRT1_2, 0.5].entries()) assert.ok(Math.abs(sign * get(vectors, i, 0) - v) < 1e-14);
});

for (const [n, rank] of [[60, 20], [200, 200], [1, 1], [2, 1]] as const) {
  test(`symmetricEigenQl: random ${n}×${n} Gram matrix of rank ${rank}: A = V diag(λ) Vᵀ, V orthonormal, λ as the Jacobi method gives`, () => {
    const r = rnd(n + rank);
    const B = fromRows(Array.from({ length: n }, () => Array.from({ length: rank }, r)));
    const A = multiply(B, transpose(B));
    const { values, vectors } = symmetricEigenQl(A);
    const scale = values[0];
    for (let k = 1; k < n; k++) assert.ok(values[k] <= values[k - 1]);
    const jacobi = symmetricEigen(A).values;
    for (let k = 0; k < n; k++) assert.ok(Math.abs(values[k] - jacobi[k]) < 1e-12 * scale, `λ${k}: ${values[k]} vs ${jacobi[k]}`);
    const alone = symmetricEigenvaluesQl(A);
    for (let k = 0; k < n; k++) assert.ok(Math.abs(alone[k] - jacobi[k]) < 1e-12 * scale, `values only, λ${k}: ${alone[k]} vs ${jacobi[k]}`);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let vv = 0;
        let a = 0;
        for (let k = 0; k < n; k++) { vv += get(vectors, i, k) * get(vectors, j, k); a += get(vectors, i, k) * values[k] * get(vectors, j, k); }
        assert.ok(Math.abs(vv - (i === j ? 1 : 0)) < 1e-12, `VVᵀ(${i},${j}) = ${vv}`);
        assert.ok(Math.abs(a - get(A, i, j)) < 1e-12 * scale, `A(${i},${j})`);
      }
    }
  });
}

test('symmetricEigenvaluesQl: a projection-like G Gᵀ (eigenvalues 1 and 0 only) gives them exactly enough to count the rank', () => {
  // Q: 4 orthonormal columns in 9 dimensions (a rotation's columns); Q Qᵀ has rank 4.
  const r = rnd(7);
  const B = fromRows(Array.from({ length: 9 }, () => Array.from({ length: 4 }, r)));
  const Q = symmetricEigenQl(multiply(B, transpose(B))).vectors;
  const P = fromRows(Array.from({ length: 9 }, (_, i) => Array.from({ length: 9 }, (_, j) => {
    let s = 0;
    for (let k = 0; k < 4; k++) s += get(Q, i, k) * get(Q, j, k);
    return s;
  })));
  const values = symmetricEigenvaluesQl(P);
  assert.deepEqual(Array.from(values, (v) => Math.round(v * 1e9) / 1e9 + 0), [1, 1, 1, 1, 0, 0, 0, 0, 0]); // + 0: −0 → 0
  assert.equal(symmetricEigenvaluesQl(fromRows([])).length, 0);
});

test('symmetricEigenQl: a NaN matrix ends (no endless loop)', () => {
  const { values } = symmetricEigenQl(fromRows([[NaN, 1], [1, 2]]));
  assert.equal(values.length, 2);
});
