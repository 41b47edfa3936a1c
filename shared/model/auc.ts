/**
 * Area under the ROC curve of a score for a binary outcome (Mann–Whitney form, ties count ½),
 * with standard errors by Hanley & McNeil (1982) and by DeLong et al. (1988).
 */
import { normalQuantile } from './distributions';
import { cannotEstimate, nonFiniteInput, ok, type Estimable } from './estimable';

export type AucResult = {
  auc: number;
  nPositive: number;
  nNegative: number;
  hanleyMcNeil: { se: number; ci95: [number, number] };
  /** Null when a class has a single member (its variance term is undefined). */
  delong: { se: number; ci95: [number, number] } | null;
  /** The interval to show: DeLong when available, else Hanley–McNeil; clipped to [0, 1]. */
  ci95: [number, number];
  method: 'delong' | 'hanley-mcneil';
};

/** ψ(positive score, negative score): 1 if the positive ranks higher, ½ on a tie, else 0. */
function psi(positive: number, negative: number): number {
  return positive > negative ? 1 : positive === negative ? 0.5 : 0;
}

function interval(auc: number, se: number): [number, number] {
  const half = normalQuantile(0.975) * se;
  return [Math.max(0, auc - half), Math.min(1, auc + half)];
}

/** AUC of `scores` (higher = more likely positive) for `positive` labels, with 95 % CIs. */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): Estimable<AucResult> {
  if (scores.length !== positive.length) throw new RangeError(`rocAuc: ${scores.length} scores but ${positive.length} labels`);
  const bad = nonFiniteInput(scores, 'Score');
  if (bad) return bad;
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < scores.length; i++) (positive[i] ? pos : neg).push(scores[i]);
  const n1 = pos.length;
  const n0 = neg.length;
  if (n1 === 0 || n0 === 0) {
    return cannotEstimate('one-class-only',
      `All ${scores.length} patients are ${n1 === 0 ? 'non-responders' : 'responders'}: an AUC needs both responders and non-responders.`);
  }
  // Structural components (DeLong): V10 per positive, V01 per negative.
  const v10 = new Float64Array(n1);
  const v01 = new Float64Array(n0);
  let total = 0;
  for (let i = 0; i < n1; i++) {
    for (let j = 0; j < n0; j++) {
      const s = psi(pos[i], neg[j]);
      v10[i] += s;
      v01[j] += s;
      total += s;
    }
  }
  const auc = total / (n1 * n0);
  for (let i = 0; i < n1; i++) v10[i] /= n0;
  for (let j = 0; j < n0; j++) v01[j] /= n1;

  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const hmVar = (auc * (1 - auc) + (n1 - 1) * (q1 - auc * auc) + (n0 - 1) * (q2 - auc * auc)) / (n1 * n0);
  const hmSe = Math.sqrt(Math.max(0, hmVar));
  const hanleyMcNeil = { se: hmSe, ci95: interval(auc, hmSe) };

  let delong: AucResult['delong'] = null;
  if (n1 >= 2 && n0 >= 2) {
    const variance = (values: Float64Array): number => {
      let sum = 0;
      let sq = 0;
      for (const v of values) { sum += v - auc; sq += (v - auc) * (v - auc); }
      return (sq - (sum * sum) / values.length) / (values.length - 1);
    };
    const se = Math.sqrt(Math.max(0, variance(v10) / n1 + variance(v01) / n0));
    delong = { se, ci95: interval(auc, se) };
  }
  const shown = delong ?? hanleyMcNeil;
  return ok({ auc, nPositive: n1, nNegative: n0, hanleyMcNeil, delong, ci95: shown.ci95, method: delong ? 'delong' : 'hanley-mcneil' });
}
