import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromRows, get } from './matrix';
import { compositeMotion, framewiseDisplacement, motionDerivatives, rigidTransform } from './motion';

const close = (a: number, b: number, tol = 1e-12, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b}`);

test('framewiseDisplacement: 3 scans by hand (radius 50 mm)', () => {
  const m = fromRows([
    [0, 0, 0, 0, 0, 0],
    [0.1, -0.2, 0.3, 0.001, 0, -0.002],
    [0.1, 0, 0.3, 0.001, 0.004, -0.002],
  ]);
  const fd = framewiseDisplacement(m);
  assert.equal(fd[0], 0);
  close(fd[1], 0.1 + 0.2 + 0.3 + 50 * (0.001 + 0.002)); // 0.75
  close(fd[2], 0.2 + 50 * 0.004); // 0.4
  close(framewiseDisplacement(m, 80)[1], 0.6 + 80 * 0.003);
});

test('motionDerivatives: ramp gives a constant slope; quadratic gives central differences with replicated edges', () => {
  const m = fromRows([0, 1, 2, 3, 4].map((t) => [2 * t, t * t]));
  const d = motionDerivatives(m);
  // Ramp 2t: interior (m_{t+1} − m_{t−1})/2 = 2, edges (m_1 − m_0)/2 = 1 and (m_4 − m_3)/2 = 1.
  assert.deepEqual([0, 1, 2, 3, 4].map((t) => get(d, t, 0)), [1, 2, 2, 2, 1]);
  // t²: d_0 = (1 − 0)/2 = 0.5, d_t = ((t+1)² − (t−1)²)/2 = 2t, d_4 = (16 − 9)/2 = 3.5.
  assert.deepEqual([0, 1, 2, 3, 4].map((t) => get(d, t, 1)), [0.5, 2, 4, 6, 3.5]);
});

test('rigidTransform follows spm_matrix: translation part and a 90° yaw', () => {
  const A = rigidTransform([1, 2, 3, 0, 0, Math.PI / 2]);
  // spm_matrix Rz = [c s 0; −s c 0; 0 0 1] → the point (1, 0, 0) goes to (0, −1, 0) before translating.
  const p = [A[0] * 1 + A[3], A[4] * 1 + A[7], A[8] * 1 + A[11]];
  close(p[0], 1, 1e-15); close(p[1], 1, 1e-15); close(p[2], 3, 1e-15);
  const I = rigidTransform([0, 0, 0, 0, 0, 0]);
  assert.deepEqual(I, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  // Pitch 90°: Rx = [1 0 0; 0 c s; 0 −s c] sends (0, 1, 0) to (0, 0, −1).
  const B = rigidTransform([0, 0, 0, Math.PI / 2, 0, 0]);
  close(B[2 * 4 + 1], -1, 1e-15);
});

test('compositeMotion: a pure 1 mm translation moves every point by 1 mm', () => {
  const c = compositeMotion(fromRows([[0, 0, 0, 0, 0, 0], [0.6, 0, 0.8, 0, 0, 0], [0.6, 0, 0.8, 0, 0, 0]]));
  assert.equal(c[0], 0);
  close(c[1], 1);
  close(c[2], 0);
});

test('compositeMotion: a rotation about z by θ gives the largest chord 2·r·sin(θ/2), r = 110 mm for (0, −110, 15)', () => {
  const theta = 0.01;
  const c = compositeMotion(fromRows([[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, theta]]));
  close(c[1], 2 * 110 * Math.sin(theta / 2), 1e-12);
  // About x: the farthest point from the x axis is (0, −110, 15) with r = √(110² + 15²).
  const cx = compositeMotion(fromRows([[0, 0, 0, 0, 0, 0], [0, 0, 0, theta, 0, 0]]));
  close(cx[1], 2 * Math.hypot(110, 15) * Math.sin(theta / 2), 1e-12);
});
