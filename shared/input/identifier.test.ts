import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTextValue, identifierKey } from './identifier';

const code = { maxLength: 40, required: true };

test('full-width look-alikes normalize to the same identifier', () => {
  assert.deepEqual(checkTextValue('ＫＥＴ－０１４', code), { ok: true, value: 'KET-014' });
  assert.deepEqual(checkTextValue('  KET-014 ', code), { ok: true, value: 'KET-014' });
  assert.equal(identifierKey('ＫＥＴ－０１４'), identifierKey('ket-014'));
});

test('invisible, bidi, control characters, line breaks and lone surrogates are refused, naming the character', () => {
  assert.deepEqual(checkTextValue('KET\u200B014', code), { ok: false, problem: 'invisible-character', codePoint: 'U+200B' });
  assert.deepEqual(checkTextValue('\uFEFFKET', code), { ok: false, problem: 'invisible-character', codePoint: 'U+FEFF' });
  assert.deepEqual(checkTextValue('KET\u202E410', code), { ok: false, problem: 'bidi-control', codePoint: 'U+202E' });
  assert.deepEqual(checkTextValue('KET\n014', code), { ok: false, problem: 'line-break', codePoint: 'U+000A' });
  assert.deepEqual(checkTextValue('KET\u0007', code), { ok: false, problem: 'control-character', codePoint: 'U+0007' });
  assert.deepEqual(checkTextValue('KET\uD800', code), { ok: false, problem: 'lone-surrogate', codePoint: 'U+D800' });
  assert.deepEqual(checkTextValue('\uDC00KET', code), { ok: false, problem: 'lone-surrogate', codePoint: 'U+DC00' });
});

test('multiline text keeps its line breaks and tabs but not other controls', () => {
  assert.deepEqual(checkTextValue('line 1\nline 2\tx', { maxLength: 100, multiline: true }), { ok: true, value: 'line 1\nline 2\tx' });
  assert.equal(checkTextValue('a\u0000b', { maxLength: 100, multiline: true }).ok, false);
});

test('empty and too long are named; length counts characters after NFKC', () => {
  assert.deepEqual(checkTextValue('   ', code), { ok: false, problem: 'empty' });
  assert.deepEqual(checkTextValue('', { maxLength: 5 }), { ok: true, value: '' });
  assert.deepEqual(checkTextValue('x'.repeat(41), code), { ok: false, problem: 'too-long', max: 40 });
  assert.deepEqual(checkTextValue('😀'.repeat(40), code), { ok: true, value: '😀'.repeat(40) });
});
