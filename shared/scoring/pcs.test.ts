import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KrpError } from '../errors';
import { scorePcs } from './pcs';

//             item: 1  2  3  4  5  6  7  8  9 10 11 12 13
const EXAMPLE = [1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3];

test('total and subscales of a complete form', () => {
  const s = scorePcs(EXAMPLE);
  // helplessness 1+2+3+4+0 (items 1–5) + 2 (item 12) = 12; magnification 1+2 (6, 7) + 3 (13) = 6;
  // rumination 3+4+0+1 (items 8–11) = 8; total 26.
  assert.equal(s.helplessness.score, 12);
  assert.equal(s.magnification.score, 6);
  assert.equal(s.rumination.score, 8);
  assert.deepEqual(s.total, { scored: true, score: 26, answered: 13, prorated: false });
  assert.equal(s.clinicallyRelevant, false);
});

test('clinically relevant at a total of 30, not at 29; range 0–52', () => {
  const at = (total: number) => {
    const items: number[] = [];
    let left = total;
    for (let i = 0; i < 13; i++) { const v = Math.min(4, left); items.push(v); left -= v; }
    return scorePcs(items);
  };
  assert.equal(at(29).total.score, 29);
  assert.equal(at(29).clinicallyRelevant, false);
  assert.equal(at(30).clinicallyRelevant, true);
  assert.equal(at(0).total.score, 0);
  assert.equal(at(52).total.score, 52);
  assert.equal(at(52).clinicallyRelevant, true);
});

test('one missing item: total prorated over 13, its subscale prorated over its items', () => {
  const items = [...EXAMPLE] as (number | null)[];
  items[12] = null; // item 13 (magnification)
  const s = scorePcs(items);
  // total 23 over 12 answered → 23 × 13 / 12 = 24.92 → 25
  assert.deepEqual(s.total, { scored: true, score: 25, answered: 12, prorated: true });
  // magnification 1 + 2 over 2 answered → 3 × 3 / 2 = 4.5 → 5
  assert.deepEqual(s.magnification, { scored: true, score: 5, answered: 2, prorated: true });
  assert.equal(s.rumination.score, 8);
});

test('two missing items: total still prorated; a subscale missing two is unscored', () => {
  const items = [...EXAMPLE] as (number | null)[];
  items[11] = null; // item 12 (helplessness)
  items[12] = null; // item 13 (magnification)
  const s = scorePcs(items);
  // 21 over 11 → 21 × 13 / 11 = 24.82 → 25
  assert.equal(s.total.score, 25);
  // helplessness 10 over 5 → 12
  assert.equal(s.helplessness.score, 12);
  assert.equal(s.magnification.score, 5);
  const both = [...EXAMPLE] as (number | null)[];
  both[5] = null; both[6] = null; // items 6 and 7, both magnification
  const t = scorePcs(both);
  assert.equal(t.magnification.scored, false);
  assert.equal(t.total.scored, true);
});

test('three missing items leave the total unscored and the flag unknown', () => {
  const items = [...EXAMPLE] as (number | null)[];
  items[0] = null; items[7] = null; items[5] = null;
  const s = scorePcs(items);
  assert.equal(s.total.scored, false);
  assert.equal(s.total.score, null);
  assert.equal(s.clinicallyRelevant, null);
  assert.match(s.total.scored ? '' : s.total.reason, /3 of its 13 items/);
});

test('out-of-range items are refused naming the item', () => {
  const items = [...EXAMPLE];
  items[9] = 5;
  assert.throws(() => scorePcs(items), (e: unknown) => e instanceof KrpError && e.code === 'record.pcs-item-out-of-range' && e.details.item === 10);
  assert.throws(() => scorePcs(EXAMPLE.slice(1)), (e: unknown) => e instanceof KrpError && e.code === 'record.pcs-item-count');
});
