import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isKrpError } from '../errors';
import { fisherZ, pearson } from './correlate';

test('pearson by hand: x = 1…4, y = 2, 4, 5, 9 → r = 11/√130', () => {
  // Deviations x: −1.5, −0.5, 0.5, 1.5; y: −3, −1, 0, 4 → Σxy = 11, Σx² = 5, Σy² = 26.
  assert.ok(Math.abs(pearson([1, 2, 3, 4], [2, 4, 5, 9]) - 11 / Math.sqrt(130)) < 1e-15);
  assert.ok(Math.abs(pearson([1, 2, 3], [30, 20, 10]) + 1) < 1e-15);
  assert.ok(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])));
});

test('fisherZ = atanh: z(0.5) = ½ ln 3, z(−0.5) = −½ ln 3, z(0) = 0', () => {
  assert.ok(Math.abs(fisherZ(0.5) - 0.5 * Math.log(3)) < 1e-15);
  assert.ok(Math.abs(fisherZ(-0.5) + 0.5 * Math.log(3)) < 1e-15);
  assert.equal(fisherZ(0), 0);
});

test('fisherZ refuses |r| = 1 and NaN with analysis.degenerate-correlation', () => {
  for (const r of [1, -1, NaN]) {
    assert.throws(() => fisherZ(r), (e) => isKrpError(e) && e.code === 'analysis.degenerate-correlation' && e.message.length > 40);
  }
});
