/**
 * A small complex FFT for any length: iterative radix-2 for powers of two, Bluestein's chirp-z
 * for the rest. Used by the literal CONN band-pass (`connBandpass`). In place on (re, im).
 */

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

function radix2(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]; re[i] = re[j]; re[j] = t;
      t = im[i]; im[i] = im[j]; im[j] = t;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (sign * 2 * Math.PI) / len;
    const half = len >> 1;
    for (let k = 0; k < half; k++) {
      const wr = Math.cos(ang * k);
      const wi = Math.sin(ang * k);
      for (let i = k; i < n; i += len) {
        const j = i + half;
        const xr = re[j] * wr - im[j] * wi;
        const xi = re[j] * wi + im[j] * wr;
        re[j] = re[i] - xr; im[j] = im[i] - xi;
        re[i] += xr; im[i] += xi;
      }
    }
  }
}

function bluestein(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const sign = inverse ? 1 : -1;
  // Chirp w_k = exp(sign·iπk²/n); k² mod 2n keeps the angle exact for large k.
  const cr = new Float64Array(n);
  const ci = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const a = (sign * Math.PI * ((k * k) % (2 * n))) / n;
    cr[k] = Math.cos(a); ci[k] = Math.sin(a);
  }
  const ar = new Float64Array(m), ai = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    ar[k] = re[k] * cr[k] - im[k] * ci[k];
    ai[k] = re[k] * ci[k] + im[k] * cr[k];
  }
  const br = new Float64Array(m), bi = new Float64Array(m);
  br[0] = cr[0]; bi[0] = -ci[0];
  for (let k = 1; k < n; k++) {
    br[k] = br[m - k] = cr[k];
    bi[k] = bi[m - k] = -ci[k];
  }
  radix2(ar, ai, false);
  radix2(br, bi, false);
  for (let k = 0; k < m; k++) {
    const r = ar[k] * br[k] - ai[k] * bi[k];
    ai[k] = ar[k] * bi[k] + ai[k] * br[k];
    ar[k] = r;
  }
  radix2(ar, ai, true);
  for (let k = 0; k < n; k++) {
    const xr = ar[k] / m, xi = ai[k] / m;
    re[k] = xr * cr[k] - xi * ci[k];
    im[k] = xr * ci[k] + xi * cr[k];
  }
}

/**
 * In-place discrete Fourier transform X_k = Σ x_t e^{−2πikt/n} (forward) or its unnormalised
 * inverse Σ X_k e^{+2πikt/n} (divide by n yourself), for any n ≥ 1.
 */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  if (re.length !== im.length) throw new Error('fft: re and im differ in length');
  if (re.length <= 1) return;
  if (isPowerOfTwo(re.length)) radix2(re, im, inverse);
  else bluestein(re, im, inverse);
}
