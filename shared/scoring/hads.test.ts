import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KrpError } from '../errors';
import { hadsBand, scoreHads } from './hads';

/** Builds 14 items from anxiety (items 1,3,…,13) and depression (items 2,4,…,14) values. */
function items(anxiety: (number | null)[], depression: (number | null)[]): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = 0; i < 7; i++) out.push(anxiety[i], depression[i]);
  return out;
}

test('subscales take the odd items for anxiety and the even items for depression', () => {
  // item:    1  2  3  4  5  6  7  8  9 10 11 12 13 14
  const s = scoreHads([3, 0, 2, 1, 1, 2, 2, 0, 1, 3, 0, 1, 0, 0]);
  // anxiety 3+2+1+2+1+0+0 = 9; depression 0+1+2+0+3+1+0 = 7
  assert.deepEqual(s.anxiety, { scored: true, score: 9, band: 'borderline', answered: 7, prorated: false });
  assert.deepEqual(s.depression, { scored: true, score: 7, band: 'normal', answered: 7, prorated: false });
});

test('item scores are used as printed on the form (reverse-worded items are not re-keyed)', () => {
  // Item 7 and item 14 are reverse-worded on the form; a printed 3 still counts 3.
  const s = scoreHads(items([0, 0, 0, 3, 0, 0, 0], [0, 0, 0, 0, 0, 0, 3]));
  assert.equal(s.anxiety.score, 3);
  assert.equal(s.depression.score, 3);
});

test('band edges: 0 and 7 normal, 8 and 10 borderline, 11 and 21 abnormal', () => {
  const cases: [number, string][] = [[0, 'normal'], [7, 'normal'], [8, 'borderline'], [10, 'borderline'], [11, 'abnormal'], [21, 'abnormal']];
  for (const [score, band] of cases) {
    assert.equal(hadsBand(score), band, `score ${score}`);
    // Make a subscale with that sum: fill 3s then the remainder.
    const a: number[] = [];
    let left = score;
    for (let i = 0; i < 7; i++) { const v = Math.min(3, left); a.push(v); left -= v; }
    const s = scoreHads(items(a, [0, 0, 0, 0, 0, 0, 0]));
    assert.equal(s.anxiety.score, score);
    assert.equal(s.anxiety.band, band);
  }
});

test('one missing item is prorated: mean of the six answered × 7, rounded half up', () => {
  // anxiety answered 3,2,1,2,1,0 = 9 over 6 items → 9 × 7 / 6 = 10.5 → 11 (abnormal, not borderline)
  const s = scoreHads(items([3, 2, 1, 2, 1, 0, null], [1, 1, 1, 1, 1, 1, null]));
  assert.deepEqual(s.anxiety, { scored: true, score: 11, band: 'abnormal', answered: 6, prorated: true });
  // depression 6 over 6 → 7
  assert.deepEqual(s.depression, { scored: true, score: 7, band: 'normal', answered: 6, prorated: true });
  // 10 over 6 → 11.67 → 12
  assert.equal(scoreHads(items([3, 3, 2, 1, 1, null, 0], [0, 0, 0, 0, 0, 0, 0])).anxiety.score, 12);
});

test('two missing items in a subscale leave it unscored and say so; the other subscale still scores', () => {
  const s = scoreHads(items([3, null, 1, null, 1, 0, 0], [1, 1, 1, 1, 1, 1, 1]));
  assert.equal(s.anxiety.scored, false);
  assert.equal(s.anxiety.score, null);
  assert.equal(s.anxiety.band, null);
  assert.equal(s.anxiety.answered, 5);
  assert.match(s.anxiety.scored ? '' : s.anxiety.reason, /2 of its 7 items are unanswered/);
  assert.equal(s.depression.score, 7);
});

test('out-of-range and malformed items are refused naming the item', () => {
  const bad = items([0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]);
  bad[4] = 4; // item 5
  assert.throws(() => scoreHads(bad), (e: unknown) => e instanceof KrpError && e.code === 'record.hads-item-out-of-range' && e.details.item === 5 && /item 5/.test(e.message));
  bad[4] = 1.5;
  assert.throws(() => scoreHads(bad), /HADS item 5 is 1.5/);
  bad[4] = -1;
  assert.throws(() => scoreHads(bad), /HADS item 5/);
  assert.throws(() => scoreHads(bad.slice(0, 13)), (e: unknown) => e instanceof KrpError && e.code === 'record.hads-item-count');
});
