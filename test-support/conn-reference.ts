/**
 * An independent, deliberately simple CONN-style computation of the mPFC–precuneus Fisher z, for
 * agreement tests (electron/analysis/conn-agreement.test.ts). Written apart from the engine and
 * sharing none of its code: plain loops, float64, the steps of CONN 17's default denoising in its
 * order — Denoising.regbp = 1 ("RegBP: regression followed by band-pass", CONN's default; the
 * alternative 2 is simultaneous regression and band-pass):
 *   1. ROI means: the mean series of every voxel whose centre is within the sphere and whose series
 *      is finite and not constant;
 *   2. aCompCor per noise tissue (WM, CSF masks given): voxel series linearly detrended, their
 *      mean, and the first k−1 principal components of the series with that mean projected out
 *      (power iteration with deflation on the N×N cross-product);
 *   3. confound regression (OLS, Gram–Schmidt) on: constant, linear trend, 6 motion parameters and
 *      their first derivatives (central differences, edges one-sided halves), aCompCor, one
 *      one-hot column per outlier scan;
 *   4. CONN's band-pass (conn_filter): mirror to 2N, DFT, zero the bins whose folded index lies
 *      outside [low·TR·2N, high·TR·2N), inverse DFT, first N samples (naive O(N²) DFT);
 *   5. Pearson r of the two cleaned ROI means, z = atanh(r).
 */

export interface ConnReferenceInput {
  /** Voxel values, x fastest, then y, z, t. */
  data: ArrayLike<number>;
  dims: readonly [number, number, number, number];
  /** Row-major 4×4 voxel → MNI mm. */
  affine: readonly number[];
  trSeconds: number;
  rois: { centreMm: readonly [number, number, number]; radiusMm: number }[];
  /** Noise-tissue masks on the grid (1 = in), already thresholded and eroded; empty for no aCompCor. */
  noiseMasks: Uint8Array[];
  components: number;
  /** N × 6 (mm, rad) row-major, or null. */
  motion: Float64Array | null;
  outlierScans: readonly number[];
  band: { lowHz: number; highHz: number };
}

function voxelSeries(input: ConnReferenceInput, v: number): Float64Array | null {
  const [nx, ny, nz, n] = input.dims;
  const s = new Float64Array(n);
  let lo = Infinity, hi = -Infinity;
  for (let t = 0; t < n; t++) {
    const x = Number(input.data[t * nx * ny * nz + v]);
    if (!Number.isFinite(x)) return null;
    s[t] = x;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return hi > lo ? s : null;
}

function roiMean(input: ConnReferenceInput, roi: ConnReferenceInput['rois'][number]): Float64Array {
  const [nx, ny, nz, n] = input.dims;
  const a = input.affine;
  const mean = new Float64Array(n);
  let count = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const x = a[0] * i + a[1] * j + a[2] * k + a[3];
    const y = a[4] * i + a[5] * j + a[6] * k + a[7];
    const z = a[8] * i + a[9] * j + a[10] * k + a[11];
    const d2 = (x - roi.centreMm[0]) ** 2 + (y - roi.centreMm[1]) ** 2 + (z - roi.centreMm[2]) ** 2;
    if (d2 > roi.radiusMm ** 2) continue;
    const s = voxelSeries(input, i + nx * (j + ny * k));
    if (s === null) continue;
    for (let t = 0; t < n; t++) mean[t] += s[t];
    count++;
  }
  if (count === 0) throw new Error('conn-reference: empty ROI');
  for (let t = 0; t < n; t++) mean[t] /= count;
  return mean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Mean + (k−1) principal components of one tissue's detrended voxel series. */
function acompcor(input: ConnReferenceInput, mask: Uint8Array): Float64Array[] {
  const n = input.dims[3];
  const voxels: Float64Array[] = [];
  for (let v = 0; v < mask.length; v++) {
    if (!mask[v]) continue;
    const s = voxelSeries(input, v);
    if (s === null) continue;
    // Detrend: remove the least-squares line.
    let m = 0, st = 0, tt = 0;
    for (let t = 0; t < n; t++) m += s[t];
    m /= n;
    for (let t = 0; t < n; t++) { const c = t - (n - 1) / 2; st += c * s[t]; tt += c * c; }
    for (let t = 0; t < n; t++) s[t] -= m + (st / tt) * (t - (n - 1) / 2);
    voxels.push(s);
  }
  const mean = new Float64Array(n);
  for (const s of voxels) for (let t = 0; t < n; t++) mean[t] += s[t] / voxels.length;
  const mm = dot(mean, mean);
  for (const s of voxels) {
    const c = mm > 0 ? dot(mean, s) / mm : 0;
    for (let t = 0; t < n; t++) s[t] -= c * mean[t];
  }
  // C = Σ_v s sᵀ (N × N).
  const C = new Float64Array(n * n);
  for (const s of voxels) for (let i = 0; i < n; i++) { const si = s[i]; if (si === 0) continue; for (let j = 0; j < n; j++) C[i * n + j] += si * s[j]; }
  const out = [mean];
  for (let k = 1; k < input.components; k++) {
    let v = Float64Array.from({ length: n }, (_, i) => Math.cos(i * (k + 0.37)) + 0.01 * i);
    let lambda = 0;
    for (let iter = 0; iter < 3000; iter++) {
      const w = new Float64Array(n);
      for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += C[i * n + j] * v[j]; w[i] = s; }
      for (const prev of out.slice(1)) { const c = dot(prev, w); for (let i = 0; i < n; i++) w[i] -= c * prev[i]; }
      const norm = Math.sqrt(dot(w, w));
      if (norm === 0) break;
      for (let i = 0; i < n; i++) w[i] /= norm;
      const change = Math.abs(Math.abs(dot(w, v)) - 1);
      v = w;
      if (Math.abs(norm - lambda) <= 1e-14 * norm && change < 1e-15) break;
      lambda = norm;
    }
    // Deflate C by the component found.
    const Cv = new Float64Array(n);
    for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += C[i * n + j] * v[j]; Cv[i] = s; }
    const l = dot(v, Cv);
    if (!(l > 1e-12 * (out.length > 1 ? 1 : 1))) break;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) C[i * n + j] -= l * v[i] * v[j];
    out.push(v);
  }
  return out;
}

/** Residuals of y after least squares on the columns (modified Gram–Schmidt, twice). */
function residualize(y: Float64Array, columns: Float64Array[]): Float64Array {
  const basis: Float64Array[] = [];
  for (const col of columns) {
    const q = Float64Array.from(col);
    const before = Math.sqrt(dot(q, q));
    for (let pass = 0; pass < 2; pass++) for (const b of basis) { const c = dot(b, q); for (let i = 0; i < q.length; i++) q[i] -= c * b[i]; }
    const norm = Math.sqrt(dot(q, q));
    if (!(norm > 1e-10 * before)) continue;
    for (let i = 0; i < q.length; i++) q[i] /= norm;
    basis.push(q);
  }
  const r = Float64Array.from(y);
  for (let pass = 0; pass < 2; pass++) for (const b of basis) { const c = dot(b, r); for (let i = 0; i < r.length; i++) r[i] -= c * b[i]; }
  return r;
}

/** conn_filter: ideal band-pass of the mirrored series by a naive DFT. */
function connFilter(x: Float64Array, tr: number, band: { lowHz: number; highHz: number }): Float64Array {
  const n = x.length;
  const m = 2 * n;
  const mirrored = new Float64Array(m);
  for (let t = 0; t < n; t++) { mirrored[t] = x[t]; mirrored[m - 1 - t] = x[t]; }
  const re = new Float64Array(m), im = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const f = Math.min(k, m - k);
    if (!(f >= band.lowHz * tr * m && f < band.highHz * tr * m)) continue;
    let a = 0, b = 0;
    for (let t = 0; t < m; t++) { const w = (-2 * Math.PI * k * t) / m; a += mirrored[t] * Math.cos(w); b += mirrored[t] * Math.sin(w); }
    re[k] = a; im[k] = b;
  }
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let k = 0; k < m; k++) { if (re[k] === 0 && im[k] === 0) continue; const w = (2 * Math.PI * k * t) / m; s += re[k] * Math.cos(w) - im[k] * Math.sin(w); }
    out[t] = s / m;
  }
  return out;
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let t = 0; t < n; t++) { ma += a[t]; mb += b[t]; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let t = 0; t < n; t++) { sab += (a[t] - ma) * (b[t] - mb); saa += (a[t] - ma) ** 2; sbb += (b[t] - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}

/** The CONN-style z of the first two ROIs (see the file comment for the steps). */
export function connReferenceZ(input: ConnReferenceInput): { r: number; z: number } {
  const n = input.dims[3];
  const columns: Float64Array[] = [new Float64Array(n).fill(1), Float64Array.from({ length: n }, (_, t) => t - (n - 1) / 2)];
  if (input.motion) {
    for (let j = 0; j < 6; j++) {
      const m = Float64Array.from({ length: n }, (_, t) => input.motion![t * 6 + j]);
      columns.push(m, Float64Array.from({ length: n }, (_, t) => (t === 0 ? m[1] - m[0] : t === n - 1 ? m[n - 1] - m[n - 2] : m[t + 1] - m[t - 1]) / 2));
    }
  }
  for (const mask of input.noiseMasks) columns.push(...acompcor(input, mask));
  for (const s of input.outlierScans) { const c = new Float64Array(n); c[s] = 1; columns.push(c); }
  const [a, b] = input.rois.map((roi) => connFilter(residualize(roiMean(input, roi), columns), input.trSeconds, input.band));
  const r = pearson(a, b);
  return { r, z: Math.atanh(r) };
}
