import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { canonicalJson } from '../../../shared/canonical-json';
import { entryHash, GENESIS_HASH } from './audit-log';
import { rowHasher, rowImageHash } from './row-binding';

// The verifier's fast hashing must give exactly the hashes the trail already holds (the binding
// format: SHA-256 of table, newline, canonical JSON of the non-NULL columns; entries: previous
// hash + canonical JSON of the fields). Reference implementations written as the format states it.
const referenceRowHash = (table: string, row: Record<string, unknown>) => {
  const image: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== null && v !== undefined) image[k] = v;
  return createHash('sha256').update(table).update('\n').update(canonicalJson(image)).digest('hex');
};

const ROWS: Record<string, unknown>[] = [
  { id: 1, display_code: 'KET-001', hospital_id: null, notes: 'line "quoted" \\ back\nslash', z: -0.123456789012345, n: 0 },
  { zeta: 1e21, alpha: 5e-7, mid: -0, big: 9007199254740991, text: 'ＫＥＴ－０１４ 山田 😀', ctl: '\u0001\u2028', empty: '' },
  { b: 'x', a: 'y', B: 'upper sorts first', _u: 1, a1: 2, 'a-b': 3 },
  { only_null: null },
  { json: '{"b":1,"a":[1,2]}', lone: 'broken \ud800 surrogate' },
];

test('the fast row hash equals the binding format for every kind of stored value', () => {
  for (const [i, row] of ROWS.entries()) {
    const table = `t${i}`;
    assert.equal(rowImageHash(table, row), referenceRowHash(table, row), JSON.stringify(row));
    const columns = Object.keys(row).reverse(); // column order of a statement does not matter
    assert.equal(rowHasher(table, columns)(columns.map((c) => row[c])), referenceRowHash(table, row));
  }
  assert.notEqual(rowImageHash('a', ROWS[0]), rowImageHash('b', ROWS[0]), 'the table name is part of the image');
  assert.notEqual(rowImageHash('a', { x: 1 }), rowImageHash('a', { x: '1' }), 'a number and its text differ');
});

test('the entry hash equals the chain format (previous hash + canonical JSON of the stored fields)', () => {
  const row = {
    seq: 7, at: '2025-06-01T12:00:00.000Z', clinician: 'Dr 山田', os_user: 'u', entity: 'patient', entity_id: null, action: 'update',
    before_json: '{"displayCode":"ＫＥＴ"}', after_json: null, prev_hash: GENESIS_HASH, rows_json: '[["patients",1,"ab"]]',
  };
  const fields = [row.seq, row.at, row.clinician, row.os_user, row.entity, row.entity_id, row.action, row.before_json, row.after_json, row.prev_hash, row.rows_json];
  assert.equal(entryHash(row), createHash('sha256').update(row.prev_hash).update(canonicalJson(fields)).digest('hex'));
  const { rows_json: _r, ...withoutRows } = row;
  assert.equal(entryHash(withoutRows), createHash('sha256').update(row.prev_hash).update(canonicalJson(fields.slice(0, 10))).digest('hex'));
});
