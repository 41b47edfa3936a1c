import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KrpError } from '../errors';
import { nrsOutcome, nrsReductionPct } from './nrs';

test('percent reduction = 100 × (pre − post) / pre, responder from 50 %', () => {
  assert.deepEqual(nrsOutcome(8, 4), { status: 'evaluable', pre: 8, post: 4, reductionPct: 50, responder: true });
  assert.deepEqual(nrsOutcome(8, 5), { status: 'evaluable', pre: 8, post: 5, reductionPct: 37.5, responder: false });
  assert.equal(nrsOutcome(10, 5).responder, true);
  assert.equal(nrsOutcome(10, 6).responder, false);
  assert.equal(nrsOutcome(3, 0).reductionPct, 100);
});

test('worse pain gives a negative reduction, not a clipped 0', () => {
  const o = nrsOutcome(4, 5);
  assert.equal(o.reductionPct, -25);
  assert.equal(o.responder, false);
});

test('baseline below 3 is not evaluable; the % is kept but not judged', () => {
  const o = nrsOutcome(2, 0);
  assert.equal(o.status, 'not-evaluable');
  assert.equal(o.reductionPct, 100);
  assert.equal(o.responder, null);
  assert.equal(nrsOutcome(3, 3).status, 'evaluable');
});

test('baseline 0 is undefined, never coerced to 0 %', () => {
  const o = nrsOutcome(0, 0);
  assert.equal(o.status, 'undefined');
  assert.equal(o.reductionPct, null);
  assert.equal(nrsReductionPct(0, 2), null);
});

test('a missing value gives status missing', () => {
  assert.equal(nrsOutcome(null, 3).status, 'missing');
  assert.equal(nrsOutcome(7, null).status, 'missing');
  assert.equal(nrsOutcome(7, null).reductionPct, null);
});

test('out-of-range or fractional NRS is refused', () => {
  assert.throws(() => nrsOutcome(11, 2), (e: unknown) => e instanceof KrpError && e.code === 'record.nrs-out-of-range' && e.details.field === 'Baseline NRS');
  assert.throws(() => nrsOutcome(5, 2.5), /Post-infusion NRS is 2.5/);
  assert.throws(() => nrsOutcome(-1, 2), KrpError);
});
