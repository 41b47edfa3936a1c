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
