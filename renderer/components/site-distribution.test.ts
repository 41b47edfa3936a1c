/** The site distribution strip: own point left out, percentile by mid-rank, spread deterministic and bounded. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { siteDistribution, spread } from './site-distribution';

test('the patient is compared with the other patients only, by mid-rank percentile', () => {
  const points = [
    { patientId: '1', z: 0.1 }, { patientId: '2', z: 0.2 }, { patientId: '3', z: 0.3 }, { patientId: '7', z: 0.25 }, { patientId: '4', z: Number.NaN },
  ];
  const d = siteDistribution(points, 7, 0.25);
  assert.equal(d.n, 3); // own point and the non-finite one left out
  assert.equal(d.percentile, (100 * 2) / 3); // 0.1 and 0.2 below, none equal
  assert.deepEqual([d.min, d.max], [0.1, 0.3]);
  assert.deepEqual(d.others.map((o) => o.x), [0.1, 0.2, 0.3]);
  const tie = siteDistribution([{ patientId: '1', z: 0.5 }, { patientId: '2', z: 0.5 }], 9, 0.5);
  assert.equal(tie.percentile, 50);
});

test('an empty site gives no percentile', () => {
  const d = siteDistribution([{ patientId: '3', z: 0.2 }], 3, 0.2);
  assert.equal(d.n, 0);
  assert.equal(d.percentile, null);
  assert.equal(d.min, null);
});

test('the spread is the same on every call, bounded, and separates neighbours', () => {
  const ys = Array.from({ length: 50 }, (_, i) => spread(i));
  assert.deepEqual(ys, Array.from({ length: 50 }, (_, i) => spread(i)));
  assert.ok(ys.every((y) => y >= -0.4 && y <= 0.4));
  assert.ok(ys.slice(1).every((y, i) => Math.abs(y - ys[i]!) > 0.05));
});
