/**
 * Anatomical CompCor (Behzadi et al. 2007) as CONN does it for one noise tissue (white matter or
 * CSF, eroded): the tissue's mean signal plus its first principal components.
 */
import { KrpError } from '../errors';
import { zeros, type Matrix } from './matrix';
import { symmetricEigen } from './linear-algebra';

/**
 * aCompCor regressors of one tissue, N × min(n, available): column 0 the mean of the voxels'
 * series, then the first n−1 principal components (unit-norm time courses) of the voxel series
 * orthogonal to that mean. Each voxel series is demeaned and linearly detrended first.
 * `voxelSeries` is N scans × M voxels. PCs come from the N×N matrix Y Yᵀ; components with no
 * variance (M too small) are left out, so fewer than n columns can be returned.
 */
export function acompcorComponents(voxelSeries: Matrix, nComponents = 5): Matrix {
  const n = voxelSeries.rows;
  const m = voxelSeries.cols;
  if (m === 0) {
    throw new KrpError('analysis.empty-noise-mask', 'The white-matter or CSF mask has no voxels inside the image after erosion, so aCompCor cannot be computed. Check that the masks are in the same MNI space as the image.', {});
  }
  if (nComponents < 1) throw new Error(`acompcorComponents: nComponents must be ≥ 1, got ${nComponents}`);

  // Demean and detrend every voxel: project out [1, t − t̄].
  const tc = new Float64Array(n);
  let tss = 0;
  for (let t = 0; t < n; t++) { tc[t] = t - (n - 1) / 2; tss += tc[t] * tc[t]; }
  const Y = Float64Array.from(voxelSeries.data);
  for (let v = 0; v < m; v++) {
    let mean = 0, slope = 0;
    for (let t = 0; t < n; t++) { mean += Y[t * m + v]; slope += tc[t] * Y[t * m + v]; }
    mean /= n;
    slope = tss > 0 ? slope / tss : 0;
    for (let t = 0; t < n; t++) Y[t * m + v] -= mean + slope * tc[t];
  }

  // Mean signal over voxels.
  const meanSignal = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let v = 0; v < m; v++) s += Y[t * m + v];
    meanSignal[t] = s / m;
  }

  // Remove the mean signal from each voxel series (PCs orthogonal to the mean).
  let mm = 0;
  for (let t = 0; t < n; t++) mm += meanSignal[t] * meanSignal[t];
  if (mm > 0) {
    for (let v = 0; v < m; v++) {
      let c = 0;
      for (let t = 0; t < n; t++) c += meanSignal[t] * Y[t * m + v];
      c /= mm;
      for (let t = 0; t < n; t++) Y[t * m + v] -= c * meanSignal[t];
    }
  }

  // C = Y Yᵀ (N × N), its leading eigenvectors are the PC time courses.
  const C = zeros(n, n);
  for (let i = 0; i < n; i++) {
    const ri = i * m;
    for (let j = i; j < n; j++) {
      const rj = j * m;
      let s = 0;
      for (let v = 0; v < m; v++) s += Y[ri + v] * Y[rj + v];
      C.data[i * n + j] = s;
      C.data[j * n + i] = s;
    }
  }
  const wanted = nComponents - 1;
  const pcs: Float64Array[] = [];
  if (wanted > 0) {
    const { values, vectors } = symmetricEigen(C);
    const tol = Math.max(values[0], 0) * n * 1e-12;
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
