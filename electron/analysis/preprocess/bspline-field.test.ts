import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bsplineFromParameterMap, bsplineWarp, deformationOnGrid } from './bspline-field';
import { samplePositions, samplePositionsThroughField } from './resample';

/** An elastix-style parameter map of a 8×8×8 control grid, 10 mm apart, LPS origin (−35, −35, −35). */
function map(coefficient: (axis: number, i: number, j: number, k: number) => number): Record<string, string[]> {
  const values: string[] = [];
  for (let axis = 0; axis < 3; axis++) for (let k = 0; k < 8; k++) for (let j = 0; j < 8; j++) for (let i = 0; i < 8; i++) values.push(String(coefficient(axis, i, j, k)));
  return {
    Transform: ['BSplineTransform'], BSplineTransformSplineOrder: ['3'], GridSize: ['8', '8', '8'], GridIndex: ['0', '0', '0'],
    GridSpacing: ['10', '10', '10'], GridOrigin: ['-35', '-35', '-35'], GridDirection: ['1', '0', '0', '0', '1', '0', '0', '0', '1'],
    TransformParameters: values,
  };
}

test('equal coefficients move every point inside the grid by that vector (B-spline partition of unity), flipped from LPS to RAS', () => {
  const warp = bsplineWarp(bsplineFromParameterMap(map((axis) => [1.5, -2, 0.5][axis])));
  const out = [0, 0, 0];
  for (const p of [[0, 0, 0], [3.3, -7.1, 9.9], [-4, 6, -2]]) {
    warp(p, out);
    // LPS displacement (1.5, −2, 0.5) is RAS (−1.5, 2, 0.5).
    assert.deepEqual(out.map((v, a) => Math.round((v - p[a]) * 1e9) / 1e9), [-1.5, 2, 0.5]);
  }
  // Outside the grid's support (more than 15 mm from the centre on an axis here): not moved.
  warp([40, 0, 0], out);
  assert.deepEqual(out, [40, 0, 0]);
});

test('a single coefficient gives the cubic B-spline weights: 2/3 at its control point, 1/6 one spacing away, 0 two away', () => {
  // Control point (4, 4, 4) lies at LPS (5, 5, 5) = RAS (−5, −5, 5).
  const warp = bsplineWarp(bsplineFromParameterMap(map((axis, i, j, k) => (axis === 2 && i === 4 && j === 4 && k === 4 ? 6 : 0))));
  const out = [0, 0, 0];
  const dz = (p: number[]) => { warp(p, out); return out[2] - p[2]; };
  assert.ok(Math.abs(dz([-5, -5, 5]) - 6 * (2 / 3) ** 3) < 1e-9);
  assert.ok(Math.abs(dz([-15, -5, 5]) - 6 * (1 / 6) * (2 / 3) ** 2) < 1e-9);
  assert.ok(Math.abs(dz([-25, -5, 5])) < 1e-12);
  // Halfway between control points: β³(0.5) = 23/48.
  assert.ok(Math.abs(dz([-10, -5, 5]) - 6 * (23 / 48) * (2 / 3) ** 2) < 1e-9);
});

test('through a zero field, positions equal the affine sample positions; a bad map is refused', () => {
  const field = bsplineFromParameterMap(map(() => 0));
  const grid = { dims: [6, 5, 4] as [number, number, number], affine: [2, 0, 0, -5, 0, 2, 0, -4, 0, 0, 2, -3, 0, 0, 0, 1] };
  const source = { dims: [10, 10, 10] as [number, number, number], affine: [3, 0, 0, -12, 0, 3, 0, -12, 0, 0, 3, -12, 0, 0, 0, 1] };
  const after = [1, 0, 0, 1, 0, 1, 0, -2, 0, 0, 1, 0.5, 0, 0, 0, 1];
  const deformed = deformationOnGrid(field, grid);
  assert.equal(deformed.maxMm, 0);
  const a = samplePositionsThroughField(grid, source, deformed.positions, after).positions;
  const b = samplePositions(grid, source, after).positions;
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-5);
  assert.throws(() => bsplineFromParameterMap({ ...map(() => 0), TransformParameters: ['1', '2'] }), { code: 'registration.failed' });
  assert.throws(() => bsplineFromParameterMap({ ...map(() => 0), Transform: ['AffineTransform'] }), { code: 'registration.failed' });
  assert.throws(() => bsplineFromParameterMap({ ...map(() => 0), GridSize: ['100000', '100000', '100000'] }), { code: 'registration.failed' });
});
