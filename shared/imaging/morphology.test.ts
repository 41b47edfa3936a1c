import { test } from 'node:test';
import assert from 'node:assert/strict';
import { erodeMask } from './morphology';

function cube(n: number, lo: number, hi: number): Uint8Array {
  const m = new Uint8Array(n * n * n);
  for (let k = lo; k <= hi; k++) for (let j = lo; j <= hi; j++) for (let i = lo; i <= hi; i++) m[i + n * (j + n * k)] = 1;
  return m;
}
const count = (m: Uint8Array) => m.reduce((s, v) => s + v, 0);

test('a 5×5×5 cube erodes to 3×3×3, then 1 voxel, then nothing', () => {
  const m = cube(7, 1, 5);
  assert.equal(count(m), 125);
  const once = erodeMask(m, [7, 7, 7]);
  assert.equal(count(once), 27);
  assert.deepEqual(once, cube(7, 2, 4));
  const twice = erodeMask(m, [7, 7, 7], 2);
  assert.equal(count(twice), 1);
  assert.equal(twice[3 + 7 * (3 + 7 * 3)], 1);
  assert.equal(count(erodeMask(m, [7, 7, 7], 3)), 0);
  assert.equal(count(m), 125); // input untouched
});

test('voxels on the grid edge erode (outside counts as unset); a single gap erodes its neighbours', () => {
  const full = new Uint8Array(5 * 5 * 5).fill(1);
  assert.deepEqual(erodeMask(full, [5, 5, 5]), cube(5, 1, 3));
  const holed = cube(7, 1, 5);
  holed[3 + 7 * (3 + 7 * 3)] = 0; // hole in the centre
  // The 3×3×3 core minus the hole and its 6 face neighbours = 27 − 7 = 20.
  assert.equal(count(erodeMask(holed, [7, 7, 7])), 20);
});
