import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ascendingOrder, rocAuc, rocAucInOrder } from './auc';

const close = (actual: number, expected: number, tol: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} (±${tol})`);
};

test('AUC with Hanley–McNeil and DeLong standard errors on a hand-worked example', () => {
  // Positives 0.9, 0.8, 0.6; negatives 0.7, 0.5, 0.4 → 0.9 and 0.8 beat all 3, 0.6 beats 2: AUC = 8/9.
  const result = rocAuc([0.9, 0.8, 0.7, 0.6, 0.5, 0.4], [true, true, false, true, false, false]);
  assert.equal(result.status, 'ok');
  if (result.status !== 'ok') return;
  const a = result.value;
  close(a.auc, 8 / 9, 1e-15, 'AUC');
  assert.deepEqual([a.nPositive, a.nNegative], [3, 3]);
  // Hanley–McNeil: Q1 = A/(2 − A) = 4/5, Q2 = 2A²/(1 + A) = 128/153,
  // SE² = (A(1 − A) + 2(Q1 − A²) + 2(Q2 − A²))/9 = 1456/61965.
  close(a.hanleyMcNeil.se, Math.sqrt(1456 / 61965), 1e-14, 'HM SE');
  // DeLong: V10 = (1, 1, 2/3), V01 = (2/3, 1, 1); each sample variance (6/81)/2 = 1/27;
  // Var = (1/27)/3 + (1/27)/3 = 2/81 → SE = √2/9.
  assert.ok(a.delong);
  close(a.delong!.se, Math.sqrt(2) / 9, 1e-14, 'DeLong SE');
  assert.equal(a.method, 'delong');
  close(a.ci95[0], 8 / 9 - 1.959963984540054 * (Math.sqrt(2) / 9), 1e-12, 'CI low');
  assert.equal(a.ci95[1], 1, 'upper end clipped to 1');
});

test('ties count one half; a single member per class falls back to Hanley–McNeil', () => {
  const tie = rocAuc([0.5, 0.5], [true, false]);
  assert.equal(tie.status, 'ok');
  if (tie.status !== 'ok') return;
  assert.equal(tie.value.auc, 0.5);
  assert.equal(tie.value.delong, null);
  assert.equal(tie.value.method, 'hanley-mcneil');
  // A = ½: Q1 = Q2 = 1/3, SE² = A(1 − A)/1 = ¼.
  close(tie.value.hanleyMcNeil.se, 0.5, 1e-15, 'HM SE');
  assert.deepEqual(tie.value.ci95, [0, 1]);
  // Two positives (0.3, 0.6) vs negatives (0.3, 0.1): (½ + 1 + 1 + 1)/4 = 7/8.
  const mixed = rocAuc([0.3, 0.6, 0.3, 0.1], [true, true, false, false]);
  assert.equal(mixed.status === 'ok' && mixed.value.auc, 7 / 8);
  // Reversed scores give 1 − AUC.
  const reversed = rocAuc([-0.3, -0.6, -0.3, -0.1], [true, true, false, false]);
  assert.equal(reversed.status === 'ok' && reversed.value.auc, 1 / 8);
});

test('one class only, or non-finite scores: cannot estimate', () => {
  const one = rocAuc([0.2, 0.4, 0.9], [true, true, true]);
  assert.equal(one.status, 'cannot-estimate');
  if (one.status === 'cannot-estimate') {
    assert.equal(one.code, 'one-class-only');
    assert.match(one.message, /responders/);
  }
  const none = rocAuc([0.2, 0.4], [false, false]);
  assert.equal(none.status === 'cannot-estimate' && none.code, 'one-class-only');
  const nan = rocAuc([0.2, Number.NaN], [true, false]);
  assert.equal(nan.status === 'cannot-estimate' && nan.code, 'non-finite-input');
});

test('rank-based AUC and DeLong components equal the pairwise definition, ties included', () => {
  // Scores with many ties (multiples of 0.1), labels from a fixed pattern.
  const scores = Array.from({ length: 57 }, (_, i) => ((i * 37) % 11) / 10);
  const labels = scores.map((_, i) => (i * 13) % 5 < 2);
  const pos = scores.filter((_, i) => labels[i]);
  const neg = scores.filter((_, i) => !labels[i]);
  const psi = (p: number, q: number) => (p > q ? 1 : p === q ? 0.5 : 0);
  const v10 = pos.map((p) => neg.reduce((s, q) => s + psi(p, q), 0) / neg.length);
  const v01 = neg.map((q) => pos.reduce((s, p) => s + psi(p, q), 0) / pos.length);
  const auc = v10.reduce((a, b) => a + b, 0) / pos.length;
  const variance = (v: number[]) => { const m = v.reduce((a, b) => a + b, 0) / v.length; return v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1); };
  const se = Math.sqrt(variance(v10) / pos.length + variance(v01) / neg.length);
  const result = rocAuc(scores, labels);
  assert.equal(result.status, 'ok');
  if (result.status !== 'ok') return;
  assert.ok(Math.abs(result.value.auc - auc) < 1e-14, `AUC ${result.value.auc} vs ${auc}`);
  assert.ok(Math.abs(result.value.delong!.se - se) < 1e-12, `DeLong SE ${result.value.delong!.se} vs ${se}`);
});

test('with the order of a larger set given, the AUC of each prefix equals sorting it again, exactly', () => {
  // Many ties (scores in steps of 0.05), labels from a fixed pattern; prefixes as the track record takes them.
  const scores = Array.from({ length: 240 }, (_, i) => ((i * 29) % 21) / 20);
  const labels = scores.map((_, i) => (i * 7) % 3 === 0);
  const order = ascendingOrder(scores);
  for (const n of [6, 20, 121, 240]) {
    const prefixOrder = order.filter((i) => i < n);
    assert.deepEqual(rocAucInOrder(scores.slice(0, n), labels.slice(0, n), prefixOrder), rocAuc(scores.slice(0, n), labels.slice(0, n)), `first ${n}`);
  }
  // Given the whole arrays and the whole order, only the first n count.
  for (const n of [6, 121]) assert.deepEqual(rocAucInOrder(scores, labels, order, n), rocAuc(scores.slice(0, n), labels.slice(0, n)), `first ${n} of all`);
  assert.throws(() => rocAucInOrder([0.1, 0.2], [true], [1, 0]), /2 scores, 1 labels, 2 ordered indices for 2/);
});
