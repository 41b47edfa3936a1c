/**
 * Anatomical CompCor (Behzadi et al. 2007) as CONN does it for one noise tissue (white matter or
 * CSF, eroded): the tissue's mean signal plus its first principal components.
 *
 * The PCs come from the N × N matrix Y Yᵀ of the detrended voxel series, so the voxels are needed
 * only once, a block at a time: `TissueGramBuilder` takes blocks of voxel series (from wherever
 * they are stored — the engine reads them from its float32 data, no float64 copy of the tissue is
 * ever held) and keeps N × N sums; `acompcorFromGram` turns those into the regressors.
 */
import { KrpError } from '../errors';
import { zeros, type Matrix } from './matrix';
import { symmetricEigenQl } from './symmetric-eigen-ql';

/** What aCompCor needs of one tissue's voxels: sums over the voxels of their detrended series. */
export interface TissueGram {
  scans: number;
  voxels: number;
  /** N × N, Σ_v y_v y_vᵀ of the demeaned, linearly detrended series y_v. */
  gram: Float64Array;
  /** Σ_v y_v (N): the voxels' summed detrended series. */
  sums: Float64Array;
}

/** Voxels per block: N × BLOCK float64 values stay in cache while the N × N products run. */
export const GRAM_BLOCK = 128;

/**
 * Accumulates a TissueGram from blocks of voxel series. `block` is scans × GRAM_BLOCK, row-major
 * (row t = scan t of the block's voxels), the first `count` columns filled; `add` detrends them in
 * place (each voxel: project out [1, t − t̄]) and adds them to the sums.
 */
/**
 * Where the block and the N × N sums live and how the products are added: plain arrays and the
 * TypeScript loop by default; the engine passes a WebAssembly SIMD kernel (kernels/gram-wasm.ts).
 * `block` holds n2 × GRAM_BLOCK values, `gram` n2 × n2 (n2 = scans rounded up to even, the extra
 * row of `block` staying zero); `accumulate(countPadded)` adds the upper-triangle products of the
 * block's first countPadded (even) columns to `gram`.
 */
export interface GramStorage {
  block: Float64Array;
  gram: Float64Array;
  accumulate(countPadded: number): void;
}

export class TissueGramBuilder {
  readonly block: Float64Array;
  private readonly n: number;
  private readonly tc: Float64Array;
  private readonly tss: number;
  private readonly storage: GramStorage;
  private readonly sums: Float64Array;
  private voxels = 0;

  constructor(scans: number, storage?: GramStorage) {
    this.n = scans;
    const n2 = scans + (scans & 1);
    this.storage = storage ?? jsGramStorage(scans);
    if (this.storage.block.length < n2 * GRAM_BLOCK || this.storage.gram.length < n2 * n2) throw new Error('TissueGramBuilder: storage too small');
    this.block = this.storage.block;
    this.tc = new Float64Array(scans);
    let tss = 0;
    for (let t = 0; t < scans; t++) { this.tc[t] = t - (scans - 1) / 2; tss += this.tc[t] * this.tc[t]; }
    this.tss = tss;
    this.sums = new Float64Array(scans);
  }

  add(count: number): void {
    const { n, tc, tss, block: Y, sums } = this;
    const B = GRAM_BLOCK;
    for (let v = 0; v < count; v++) {
      let mean = 0, slope = 0;
      for (let t = 0; t < n; t++) { mean += Y[t * B + v]; slope += tc[t] * Y[t * B + v]; }
      mean /= n;
      slope = tss > 0 ? slope / tss : 0;
      for (let t = 0; t < n; t++) Y[t * B + v] -= mean + slope * tc[t];
    }
    for (let t = 0; t < n; t++) {
      let s = 0;
      for (let v = 0; v < count; v++) s += Y[t * B + v];
      sums[t] += s;
    }
    const padded = count + (count & 1);
    if (padded > count) for (let t = 0; t < n; t++) Y[t * B + count] = 0;
    this.storage.accumulate(padded);
    this.voxels += count;
  }

  result(): TissueGram {
    const n = this.n;
    const n2 = n + (n & 1);
    const gram = new Float64Array(n * n);
    const sums = this.storage.gram;
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        gram[i * n + j] = sums[i * n2 + j];
        gram[j * n + i] = sums[i * n2 + j];
      }
    }
    return { scans: n, voxels: this.voxels, gram, sums: Float64Array.from(this.sums) };
  }
}

/** The TypeScript GramStorage: upper triangle in 2 × 2 tiles (rows i, i+1 against columns j, j+1). */
function jsGramStorage(n: number): GramStorage {
  const B = GRAM_BLOCK;
  const n2 = n + (n & 1);
  const Y = new Float64Array(n2 * B);
  const G = new Float64Array(n2 * n2);
  return {
    block: Y,
    gram: G,
    accumulate(count: number) {
      for (let i = 0; i < n; i += 2) {
        const a0 = i * B, a1 = a0 + B;
        for (let j = i; j < n; j += 2) {
          const b0 = j * B, b1 = b0 + B;
          let s00 = 0, s01 = 0, s10 = 0, s11 = 0;
          for (let v = 0; v < count; v++) {
            const x0 = Y[a0 + v], x1 = Y[a1 + v], y0 = Y[b0 + v], y1 = Y[b1 + v];
            s00 += x0 * y0; s01 += x0 * y1; s10 += x1 * y0; s11 += x1 * y1;
          }
          G[i * n2 + j] += s00; G[i * n2 + j + 1] += s01; G[(i + 1) * n2 + j] += s10; G[(i + 1) * n2 + j + 1] += s11;
        }
      }
    },
  };
}

/** The TissueGram of an N scans × M voxels matrix of series. */
export function tissueGramOf(voxelSeries: Matrix): TissueGram {
  const { rows: n, cols: m, data } = voxelSeries;
  const builder = new TissueGramBuilder(n);
  for (let v0 = 0; v0 < m; v0 += GRAM_BLOCK) {
    const count = Math.min(GRAM_BLOCK, m - v0);
    for (let t = 0; t < n; t++) for (let v = 0; v < count; v++) builder.block[t * GRAM_BLOCK + v] = data[t * m + v0 + v];
    builder.add(count);
  }
  return builder.result();
}

/**
 * aCompCor regressors of one tissue, N × min(n, available): column 0 the mean of the voxels'
 * series, then the first n−1 principal components (unit-norm time courses) of the voxel series
 * orthogonal to that mean. Each voxel series is demeaned and linearly detrended first.
 * `voxelSeries` is N scans × M voxels. Components with no variance (M too small) are left out, so
 * fewer than n columns can be returned.
 */
export function acompcorComponents(voxelSeries: Matrix, nComponents = 5): Matrix {
  if (voxelSeries.cols === 0) throw emptyMask();
  return acompcorFromGram(tissueGramOf(voxelSeries), nComponents);
}

/** acompcorComponents from the voxels' TissueGram. */
export function acompcorFromGram(tissue: TissueGram, nComponents = 5): Matrix {
  const { scans: n, voxels: m } = tissue;
  if (m === 0) throw emptyMask();
  if (nComponents < 1) throw new Error(`acompcorComponents: nComponents must be ≥ 1, got ${nComponents}`);

  // Mean signal over voxels.
  const meanSignal = new Float64Array(n);
  for (let t = 0; t < n; t++) meanSignal[t] = tissue.sums[t] / m;
  let mm = 0;
  for (let t = 0; t < n; t++) mm += meanSignal[t] * meanSignal[t];

  // C = Y Yᵀ of the series with the mean signal projected out of each (PCs orthogonal to the
  // mean): with E = I − u uᵀ, u = mean / |mean|, C = E Gram E.
  const C = zeros(n, n);
  C.data.set(tissue.gram);
  if (mm > 0) {
    const norm = Math.sqrt(mm);
    const u = meanSignal.map((v) => v / norm);
    const w = new Float64Array(n);
    let a = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += tissue.gram[i * n + j] * u[j];
      w[i] = s;
      a += u[i] * s;
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) C.data[i * n + j] += -u[i] * w[j] - w[i] * u[j] + a * u[i] * u[j];
    }
  }

  const wanted = nComponents - 1;
  const pcs: Float64Array[] = [];
  if (wanted > 0) {
    const { values, vectors } = symmetricEigenQl(C);
    // Components at rounding level are left out: relative to the largest, and (projecting the mean
    // out of the sums leaves rounding of order eps × their size) to the Gram's trace.
    let trace = 0;
    for (let i = 0; i < n; i++) trace += tissue.gram[i * n + i];
    const tol = Math.max(values[0] * n * 1e-12, trace * n * 1e-15, 0);
    const meanNorm = Math.sqrt(mm);
    for (let k = 0; k < Math.min(wanted, n) && values[k] > tol; k++) {
      const pc = new Float64Array(n);
      for (let t = 0; t < n; t++) pc[t] = vectors.data[t * n + k];
      // Eigenvectors of small eigenvalues carry rounding of order eps·λmax/gap: re-orthogonalise
      // against the mean and the earlier PCs so the regressors are exactly orthogonal.
      for (const prev of meanNorm > 0 ? [meanSignal.map((v) => v / meanNorm), ...pcs] : pcs) {
        let c = 0;
        for (let t = 0; t < n; t++) c += prev[t] * pc[t];
        for (let t = 0; t < n; t++) pc[t] -= c * prev[t];
      }
      let norm = 0;
      for (let t = 0; t < n; t++) norm += pc[t] * pc[t];
      norm = Math.sqrt(norm);
      if (!(norm > 0.5)) break;
      for (let t = 0; t < n; t++) pc[t] /= norm;
      pcs.push(pc);
    }
  }
  const columns = [meanSignal, ...pcs];
  const out = zeros(n, columns.length);
  columns.forEach((c, j) => { for (let t = 0; t < n; t++) out.data[t * columns.length + j] = c[t]; });
  return out;
}

function emptyMask(): KrpError {
  return new KrpError('analysis.empty-noise-mask', 'The white-matter or CSF mask has no voxels inside the image after erosion, so aCompCor cannot be computed. Check that the masks are in the same MNI space as the image.', {});
}
