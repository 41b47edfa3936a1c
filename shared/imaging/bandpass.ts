/**
 * CONN's temporal band-pass (conn_filter, "RegBP" order: applied to the regression residuals),
 * in two exactly equal forms:
 *  - `connBandpass`: CONN's algorithm literally (mirror, FFT, zero out-of-band bins, inverse FFT);
 *  - `bandpassBasis`: the orthonormal DCT-II vectors it keeps, so the filter is B Bᵀ x.
 * Frequencies in Hz, TR in seconds.
 */
import { KrpError } from '../errors';
import type { BandPass } from './analysis-types';
import { fft } from './fft';
import { zeros, type Matrix } from './matrix';

function checkBand(trSeconds: number, band: BandPass): void {
  if (!(trSeconds > 0) || !Number.isFinite(trSeconds)) {
    throw new KrpError('analysis.bad-tr', `The repetition time (TR) must be a positive number of seconds; got ${trSeconds}. Set the TR override in the analysis settings.`, { trSeconds: String(trSeconds) });
  }
  if (!(band.lowHz >= 0) || !(band.highHz > band.lowHz) || !Number.isFinite(band.lowHz)) {
    throw new KrpError('analysis.bad-band', `The band-pass must satisfy 0 ≤ low < high (Hz); got ${band.lowHz}–${band.highHz} Hz. Use e.g. 0.008–0.09 Hz (the CONN default).`, { lowHz: band.lowHz, highHz: band.highHz });
  }
}

/** True when index k (DCT index, or folded FFT bin min(k, 2N−k)) of a length-N series is kept. */
function inBand(f: number, n: number, trSeconds: number, band: BandPass): boolean {
  const scale = trSeconds * 2 * n;
  return f >= band.lowHz * scale && f < band.highHz * scale;
}

/**
 * CONN's ideal band-pass of one series (length N, sampled every `trSeconds`): mirror to
 * [x; reversed x] (length 2N), FFT, zero every bin whose folded index f = min(k, 2N−k) is outside
 * low·TR·2N ≤ f < high·TR·2N, inverse FFT, keep the real part of the first N samples.
 */
export function connBandpass(x: ArrayLike<number>, trSeconds: number, band: BandPass): Float64Array {
  checkBand(trSeconds, band);
  const n = x.length;
  const m = 2 * n;
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  for (let t = 0; t < n; t++) { re[t] = x[t]; re[m - 1 - t] = x[t]; }
  fft(re, im, false);
  for (let k = 0; k < m; k++) {
    if (!inBand(Math.min(k, m - k), n, trSeconds, band)) { re[k] = 0; im[k] = 0; }
  }
  fft(re, im, true);
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = re[t] / m;
  return out;
}

export interface BandpassBasis {
  /** n × K; column j is the orthonormal DCT-II vector of index kept[j]. */
  basis: Matrix;
  /** The DCT indices k (0…n−1) in the band, ascending. */
  kept: number[];
}

/** The orthonormal DCT-II vector of index k for length n: √(1/n) for k = 0, else √(2/n)·cos(πk(2t+1)/(2n)). */
export function dctVector(n: number, k: number): Float64Array {
  const v = new Float64Array(n);
  const a = k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
  for (let t = 0; t < n; t++) v[t] = a * Math.cos((Math.PI * k * (2 * t + 1)) / (2 * n));
  return v;
}

/** DCT-II basis of given indices as an n × indices.length matrix. */
export function dctBasis(n: number, indices: readonly number[]): Matrix {
  const B = zeros(n, indices.length);
  indices.forEach((k, j) => {
    const v = dctVector(n, k);
    for (let t = 0; t < n; t++) B.data[t * indices.length + j] = v[t];
  });
  return B;
}

/**
 * The DCT-II vectors kept by CONN's filter: index k (0…n−1) with low·TR·2n ≤ k < high·TR·2n.
 * Because the mirrored series is the half-sample-symmetric extension, connBandpass(x) = B Bᵀ x.
 */
export function bandpassBasis(n: number, trSeconds: number, band: BandPass): BandpassBasis {
  checkBand(trSeconds, band);
  const kept: number[] = [];
  for (let k = 0; k < n; k++) if (inBand(k, n, trSeconds, band)) kept.push(k);
  return { basis: dctBasis(n, kept), kept };
}

/** The DCT indices outside the band (the complement of bandpassBasis(...).kept). */
export function bandStopIndices(n: number, trSeconds: number, band: BandPass): number[] {
  checkBand(trSeconds, band);
  const out: number[] = [];
  for (let k = 0; k < n; k++) if (!inBand(k, n, trSeconds, band)) out.push(k);
  return out;
}

/** True when the upper edge (Hz) is above the Nyquist frequency 1/(2·TR): the filter then keeps everything up to Nyquist (a QC warning, not a failure). */
export function bandEdgeAboveNyquist(trSeconds: number, band: BandPass): boolean {
  return band.highHz > 1 / (2 * trSeconds);
}
