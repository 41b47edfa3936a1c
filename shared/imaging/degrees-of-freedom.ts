/**
 * Degrees of freedom left for the correlation after denoising. The cleaned series live in the
 * span of G's rows (cleaning-operator.ts: G = Bᵀ R, the in-band directions with the confounds'
 * span removed). Because B and Q have orthonormal columns, G Gᵀ = I − (BᵀQ)(BᵀQ)ᵀ has eigenvalues
 * in [0, 1]; its rank — the number of eigenvalues above RANK_TOLERANCE — is how many independent
 * values the correlation is computed from. Counting in-band vectors (K) instead overstates it as
 * soon as the regressors (motion, aCompCor, one column per scrubbed scan) eat into the band: with
 * 36 regressors on 30 scans, or 114 of 121 scans scrubbed, K is still > 3 while the rank is 0 and
 * any z is rounding noise.
 *
 * Refused below MIN_RESIDUAL_DOF; a QC warning below LOW_RESIDUAL_DOF (docs/denoising.md).
 */
import { KrpError } from '../errors';
import { symmetricEigenvaluesQl } from './symmetric-eigen-ql';
import type { Matrix } from './matrix';

/** Fewest independent cleaned values a correlation may be computed from (z's SE is 1/√(d − 3)). */
export const MIN_RESIDUAL_DOF = 10;
/** Below this the estimate is noisy (SE of z > 0.2): QC warns. */
export const LOW_RESIDUAL_DOF = 28;
const RANK_TOLERANCE = 1e-8;

/** Rank of the K × N operator G (rows of norm ≤ 1, as built by cleaningOperator). */
export function residualDegreesOfFreedom(G: Matrix): number {
  const { rows: K, cols: N, data } = G;
  if (K === 0) return 0;
  const M = new Float64Array(K * K);
  for (let a = 0; a < K; a++) {
    for (let b = a; b < K; b++) {
      let s = 0;
      for (let t = 0; t < N; t++) s += data[a * N + t] * data[b * N + t];
      M[a * K + b] = s;
      M[b * K + a] = s;
    }
  }
  const values = symmetricEigenvaluesQl({ rows: K, cols: K, data: M });
  let rank = 0;
  for (const v of values) if (v > RANK_TOLERANCE) rank++;
  return rank;
}

export interface DofFacts {
  /** Columns of the design matrix and its rank. */
  regressors: number;
  confoundRank: number;
  /** Of which one-hot (scrubbing) columns. */
  scrubbed: number;
  scans: number;
  /** In-band frequencies (K) and the residual rank. */
  inBand: number;
  residual: number;
}

/** Throws KrpError analysis.no-degrees-of-freedom when `f.residual` is below the minimum. */
export function checkDegreesOfFreedom(f: DofFacts): void {
  if (f.residual >= MIN_RESIDUAL_DOF) return;
  throw new KrpError('analysis.no-degrees-of-freedom',
    `The denoising model has ${f.regressors} regressors (rank ${f.confoundRank}, including ${f.scrubbed} scrubbed scans) for ${f.scans} scans (${f.scans - f.scrubbed} usable); after regression and band-pass only ${f.residual} independent values remain of ${f.inBand} in the band, fewer than the ${MIN_RESIDUAL_DOF} needed for a correlation. Use a longer scan, a scan with less movement, or fewer confounds.`,
    { regressors: f.regressors, confoundRank: f.confoundRank, scrubbed: f.scrubbed, scans: f.scans, usableScans: f.scans - f.scrubbed, residual: f.residual, minimum: MIN_RESIDUAL_DOF });
}
