/**
 * Slice-timing correction as SPM's spm_slice_timing does it: each slice's time series is shifted
 * by a Fourier phase shift to the time of a reference slice (by default the middle slice in time),
 * after padding it to a power of two with a linear ramp from its last sample back to its first so
 * the periodic FFT sees no jump. Multiband acquisitions (several slices at the same time) need no
 * special case: slices acquired together get the same shift.
 */
import { KrpError } from '../../../shared/errors';
import { fft } from '../../../shared/imaging/fft';
import { cancelledError } from '../nifti/byte-source';
import type { BoldTiming, Series } from './volume';

export interface SliceTimingOptions {
  /** 'middle' (default): the middle acquisition time; a number: that slice's time (0-based index). */
  referenceSlice?: 'middle' | number;
  /** BIDS SliceEncodingDirection of the sidecar ('i', 'j', 'k', or reversed 'k-'…); default 'k'. */
  sliceEncodingDirection?: string;
  signal?: AbortSignal;
}

/** The reference time: the middle of the distinct acquisition times (SPM/CONN "middle slice in time"). */
export function referenceTime(sliceTiming: readonly number[], referenceSlice: 'middle' | number = 'middle'): number {
  if (typeof referenceSlice === 'number') {
    if (!Number.isInteger(referenceSlice) || referenceSlice < 0 || referenceSlice >= sliceTiming.length) {
      throw new KrpError('preprocess.slice-timing-invalid', `Reference slice ${referenceSlice} does not exist: the series has ${sliceTiming.length} slices (0-based).`, { referenceSlice });
    }
    return sliceTiming[referenceSlice];
  }
  const times = [...new Set(sliceTiming)].sort((a, b) => a - b);
  return times[Math.floor((times.length - 1) / 2)];
}

function sliceAxis(direction: string | undefined): { axis: 0 | 1 | 2; reversed: boolean } {
  const d = (direction ?? 'k').trim();
  const axis = ({ i: 0, j: 1, k: 2 } as const)[d[0] as 'i' | 'j' | 'k'];
  if (axis === undefined || (d.length > 1 && d !== d[0] + '-')) {
    throw new KrpError('preprocess.slice-timing-invalid', `SliceEncodingDirection "${d}" is not one of i, j, k (optionally followed by -).`, { direction: d });
  }
  return { axis, reversed: d.endsWith('-') };
}

/** Per padded frequency, the complex factor that shifts a series later by `shift` samples. */
function shiftFactors(length: number, shift: number): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(length);
  const im = new Float64Array(length);
  for (let k = 0; k < length; k++) {
    const frequency = k <= length / 2 ? k : k - length;
    const angle = (2 * Math.PI * frequency * shift) / length;
    re[k] = Math.cos(angle);
    im[k] = Math.sin(angle);
  }
  // The Nyquist term of an even length must stay real for real input: keep its cosine only.
  if (length % 2 === 0) im[length / 2] = 0;
  return { re, im };
}

/**
 * A new Series whose every slice is resampled to the reference time. Throws when the timing is
 * absent or does not fit the series (one time per slice along the slice axis, each within the TR).
 */
export function correctSliceTiming(series: Series, timing: BoldTiming, options: SliceTimingOptions = {}): Series {
  const times = timing.sliceTiming;
  const { axis, reversed } = sliceAxis(options.sliceEncodingDirection);
  const [nx, ny, nz] = series.dims;
  const slices = series.dims[axis];
  const tr = timing.repetitionTime;
  if (!times) throw new KrpError('preprocess.slice-timing-missing', 'The series has no slice acquisition times (SliceTiming), so slice-timing correction cannot run. Turn it off for this series.');
  if (!(tr > 0) || times.length !== slices || !times.every((t) => Number.isFinite(t) && t >= 0 && t <= tr)) {
    throw new KrpError('preprocess.slice-timing-invalid',
      `SliceTiming has ${times.length} times for ${slices} slices (TR ${tr} s); each slice needs one time between 0 and the TR.`,
      { times: times.length, slices });
  }
  const nt = series.volumes.length;
  const out = series.volumes.map((v) => new Float32Array(v));
  const reference = referenceTime(times, options.referenceSlice);
  if (nt < 2) return { ...series, volumes: out };
  const padded = 2 ** (Math.floor(Math.log2(nt)) + 1);
  const re = new Float64Array(padded);
  const im = new Float64Array(padded);
  const strides = [1, nx, nx * ny];
  const plane: [number, number][] = axis === 0 ? [[ny, nx], [nz, nx * ny]] : axis === 1 ? [[nx, 1], [nz, nx * ny]] : [[nx, 1], [ny, nx]];
  const planeVoxels = plane[0][0] * plane[1][0];
  const offsets = new Int32Array(planeVoxels);
  for (let b = 0, n = 0; b < plane[1][0]; b++) for (let a = 0; a < plane[0][0]; a++) offsets[n++] = a * plane[0][1] + b * plane[1][1];

  const fill = (target: Float64Array, base: number) => {
    for (let t = 0; t < nt; t++) target[t] = series.volumes[t][base];
    const first = target[0];
    const last = target[nt - 1];
    const gap = padded - nt + 1;
    for (let t = nt; t < padded; t++) target[t] = last + ((first - last) * (t - nt + 1)) / gap;
  };

  for (let s = 0; s < slices; s++) {
    if (options.signal?.aborted) throw cancelledError();
    const time = times[reversed ? slices - 1 - s : s];
    const shift = (reference - time) / tr; // in samples: the value at t_ref + n·TR is x(n + shift)
    if (Math.abs(shift) < 1e-12) continue;
    const factors = shiftFactors(padded, shift);
    const sliceBase = s * strides[axis];
    // Two real voxels ride in one complex FFT (x + i·y); the factors are conjugate-symmetric.
    for (let n = 0; n < planeVoxels; n += 2) {
      const a = sliceBase + offsets[n];
      const b = n + 1 < planeVoxels ? sliceBase + offsets[n + 1] : -1;
      fill(re, a);
      if (b >= 0) fill(im, b); else im.fill(0);
      fft(re, im);
      for (let k = 0; k < padded; k++) {
        const xr = re[k], xi = im[k];
        re[k] = xr * factors.re[k] - xi * factors.im[k];
        im[k] = xr * factors.im[k] + xi * factors.re[k];
      }
      fft(re, im, true);
      for (let t = 0; t < nt; t++) {
        out[t][a] = re[t] / padded;
        if (b >= 0) out[t][b] = im[t] / padded;
      }
    }
  }
  return { ...series, volumes: out };
}
