import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyAffine, invertAffine } from '../../../shared/imaging/affine';
import { isKrpError } from '../../../shared/errors';
import { convertDicomSeries } from './convert-dicom';
import { BOLD_SERIES, SKIP_MESSAGE, xa30Dir, xa30Files } from './dicom-test-data';
import { realignedMean, realignSeries } from './realign';
import { rigidMatrix, rigidParameters } from './realign-rigid';
import { seriesWithPlantedMotion } from './realign-test-support';
import type { RigidParameters } from './volume';

const DEG = 180 / Math.PI;

test('rigidMatrix and rigidParameters are inverse (SPM spm_matrix / spm_imatrix)', () => {
  const p: RigidParameters = [1.5, -2, 0.7, 0.05, -0.03, 0.08];
  const back = rigidParameters(rigidMatrix(p));
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(back[i] - p[i]) < 1e-12, `parameter ${i}`);
  // SPM's pitch: a positive rotation about x takes +y towards −z (R1 = [1 0 0; 0 c s; 0 −s c]).
  const turned = applyAffine(rigidMatrix([0, 0, 0, Math.PI / 2, 0, 0]), [0, 1, 0]);
  assert.ok(Math.abs(turned[2] + 1) < 1e-12 && Math.abs(turned[1]) < 1e-12);
});

test('realignment recovers planted rigid motion on a run built from the real Siemens volume (≤ 0.1 mm, ≤ 0.1°)', async (t) => {
  if (!xa30Dir()) { t.skip(SKIP_MESSAGE); return; }
  const { volume } = await convertDicomSeries(xa30Files(BOLD_SERIES));
  const { series, truth } = seriesWithPlantedMotion(volume, 10);
  const fractions: number[] = [];
  const result = realignSeries(series, { onProgress: (f) => fractions.push(f) });
  let mm = 0, degrees = 0, worstMm = 0;
  for (let v = 0; v < truth.length; v++) {
    for (let i = 0; i < 3; i++) {
      const e = Math.abs(result.parameters[v][i] - truth[v][i]);
      mm += e / (3 * truth.length);
      worstMm = Math.max(worstMm, e);
      degrees += (Math.abs(result.parameters[v][i + 3] - truth[v][i + 3]) * DEG) / (3 * truth.length);
    }
  }
  t.diagnostic(`mean error ${mm.toFixed(4)} mm, ${degrees.toFixed(4)}°; worst ${worstMm.toFixed(3)} mm`);
  assert.ok(mm <= 0.1, `mean translation error ${mm} mm`);
  assert.ok(degrees <= 0.1, `mean rotation error ${degrees}°`);
  // The planted motion was large enough to matter.
  assert.ok(truth.some((p) => Math.abs(p[0]) > 0.5));
  // toVolume is the inverse of rigidMatrix(rp): a reference point maps to the same tissue in the volume.
  const last = truth.length - 1;
  const expected = applyAffine(invertAffine(rigidMatrix(truth[last])), [10, -20, 30]);
  const found = applyAffine(result.toVolume[last], [10, -20, 30]);
  assert.ok(Math.hypot(found[0] - expected[0], found[1] - expected[1], found[2] - expected[2]) < 0.3);
  assert.deepEqual(result.parameters[0], [0, 0, 0, 0, 0, 0]);
  assert.equal(fractions.at(-1), 1);
  // The mean is the volumes resampled through the estimated maps: equal to the mean through the true maps.
  const truthMean = realignedMean(series, truth.map((p) => invertAffine(rigidMatrix(p))));
  let worst = 0, n = 0;
  const [nx, ny, nz] = volume.dims;
  const interior = (i: number) => {
    const x = i % nx, y = Math.floor(i / nx) % ny, z = Math.floor(i / (nx * ny));
    return Math.min(x, y, z, nx - 1 - x, ny - 1 - y, nz - 1 - z) >= 3; // the planted motion zero-fills the edges
  };
  for (let i = 0; i < truthMean.length; i++) {
    if (interior(i) && volume.data[i] > 200 && truthMean[i] > 0) { worst = Math.max(worst, Math.abs(result.mean.data[i] - truthMean[i]) / truthMean[i]); n++; }
  }
  assert.ok(n > 1000 && worst < 0.05, `realigned mean differs from the true-motion mean by up to ${(100 * worst).toFixed(2)}%`);
});

test('without motion every map is the identity and the mean is the voxelwise mean', () => {
  const dims: [number, number, number] = [12, 12, 10];
  const base = new Float32Array(12 * 12 * 10);
  for (let k = 0; k < 10; k++) for (let j = 0; j < 12; j++) for (let i = 0; i < 12; i++) {
    base[i + 12 * (j + 12 * k)] = 1000 * Math.exp(-((i - 5.5) ** 2 + (j - 6) ** 2 + (k - 4.5) ** 2) / 12);
  }
  const volumes = [1, 1.02, 0.98].map((scale) => base.map((v) => v * scale));
  const result = realignSeries({ dims, affine: [3, 0, 0, -18, 0, 3, 0, -18, 0, 0, 3, -15, 0, 0, 0, 1], volumes, tr: 2 });
  for (const p of result.parameters) for (const value of p) assert.ok(Math.abs(value) < 1e-3, `parameter ${value}`);
  for (let i = 0; i < base.length; i += 37) assert.ok(Math.abs(result.mean.data[i] - base[i]) < 1e-2 * Math.max(1, base[i]));
});

test('realignment refuses a blank series and honours cancel', () => {
  const blank = { dims: [8, 8, 8] as [number, number, number], affine: [3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1], volumes: [new Float32Array(512), new Float32Array(512)], tr: 2 };
  assert.throws(() => realignSeries(blank), (e) => isKrpError(e) && e.code === 'preprocess.realign-failed');
  const controller = new AbortController();
  controller.abort();
  assert.throws(() => realignSeries(blank, { signal: controller.signal }), (e) => isKrpError(e) && e.code === 'analysis.cancelled');
});
