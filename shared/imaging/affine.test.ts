import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  affineToQuaternion, affineVoxelSizes, applyAffine, identityAffine, invertAffine, isAxisAligned, multiplyAffine,
  quaternionToAffine,
} from './affine';

function assertClose(actual: readonly number[], expected: readonly number[], tol = 1e-9): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= tol, `[${i}] ${v} vs ${expected[i]}`));
}

// FSL MNI152 2 mm: x flipped, origin (90, -126, -72).
const FSL2 = [-2, 0, 0, 90, 0, 2, 0, -126, 0, 0, 2, -72, 0, 0, 0, 1];

test('applyAffine maps voxel indices to world mm', () => {
  assert.deepEqual(applyAffine(FSL2, [0, 0, 0]), [90, -126, -72]);
  // Voxel (45, 63, 36) is the MNI origin in FSL's 2 mm template.
  assert.deepEqual(applyAffine(FSL2, [45, 63, 36]), [0, 0, 0]);
  assert.deepEqual(applyAffine(FSL2, [90, 108, 90]), [-90, 90, 108]);
});

test('invertAffine: hand-computed inverse of a scaled, flipped, translated affine', () => {
  // x = -2i + 90 → i = (90 - x)/2 = -0.5x + 45; y = 2j - 126 → j = 0.5y + 63; z = 2k - 72 → k = 0.5z + 36.
  assertClose(invertAffine(FSL2), [-0.5, 0, 0, 45, 0, 0.5, 0, 63, 0, 0, 0.5, 36, 0, 0, 0, 1]);
  // A general affine: inverse · affine = identity.
  const general = [1, 2, 0, 5, 0, 1, 3, -2, 4, 0, 1, 7, 0, 0, 0, 1];
  assertClose(multiplyAffine(invertAffine(general), general), identityAffine(), 1e-12);
  assert.throws(() => invertAffine([1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]), /singular/);
});

test('multiplyAffine composes: (a·b) applied = a applied after b', () => {
  const shift = [1, 0, 0, 10, 0, 1, 0, 20, 0, 0, 1, 30, 0, 0, 0, 1];
  const scale = [2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1];
  // shift · scale: scale first then shift → (2i + 10, 3j + 20, 4k + 30).
  assert.deepEqual(applyAffine(multiplyAffine(shift, scale), [1, 1, 1]), [12, 23, 34]);
  // scale · shift: shift first then scale → (2(i+10), 3(j+20), 4(k+30)).
  assert.deepEqual(applyAffine(multiplyAffine(scale, shift), [1, 1, 1]), [22, 63, 124]);
});

test('quaternionToAffine: identity, 180° about y (Haxby header), and 90° about z with qfac −1', () => {
  assertClose(quaternionToAffine(0, 0, 0, [1, 2, 3], [2, 2, 2], 1), [2, 0, 0, 1, 0, 2, 0, 2, 0, 0, 2, 3, 0, 0, 0, 1]);
  // Haxby 25 mm: b=0 c=1 d=0 (a=0: 180° about y) → R = diag(-1, 1, -1); qfac −1 flips z back: diag(-25, 25, 25).
  assertClose(quaternionToAffine(0, 1, 0, [62.5, -112.5, -112.5], [25, 25, 25], -1),
    [-25, 0, 0, 62.5, 0, 25, 0, -112.5, 0, 0, 25, -112.5, 0, 0, 0, 1]);
  // 90° about z: a = cos45°, d = sin45° → R = [[0,-1,0],[1,0,0],[0,0,1]]; qfac −1 negates the third column.
  const s = Math.SQRT1_2;
  assertClose(quaternionToAffine(0, 0, s, [0, 0, 0], [1, 2, 3], -1),
    [0, -2, 0, 0, 1, 0, 0, 0, 0, 0, -3, 0, 0, 0, 0, 1], 1e-12);
  // Non-positive pixdim counts as 1 (nifti1_io).
  assertClose(quaternionToAffine(0, 0, 0, [0, 0, 0], [0, -1, 2], 0), [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
});

test('affineToQuaternion inverts quaternionToAffine, and refuses shear', () => {
  const cases: [number, number, number, number][] = [[0, 0, 0, 1], [0, 1, 0, -1], [0.1, -0.2, 0.3, 1], [0.6, 0.2, -0.5, -1], [0, 0, 1, 1]];
  for (const [b, c, d, qfac] of cases) {
    const m = quaternionToAffine(b, c, d, [5, -6, 7], [2, 3, 4], qfac);
    const q = affineToQuaternion(m);
    assert.ok(q, `quaternion for ${[b, c, d, qfac]}`);
    assert.equal(q.qfac, qfac);
    assertClose(q.pixdim, [2, 3, 4], 1e-12);
    assertClose(quaternionToAffine(q.b, q.c, q.d, q.qoffset, q.pixdim, q.qfac), m, 1e-12);
  }
  assert.equal(affineToQuaternion([2, 0.5, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]), null);
});

test('affineVoxelSizes and isAxisAligned', () => {
  assert.deepEqual(affineVoxelSizes(FSL2), [2, 2, 2]);
  assert.equal(isAxisAligned(FSL2), true);
  // Permuted axes (i → z, j → x, k → y) are still axis-aligned.
  assert.equal(isAxisAligned([0, 3, 0, 0, 0, 0, 3, 0, 3, 0, 0, 0, 0, 0, 0, 1]), true);
  const c = Math.cos(0.2), s = Math.sin(0.2);
  assert.equal(isAxisAligned([2 * c, -2 * s, 0, 0, 2 * s, 2 * c, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]), false);
  assertClose(affineVoxelSizes([2 * c, -3 * s, 0, 0, 2 * s, 3 * c, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1]), [2, 3, 4], 1e-12);
});
