import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INSTITUTION_MAX, checkInstitution, loadInstitution, saveInstitution } from './institution';

function memory(): Storage {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k),
    clear: () => map.clear(), key: (i) => [...map.keys()][i] ?? null, get length() { return map.size; },
  };
}

test('the institution name is NFKC-normalised, trimmed, one line, at most 120 characters', () => {
  assert.deepEqual(checkInstitution('  ＫＫＲ　病院  ペインクリニック '), { ok: true, value: 'KKR 病院 ペインクリニック' });
  assert.deepEqual(checkInstitution('A\u202eB'), { ok: false, error: 'control' });
  assert.deepEqual(checkInstitution('病'.repeat(INSTITUTION_MAX)), { ok: true, value: '病'.repeat(INSTITUTION_MAX) });
  assert.deepEqual(checkInstitution('病'.repeat(INSTITUTION_MAX + 1)), { ok: false, error: 'too-long' });
});

test('saved and loaded through storage; empty removes it; no storage gives an empty name', () => {
  const storage = memory();
  assert.equal(loadInstitution(storage), '');
  saveInstitution('東京ペインクリニック', storage);
  assert.equal(loadInstitution(storage), '東京ペインクリニック');
  saveInstitution('', storage);
  assert.equal(loadInstitution(storage), '');
  assert.equal(loadInstitution(null), '');
});
