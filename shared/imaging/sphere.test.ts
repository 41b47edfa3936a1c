import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sphereVoxels } from './sphere';

// FSL MNI152 2 mm grid: 91×109×91, x flipped, origin (90, −126, −72).
const DIMS = [91, 109, 91];
const AFFINE = [-2, 0, 0, 90, 0, 2, 0, -126, 0, 0, 2, -72, 0, 0, 0, 1];
const world = (i: number, j: number, k: number) => [90 - 2 * i, -126 + 2 * j, -72 + 2 * k];

test('radius 10 mm around the mPFC centre matches a brute-force scan of the whole grid', () => {
  const centre = [1, 55, -3] as const;
  const brute: number[] = [];
  for (let k = 0; k < 91; k++) for (let j = 0; j < 109; j++) for (let i = 0; i < 91; i++) {
    const [x, y, z] = world(i, j, k);
    if ((x - centre[0]) ** 2 + (y - centre[1]) ** 2 + (z - centre[2]) ** 2 <= 100) brute.push(i + 91 * (j + 109 * k));
  }
  const { indices, nominal } = sphereVoxels(DIMS, AFFINE, centre, 10);
  assert.deepEqual(Array.from(indices), brute);
  assert.equal(nominal, brute.length);
  assert.ok(brute.length > 400 && brute.length < 600); // ≈ (4/3)π·10³ / 8 = 524
});

test('a radius landing exactly on voxel centres includes them: r = 4 mm on a 2 mm grid → 33 voxels', () => {
  // Centre (0, 0, 0) is voxel (45, 63, 36). Integer (a, b, c) with a² + b² + c² ≤ 2²:
  // 1 + 6 (one ±1) + 12 (two ±1) + 8 (three ±1) + 6 (one ±2) = 33; with "<" it would be 27.
  const { indices, nominal } = sphereVoxels(DIMS, AFFINE, [0, 0, 0], 4);
  assert.equal(indices.length, 33);
  assert.equal(nominal, 33);
  assert.ok(indices.includes(45 + 91 * (63 + 109 * 36)));
  assert.ok(indices.includes(43 + 91 * (63 + 109 * 36))); // 4 mm along x
});

test('a sphere partly outside the field of view: fewer indices than nominal', () => {
  // Centre on the last x voxel (i = 90, x = −90): half the sphere is beyond the grid.
  let lattice = 0, inside = 0;
  for (let a = -5; a <= 5; a++) for (let b = -5; b <= 5; b++) for (let c = -5; c <= 5; c++) {
    if (a * a + b * b + c * c <= 25) { lattice++; if (a <= 0) inside++; }
  }
  const { indices, nominal } = sphereVoxels(DIMS, AFFINE, [-90, 0, 0], 10);
  assert.equal(nominal, lattice);
  assert.equal(indices.length, inside);
  assert.ok(indices.length < nominal);
  for (const p of indices) assert.ok(p % 91 >= 85); // only i = 85…90
});

test('an affine that makes the sphere box astronomically large is refused, not looped over', () => {
  assert.throws(() => sphereVoxels([10, 10, 10], [0.01, 0, 0, 0, 0, 0.01, 0, 0, 0, 0, 0.01, 0, 0, 0, 0, 1], [0, 0, 0], 10),
    (e: unknown) => (e as { code?: string }).code === 'analysis.roi-geometry');
});
