import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../test-support/seeded-random';
import { selectInPlace } from './order-statistic';

const patterns: Record<string, (n: number, r: () => number) => number[]> = {
  uniform: (n, r) => Array.from({ length: n }, () => r() * 1000 - 500),
  'few distinct values': (n, r) => Array.from({ length: n }, () => Math.floor(r() * 4)),
  constant: (n) => new Array<number>(n).fill(7),
  ascending: (n) => Array.from({ length: n }, (_, i) => i),
  descending: (n) => Array.from({ length: n }, (_, i) => n - i),
  'organ pipe': (n) => Array.from({ length: n }, (_, i) => Math.min(i, n - i)),
  'mostly zero with extremes': (n, r) => Array.from({ length: n }, () => (r() < 0.7 ? 0 : r() < 0.5 ? 3e38 : -r())),
  'median-of-three killer': (n) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? i : n + (i >> 1))),
};

test('selectInPlace gives at index k what a full sort gives, for every k tried and every pattern', () => {
  const r = seededRandom(20261202);
  for (const [name, make] of Object.entries(patterns)) {
    for (const n of [1, 2, 3, 10, 257, 5000]) {
      const original = make(n, r);
      const sorted = Float64Array.from(original).sort();
      for (const k of new Set([0, 1, Math.floor(n / 200), n >> 1, n - 2, n - 1].filter((x) => x >= 0 && x < n))) {
        const values = Float64Array.from(original);
        const got = selectInPlace(values, k);
        assert.equal(got, sorted[k], `${name}, n = ${n}, k = ${k}`);
        for (let i = 0; i < k; i++) assert.ok(values[i] <= got, `${name}: a value before k is larger`);
        for (let i = k + 1; i < n; i++) assert.ok(values[i] >= got, `${name}: a value after k is smaller`);
        assert.deepEqual(Float64Array.from(values).sort(), sorted, `${name}: the values are only reordered`);
      }
    }
  }
});

test('selectInPlace within a sub-range leaves the rest alone; a k outside the range is refused', () => {
  const values = Float64Array.from([9, 5, 1, 4, 3, 8]);
  assert.equal(selectInPlace(values, 3, 2, 5), 3); // positions 2…5 hold 1, 4, 3, 8: sorted, index 3 holds 3
  assert.deepEqual([values[0], values[1]], [9, 5]);
  assert.throws(() => selectInPlace(values, 1, 2, 5), RangeError);
  assert.throws(() => selectInPlace(values, 6), RangeError);
});
