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

function interval(auc: number, se: number): [number, number] {
  const half = normalQuantile(0.975) * se;
  return [Math.max(0, auc - half), Math.min(1, auc + half)];
}

/** Indices of `values` in ascending order of value (ties in any order: mid-ranks do not depend on it). */
export function ascendingOrder(values: ArrayLike<number>): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
}

/**
 * 1-based mid-ranks (ties share the mean of their ranks) of the indices below `n` in `order`
 * (ascending by value; other indices skipped), among all of them (`all`) and within their own
 * class (`own`: among positives for a positive, among negatives for a negative), in one pass.
 * Each tie group's members of one class are a tie group of that class alone, so the class ranks
 * are those a separate ranking of each class gives.
 */
function midRanks(values: ArrayLike<number>, positive: ArrayLike<boolean>, order: readonly number[], n: number, all: Float64Array, own: Float64Array): void {
  let seen = 0;
  let positivesSeen = 0;
  for (let start = 0; start < order.length;) {
    if (order[start] >= n) { start++; continue; }
    const value = values[order[start]];
    let end = start;
    let size = 0;
    let positives = 0;
    for (; end < order.length && (order[end] >= n || values[order[end]] === value); end++) {
      if (order[end] >= n) continue;
      size++;
      if (positive[order[end]]) positives++;
    }
    const negativesSeen = seen - positivesSeen;
    const rank = (seen + 1 + seen + size) / 2;
    const positiveRank = (positivesSeen + 1 + positivesSeen + positives) / 2;
    const negativeRank = (negativesSeen + 1 + negativesSeen + size - positives) / 2;
    for (let k = start; k < end; k++) {
      const i = order[k];
      if (i >= n) continue;
      all[i] = rank;
      own[i] = positive[i] ? positiveRank : negativeRank;
    }
    seen += size;
    positivesSeen += positives;
    start = end;
  }
}

/** AUC of `scores` (higher = more likely positive) for `positive` labels, with 95 % CIs. */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): Estimable<AucResult> {
  if (scores.length !== positive.length) throw new RangeError(`rocAuc: ${scores.length} scores but ${positive.length} labels`);
  const bad = nonFiniteInput(scores, 'Score');
  if (bad) return bad;
  return rocAucInOrder(scores, positive, ascendingOrder(scores));
}

/**
 * rocAuc of the first `n` scores and labels, with their ascending order given: `order` holds the
 * indices 0…n−1 by ascending score, possibly among larger indices, which are skipped (the order
 * of a longer series ranks each of its prefixes). The same result without sorting again. Those
 * scores must be finite.
 */
export function rocAucInOrder(scores: ArrayLike<number>, positive: ArrayLike<boolean>, order: readonly number[], n = order.length): Estimable<AucResult> {
  if (scores.length < n || positive.length < n || order.length < n) {
    throw new RangeError(`rocAucInOrder: ${scores.length} scores, ${positive.length} labels, ${order.length} ordered indices for ${n}`);
  }
  let n1 = 0;
  for (let i = 0; i < n; i++) if (positive[i]) n1++;
  const n0 = n - n1;
  if (n1 === 0 || n0 === 0) {
    return cannotEstimate('one-class-only',
      `All ${n} patients are ${n1 === 0 ? 'non-responders' : 'responders'}: an AUC needs both responders and non-responders.`);
  }
  // Structural components (DeLong), from mid-ranks in O(n log n) (Sun & Xu 2014): for a positive,
  // V10 = (#negatives below + ½·#negatives tied)/n0 = (rank among all − rank among positives)/n0;
  // for a negative, V01 = (#positives above + ½·#positives tied)/n1.
  const allRanks = new Float64Array(n);
  const classRanks = new Float64Array(n);
  midRanks(scores, positive, order, n, allRanks, classRanks);
  const v10 = new Float64Array(n1);
  const v01 = new Float64Array(n0);
  let total = 0;
  let p = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    if (positive[i]) {
      const below = allRanks[i] - classRanks[i];
      v10[p++] = below;
      total += below;
    } else {
      v01[q++] = n1 - (allRanks[i] - classRanks[i]);
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
