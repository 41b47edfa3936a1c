import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextSort } from './cohort-patient-table';

test('a header click sorts by that column; a second click reverses it (reduction both ways)', () => {
  let order = nextSort({ sort: 'code', direction: 'asc' }, 'reduction');
  assert.deepEqual(order, { sort: 'reduction', direction: 'desc' }, 'numbers start with the largest');
  order = nextSort(order, 'reduction');
  assert.deepEqual(order, { sort: 'reduction', direction: 'asc' }, 'then the smallest first');
  assert.deepEqual(nextSort(order, 'reduction'), { sort: 'reduction', direction: 'desc' });
  assert.deepEqual(nextSort(order, 'code'), { sort: 'code', direction: 'asc' }, 'codes start in natural order');
  assert.deepEqual(nextSort({ sort: 'code', direction: 'asc' }, 'code'), { sort: 'code', direction: 'desc' });
});
