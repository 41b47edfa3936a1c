import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKrpError } from '../../../shared/errors';
import { correctSliceTiming, referenceTime } from './slice-timing';
import type { BoldTiming, Series } from './volume';

const TR = 2;
const FREQUENCY = 0.05; // Hz: 10 samples per period, well below Nyquist (0.25 Hz)

/** A 3×2×nz series where every voxel of slice s samples sin(2πf·(t_s + n·TR) + phase(voxel)). */
function sinusoidSeries(times: number[], axis: 0 | 1 | 2, volumes = 100): Series {
  const dims: [number, number, number] = [3, 2, 2];
  dims[axis] = times.length;
  const [nx, ny, nz] = dims;
  const data = Array.from({ length: volumes }, () => new Float32Array(nx * ny * nz));
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const slice = [i, j, k][axis];
    const v = i + nx * (j + ny * k);
    for (let n = 0; n < volumes; n++) data[n][v] = 100 + 10 * Math.sin(2 * Math.PI * FREQUENCY * (times[slice] + n * TR) + 0.3 * v);
  }
  return { dims, affine: [3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1], volumes: data, tr: TR };
}

/** Largest error against the sinusoid sampled at the reference time, away from the padded ends. */
function worstError(series: Series, reference: number, margin = 15): number {
  const [nx, ny, nz] = series.dims;
  let worst = 0;
  for (let v = 0; v < nx * ny * nz; v++) {
    for (let n = margin; n < series.volumes.length - margin; n++) {
      const expected = 100 + 10 * Math.sin(2 * Math.PI * FREQUENCY * (reference + n * TR) + 0.3 * v);
      worst = Math.max(worst, Math.abs(series.volumes[n][v] - expected));
    }
  }
  return worst;
}

function timing(times: number[]): BoldTiming {
  return { repetitionTime: TR, sliceTiming: times, phaseEncodingDirection: 'j-' };
}

test('an interleaved sinusoid is shifted to the middle slice in time (known phase recovered)', () => {
  const times = [0, 1, 0.25, 1.25, 0.5, 1.5, 0.75, 1.75];
  const series = sinusoidSeries(times, 2);
  const reference = referenceTime(times);
  assert.equal(reference, 0.75); // distinct times 0…1.75 in steps of 0.25: the 4th of 8
  const before = worstError(series, reference);
  assert.ok(before > 1, `uncorrected slices are off the reference by up to ${before}`);
  const corrected = correctSliceTiming(series, timing(times));
  const after = worstError(corrected, reference);
  assert.ok(after < 0.05, `corrected error ${after}`);
  assert.notEqual(corrected.volumes[0], series.volumes[0], 'the input is not changed in place');
});

test('multiband slices with equal times get equal shifts; a numbered reference slice is honoured', () => {
  const times = [0, 0.9, 0.45, 0, 0.9, 0.45];
  const series = sinusoidSeries(times, 2);
  const corrected = correctSliceTiming(series, timing(times), { referenceSlice: 1 });
  assert.ok(worstError(corrected, 0.9) < 0.05);
  const middle = correctSliceTiming(series, timing(times));
  assert.ok(worstError(middle, 0.45) < 0.05);
});

test('the slice axis follows SliceEncodingDirection, reversed order included', () => {
  const times = [0, 0.5, 1, 1.5];
  const alongI = sinusoidSeries(times, 0);
  assert.ok(worstError(correctSliceTiming(alongI, timing(times), { sliceEncodingDirection: 'i', referenceSlice: 0 }), 0) < 0.05);
  // 'k-': SliceTiming lists slices from the last k to the first.
  const alongK = sinusoidSeries([...times].reverse(), 2);
  assert.ok(worstError(correctSliceTiming(alongK, timing(times), { sliceEncodingDirection: 'k-', referenceSlice: 0 }), 0) < 0.05);
});

test('missing or misfitting SliceTiming is refused with a specific code', () => {
  const series = sinusoidSeries([0, 0.5, 1], 2, 10);
  const code = (fn: () => unknown) => { try { fn(); return 'none'; } catch (e) { return isKrpError(e) ? e.code : 'other'; } };
  assert.equal(code(() => correctSliceTiming(series, { ...timing([0, 1]), sliceTiming: null })), 'preprocess.slice-timing-missing');
  assert.equal(code(() => correctSliceTiming(series, timing([0, 1]))), 'preprocess.slice-timing-invalid');
  assert.equal(code(() => correctSliceTiming(series, timing([0, 1, 2.5]))), 'preprocess.slice-timing-invalid');
  assert.equal(code(() => correctSliceTiming(series, timing([0, 0.5, 1]), { referenceSlice: 3 })), 'preprocess.slice-timing-invalid');
  assert.equal(code(() => correctSliceTiming(series, timing([0, 0.5, 1]), { sliceEncodingDirection: 'z' })), 'preprocess.slice-timing-invalid');
  const controller = new AbortController();
  controller.abort();
  assert.equal(code(() => correctSliceTiming(series, timing([0, 0.5, 1]), { signal: controller.signal })), 'analysis.cancelled');
});
