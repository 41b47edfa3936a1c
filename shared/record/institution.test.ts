import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INSTITUTION_MAX, checkInstitution } from './institution';

test('the institution name is NFKC-normalised, trimmed, one line, at most 120 characters', () => {
  assert.deepEqual(checkInstitution('  ＫＫＲ　病院  ペインクリニック '), { ok: true, value: 'KKR 病院 ペインクリニック' });
  assert.deepEqual(checkInstitution('A\u202eB'), { ok: false, error: 'control' });
  assert.deepEqual(checkInstitution('A\u200bB'), { ok: false, error: 'control' });
  assert.deepEqual(checkInstitution('病'.repeat(INSTITUTION_MAX)), { ok: true, value: '病'.repeat(INSTITUTION_MAX) });
  assert.deepEqual(checkInstitution('病'.repeat(INSTITUTION_MAX + 1)), { ok: false, error: 'too-long' });
  assert.deepEqual(checkInstitution('   '), { ok: true, value: '' });
});
