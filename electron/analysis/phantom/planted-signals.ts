/**
 * The time courses a phantom plants, chosen so that the engine's cleaning M = F·R (F: CONN's
 * band-pass projection, R: the residual projection of the design matrix X) leaves them exactly
 * unchanged (M s = s) or removes them exactly (M d = 0). See docs/denoising.md, "Phantom".
 */
import { KrpError } from '../../../shared/errors';
import type { BandPass } from '../../../shared/imaging/analysis-types';
import { bandpassBasis, bandStopIndices, dctBasis } from '../../../shared/imaging/bandpass';
import { orthonormalColumns, projectOut } from '../../../shared/imaging/linear-algebra';
import { multiply, transpose, type Matrix } from '../../../shared/imaging/matrix';
import type { Rng } from './rng';

/**
 * Orthonormal basis (as coefficient vectors on the columns of B) of {c : Xᵀ B c = 0}, i.e. of
 * range(B) ∩ col(X)^⊥, when B has orthonormal columns. Returns the projector's complement basis U
 * (coefficients spanning Bᵀ col(X)) so callers can project any coefficient vector into the null space.
 */
function coefficientConstraint(B: Matrix, X: Matrix): Matrix {
  const { Q } = orthonormalColumns(X);
  const W = multiply(transpose(B), Q); // K × r: Bᵀ Q
  return orthonormalColumns(W, 1e-9).Q;
}

function scaleToSd(x: Float64Array, sd: number): Float64Array {
  let mean = 0;
  for (const v of x) mean += v;
  mean /= x.length;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  const k = sd / Math.sqrt(ss / x.length);
  return x.map((v) => v * k);
}

function applyBasis(B: Matrix, c: Float64Array): Float64Array {
  const out = new Float64Array(B.rows);
  for (let t = 0; t < B.rows; t++) {
    let s = 0;
    for (let k = 0; k < B.cols; k++) s += B.data[t * B.cols + k] * c[k];
    out[t] = s;
  }
  return out;
}

function normalise(c: Float64Array): Float64Array {
  const n = Math.sqrt(c.reduce((s, v) => s + v * v, 0));
  return c.map((v) => v / n);
}

export interface PlantedPair {
  /** Zero-mean series with SD `sd`, in range(F) ∩ col(X)^⊥, exact correlation rho. */
  s1: Float64Array;
  s2: Float64Array;
  /** Dimension of range(F) ∩ col(X)^⊥ (what the signals could use). */
  freeDimensions: number;
}

/**
 * Two band-limited series orthogonal to every column of X with Pearson correlation exactly `rho`:
 * s = B c with c in the null space of Xᵀ B, c₂ = ρ e₁ + √(1−ρ²) e₂ for orthonormal e₁, e₂.
 */
export function plantedPair(X: Matrix, trSeconds: number, band: BandPass, rho: number, sd: number, rng: Rng): PlantedPair {
  const n = X.rows;
  const { basis: B } = bandpassBasis(n, trSeconds, band);
  const U = coefficientConstraint(B, X);
  const freeDimensions = B.cols - U.cols;
  if (freeDimensions < 2) {
    throw new KrpError('phantom.too-short',
      `A phantom of ${n} volumes at TR ${trSeconds} s leaves ${Math.max(freeDimensions, 0)} band-pass dimensions free of the confounds, so no signal can survive the denoising. Use more volumes (at least ~60 at TR 2 s; ~100 for the tissue-aware phantom, whose WM/CSF nuisance needs 10 more).`,
      { volumes: n, trSeconds });
  }
  const draw = () => Float64Array.from({ length: B.cols }, () => rng.normal());
  const e1 = normalise(projectOut(U, draw()));
  let g = projectOut(U, draw());
  const d = g.reduce((s, v, i) => s + v * e1[i], 0);
  g = g.map((v, i) => v - d * e1[i]);
  const e2 = normalise(g);
  const c2 = e1.map((v, i) => rho * v + Math.sqrt(1 - rho * rho) * e2[i]);
  return { s1: scaleToSd(applyBasis(B, e1), sd), s2: scaleToSd(applyBasis(B, c2), sd), freeDimensions };
}

/**
 * A slow drift that the band-pass removes and the regression leaves alone: d = C c in
 * range(I − F) ∩ col(X)^⊥ (C: the out-of-band DCT vectors). c is the point of the constraint set
 * {Xᵀ C c = 0} nearest to a slow target (DCT k = 1…3) in the weighted norm Σ w_k c_k² with
 * w_k = 1 + (k/8)⁴, so the correction needed for orthogonality stays mostly slow too.
 * Unit SD; null when that subspace is empty.
 */
export function stopBandDrift(X: Matrix, trSeconds: number, band: BandPass, rng: Rng): Float64Array | null {
  const n = X.rows;
  const indices = bandStopIndices(n, trSeconds, band);
  if (indices.length === 0) return null;
  // Weighted coordinates u = √w · c: C' = C · diag(1/√w), constraint Xᵀ C' u = 0.
  const sqrtW = indices.map((k) => Math.sqrt(1 + (k / 8) ** 4));
  const Cw = dctBasis(n, indices);
  for (let t = 0; t < n; t++) for (let j = 0; j < indices.length; j++) Cw.data[t * indices.length + j] /= sqrtW[j];
  const U = coefficientConstraint(Cw, X);
  if (Cw.cols - U.cols < 1) return null;
  const target = new Float64Array(Cw.cols);
  indices.forEach((k, j) => { if (k >= 1 && k <= 3) target[j] = (1 + rng.uniform()) * sqrtW[j]; });
  let u = projectOut(U, target);
  if (Math.sqrt(u.reduce((s, v) => s + v * v, 0)) < 1e-6) u = projectOut(U, Float64Array.from({ length: Cw.cols }, () => rng.normal()));
  return scaleToSd(applyBasis(Cw, u), 1);
}
