import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideGate, GATING } from './gating';
import { percentileRank } from './percentile';

test('thresholds live in one constant with the values of the issue', () => {
  assert.deepEqual(GATING, { minPatients: 10, minResponders: 3, minNonResponders: 3, fullEstimateFromPatients: 30 });
});

test('gate edges: 9 withheld, 10 and 29 provisional, 30 full; fewer than 3 of a class withheld', () => {
  const gate = (n: number, responders: number) => decideGate({ n, responders, nonResponders: n - responders });
  assert.equal(gate(9, 4).status, 'withheld');
  assert.deepEqual(gate(9, 4).reasons.map((r) => r.code), ['too-few-patients']);
  assert.equal(gate(10, 3).status, 'provisional');
  assert.deepEqual(gate(10, 3).reasons.map((r) => r.code), ['provisional-sample']);
  assert.equal(gate(10, 7).status, 'provisional');
  assert.equal(gate(29, 10).status, 'provisional');
  assert.equal(gate(30, 10).status, 'estimate');
  assert.deepEqual(gate(30, 10).reasons, []);
  assert.deepEqual(gate(40, 2).reasons.map((r) => r.code), ['too-few-responders']);
  assert.deepEqual(gate(40, 38).reasons.map((r) => r.code), ['too-few-non-responders']);
  assert.deepEqual(gate(2, 0).reasons.map((r) => r.code), ['too-few-patients', 'too-few-responders', 'too-few-non-responders']);
  assert.match(gate(0, 0).reasons[0].message, /0 calibration patients/);
});

test('mid-rank percentile of a value in a sample', () => {
  const sample = [0.1, 0.2, 0.3, 0.4];
  assert.equal(percentileRank(sample, 0.05), 0);
  assert.equal(percentileRank(sample, 0.25), 50);
  assert.equal(percentileRank(sample, 0.3), 62.5); // 2 below + ½ tie → 2.5/4
  assert.equal(percentileRank(sample, 9), 100);
  assert.equal(percentileRank([], 0.3), null);
});
