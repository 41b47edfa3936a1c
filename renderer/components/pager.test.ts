/** Typed page numbers: full-width digits, clamped to the pages there are, nonsense refused. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageFromText } from './pager';

test('a typed page number becomes a 0-based page within range', () => {
  assert.equal(pageFromText('1', 200), 0);
  assert.equal(pageFromText('150', 200), 149);
  assert.equal(pageFromText('１５０', 200), 149);
  assert.equal(pageFromText('999', 200), 199);
  assert.equal(pageFromText('0', 200), 0);
  assert.equal(pageFromText('3', 0), 0);
  assert.equal(pageFromText('', 200), null);
  assert.equal(pageFromText('2.5', 200), null);
  assert.equal(pageFromText('-3', 200), null);
});
