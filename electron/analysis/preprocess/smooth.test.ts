import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SIGMA_TO_FWHM, smoothVolume } from './smooth';

/** FWHM (mm) along one axis through the centre, from the second moment of the smoothed delta. */
function measuredFwhm(data: Float32Array, dims: [number, number, number], centre: number[], axis: number, voxelMm: number): number {
  let sum = 0;
  let second = 0;
  for (let i = 0; i < dims[axis]; i++) {
    const p = [...centre];
    p[axis] = i;
    const v = data[p[0] + dims[0] * (p[1] + dims[1] * p[2])];
    sum += v;
    second += v * (i - centre[axis]) ** 2;
  }
  return Math.sqrt(second / sum) * voxelMm * SIGMA_TO_FWHM;
}

test('an 8 mm kernel on a delta gives 8 mm FWHM (within 5 %) along each axis, on anisotropic voxels', () => {
  const dims: [number, number, number] = [41, 45, 37];
  const sizes = [2, 2.5, 3];
  const affine = [sizes[0], 0, 0, 0, 0, sizes[1], 0, 0, 0, 0, sizes[2], 0, 0, 0, 0, 1];
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  const centre = [20, 22, 18];
  data[centre[0] + dims[0] * (centre[1] + dims[1] * centre[2])] = 1000;
  const out = smoothVolume(data, dims, affine, 8);
  let total = 0;
  for (const v of out) total += v;
  assert.ok(Math.abs(total - 1000) < 0.01, `mass ${total}`);
  for (let axis = 0; axis < 3; axis++) {
    const fwhm = measuredFwhm(out, dims, centre, axis, sizes[axis]);
    assert.ok(Math.abs(fwhm - 8) / 8 < 0.05, `axis ${axis}: FWHM ${fwhm.toFixed(3)} mm`);
  }
});

test('a constant image stays constant up to the edges, and 0 mm leaves the image as it is', () => {
  const dims: [number, number, number] = [10, 12, 8];
  const affine = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
  const data = new Float32Array(10 * 12 * 8).fill(5);
  for (const v of smoothVolume(data, dims, affine, 8)) assert.ok(Math.abs(v - 5) < 1e-4);
  data[3] = 9;
  assert.deepEqual(smoothVolume(data, dims, affine, 0), data);
});

test('a negative or non-numeric width is refused with a coded error', () => {
  const dims: [number, number, number] = [2, 2, 2];
  assert.throws(() => smoothVolume(new Float32Array(8), dims, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], -1), { code: 'preprocess.smoothing-invalid' });
});

test('an impulse away from the edges gives the hand-derived separable kernel sum (2 mm voxels, 8 mm FWHM)', () => {
  // σ = 8 mm / (2√(2 ln 2)) = 3.3973 mm = 1.6986 voxels; per axis g(i) = exp(−i²/2σ²) for |i| ≤ ⌈4σ⌉ = 7,
  // normalised to sum 1; the 3D response at offset (a, b, c) is g(a)g(b)g(c) / (Σg)³.
  const sigma = 8 / (2 * Math.sqrt(2 * Math.LN2)) / 2;
  assert.ok(Math.abs(sigma - 1.69864) < 1e-5);
  let sum = 0;
  for (let i = -7; i <= 7; i++) sum += Math.exp(-(i * i) / (2 * sigma * sigma));
  assert.ok(Math.abs(sum - sigma * Math.sqrt(2 * Math.PI)) < 1e-4, 'the truncated sum is the Gaussian integral (σ√(2π) = 4.25787) to 1e-4');
  const g = (i: number) => (Math.abs(i) > 7 ? 0 : Math.exp(-(i * i) / (2 * sigma * sigma)) / sum);
  const dims: [number, number, number] = [21, 21, 21];
  const affine = [2, 0, 0, -20, 0, 2, 0, -20, 0, 0, 2, -20, 0, 0, 0, 1];
  const data = new Float32Array(21 ** 3);
  const c = 10;
  data[c + 21 * (c + 21 * c)] = 1;
  const out = smoothVolume(data, dims, affine, 8);
  for (const [a, b, d] of [[0, 0, 0], [1, 0, 0], [0, 2, 0], [0, 0, 3], [1, -2, 3], [7, 0, 0], [-7, 7, -7], [8, 0, 0]]) {
    const expected = g(a) * g(b) * g(d);
    const value = out[c + a + 21 * (c + b + 21 * (c + d))];
    assert.ok(Math.abs(value - expected) < 1e-7 + 1e-5 * expected, `offset ${a},${b},${d}: ${value} vs ${expected}`);
  }
  assert.ok(Math.abs(out[c + 21 * (c + 21 * c)] - 0.0129549) < 1e-6, 'centre = 1 / (Σg)³ = 1 / 4.25784³');
});
