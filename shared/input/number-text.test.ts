import assert from 'node:assert/strict';
import { test } from 'node:test';
import { digitOfKey, digitsOf, foldNumberText, parseDecimalText, parseIntegerText } from './number-text';

test('full-width digits, point, comma and minus fold to ASCII (IME input)', () => {
  assert.equal(foldNumberText('６２．５'), '62.5');
  assert.equal(foldNumberText(' ２４ '), '24');
  assert.equal(foldNumberText('−３'), '-3');
  assert.equal(foldNumberText('５５，５'), '55.5');
  assert.equal(foldNumberText('1,234.5'), '1,234.5'); // a thousands comma is not a decimal comma
});

test('decimals: value or the named problem', () => {
  assert.deepEqual(parseDecimalText('６２．５', 1, 400), { ok: true, value: 62.5 });
  assert.deepEqual(parseDecimalText('0,3', 0.01, 5), { ok: true, value: 0.3 });
  assert.deepEqual(parseDecimalText('', 0, 1), { ok: false, problem: 'empty' });
  assert.deepEqual(parseDecimalText('6e1', 0, 100), { ok: false, problem: 'not-a-number' });
  assert.deepEqual(parseDecimalText('62kg', 0, 100), { ok: false, problem: 'not-a-number' });
  assert.deepEqual(parseDecimalText('401', 1, 400), { ok: false, problem: 'out-of-range' });
  assert.deepEqual(parseDecimalText('Infinity', 0, 1e400), { ok: false, problem: 'not-a-number' });
});

test('integers: full-width accepted, fractions named as not whole', () => {
  assert.deepEqual(parseIntegerText('２４', 0, 1200), { ok: true, value: 24 });
  assert.deepEqual(parseIntegerText('１９６８', 1900, 2026), { ok: true, value: 1968 });
  assert.deepEqual(parseIntegerText('2.5', 0, 10), { ok: false, problem: 'not-whole' });
  assert.deepEqual(parseIntegerText('x', 0, 10), { ok: false, problem: 'not-a-number' });
  assert.deepEqual(parseIntegerText('11', 0, 10), { ok: false, problem: 'out-of-range' });
});

test('digits of a pasted row and of one key', () => {
  assert.deepEqual(digitsOf('2103 ２\t1,0'), [2, 1, 0, 3, 2, 1, 0]);
  assert.equal(digitOfKey('８'), 8);
  assert.equal(digitOfKey('0'), 0);
  for (const k of ['a', 'Backspace', '10', '', '٣']) assert.equal(digitOfKey(k), null, k);
});
