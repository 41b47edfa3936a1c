/**
 * Inference on a Pearson r: two-sided p from the t statistic, the Fisher-z 95 % confidence
 * interval, and the Fisher-z test of whether the site's r differs from the published r.
 */
import { normalCdf, normalQuantile, studentTCdf } from './distributions';
import { cannotEstimate, ok, type Estimable } from './estimable';
import { centredSums } from './centred-sums';

export type CorrelationInference = {
  r: number;
  n: number;
  /** t = r·√((n − 2)/(1 − r²)), n − 2 degrees of freedom. */
  t: number;
  /** Two-sided p for H0: ρ = 0. */
  p: number;
  /** Fisher-z interval tanh(atanh r ± z_{0.975}/√(n − 3)); null when n < 4. */
  ci95: [number, number] | null;
};

export type CorrelationComparison = {
  /** (atanh r₁ − atanh r₂) / √(1/(n₁ − 3) + 1/(n₂ − 3)), standard normal under H0: ρ₁ = ρ₂. */
  z: number;
  /** Two-sided p. */
  p: number;
};

function checkR(r: number, n: number, minN: number, fn: string): Estimable<never> | undefined {
  if (!Number.isFinite(r) || !Number.isFinite(n)) return cannotEstimate('non-finite-input', `${fn}: r = ${r}, n = ${n} are not finite numbers.`);
  if (!(n >= minN)) return cannotEstimate('too-few-points', `${fn} needs at least ${minN} patients; there are ${n}.`);
  if (!(Math.abs(r) < 1)) return cannotEstimate('zero-residual-variance', `${fn}: r = ${r} is a perfect correlation, for which no interval or test is defined.`);
  return undefined;
}

/** Fisher-z confidence interval of r at `level` (default 0.95); needs n ≥ 4 and |r| < 1. */
export function fisherZInterval(r: number, n: number, level = 0.95): Estimable<[number, number]> {
  const bad = checkR(r, n, 4, 'A confidence interval of r');
  if (bad) return bad;
  const half = normalQuantile(0.5 + level / 2) / Math.sqrt(n - 3);
  const z = Math.atanh(r);
  return ok([Math.tanh(z - half), Math.tanh(z + half)]);
}

/** t statistic, two-sided p and Fisher-z 95 % CI of a Pearson r from n pairs; needs n ≥ 3, |r| < 1. */
export function correlationInference(r: number, n: number): Estimable<CorrelationInference> {
  const bad = checkR(r, n, 3, 'A p value for r');
  if (bad) return bad;
  const t = r * Math.sqrt((n - 2) / (1 - r * r));
  const p = Math.min(1, 2 * studentTCdf(-Math.abs(t), n - 2));
  const ci = fisherZInterval(r, n);
  return ok({ r, n, t, p, ci95: ci.status === 'ok' ? ci.value : null });
}

/** Fisher-z test of two independent correlations r₁ (n₁ pairs) and r₂ (n₂ pairs); both n ≥ 4. */
export function compareCorrelations(r1: number, n1: number, r2: number, n2: number): Estimable<CorrelationComparison> {
  const bad = checkR(r1, n1, 4, 'Comparing the site r with the published r') ?? checkR(r2, n2, 4, 'Comparing with the published r');
  if (bad) return bad;
  const z = (Math.atanh(r1) - Math.atanh(r2)) / Math.sqrt(1 / (n1 - 3) + 1 / (n2 - 3));
  return ok({ z, p: Math.min(1, 2 * normalCdf(-Math.abs(z))) });
}

/** Pearson r of two equal-length series, or "cannot estimate" when either is constant or n < 2. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): Estimable<number> {
  if (x.length !== y.length) throw new RangeError(`pearson: ${x.length} x values but ${y.length} y values`);
  const n = x.length;
  if (n < 2) return cannotEstimate('too-few-points', `A correlation needs at least 2 pairs; there are ${n}.`);
  const { sxx, syy, sxy } = centredSums(x, y);
  if (!Number.isFinite(sxx + syy + sxy)) return cannotEstimate('non-finite-input', 'A correlation was asked of values that are not finite numbers.');
  if (sxx === 0 || syy === 0) return cannotEstimate('constant-predictions', 'One of the two series is constant: the correlation is undefined.');
  return ok(Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))));
}
