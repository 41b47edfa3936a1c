/** Dates typed and shown in the app's language, not Chromium's locale. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDateText, parseDateText, shiftClamped, toLocalInput } from './datetime';

test('Japanese order and marks are read, full-width digits included', () => {
  assert.equal(parseDateText('2025/03/04', 'ja', false), '2025-03-04');
  assert.equal(parseDateText('2025年3月4日', 'ja', false), '2025-03-04');
  assert.equal(parseDateText('２０２５／０３／０４　１４：３０', 'ja', true), '2025-03-04T14:30');
  assert.equal(parseDateText('2025年3月4日 14時30分', 'ja', true), '2025-03-04T14:30');
  assert.equal(parseDateText('2025-03-04T14:30', 'ja', true), '2025-03-04T14:30');
});

test('English reads day-first (en-GB) and month names; ISO always', () => {
  assert.equal(parseDateText('4/3/2025', 'en', false), '2025-03-04');
  assert.equal(parseDateText('4 Mar 2025 14:30', 'en', true), '2025-03-04T14:30');
  assert.equal(parseDateText('04 March 2025', 'en', false), '2025-03-04');
  assert.equal(parseDateText('2025-03-04', 'en', false), '2025-03-04');
  assert.equal(parseDateText('4/3/2025', 'ja', false), null, 'Japanese does not guess a day-first order');
});

test('impossible dates and times are refused, and a time is required only where one is expected', () => {
  assert.equal(parseDateText('2025/02/29', 'ja', false), null);
  assert.equal(parseDateText('2024/02/29', 'ja', false), '2024-02-29');
  assert.equal(parseDateText('2025/04/31', 'ja', false), null);
  assert.equal(parseDateText('2025/03/04 24:00', 'ja', true), null);
  assert.equal(parseDateText('2025/03/04', 'ja', true), null);
  assert.equal(parseDateText('2025/03/04 10:00', 'ja', false), null);
  assert.equal(parseDateText('', 'en', false), null);
  assert.equal(parseDateText('yesterday', 'en', false), null);
  assert.equal(parseDateText('31 Foo 2025', 'en', false), null);
});

test('shown in the language order; what is shown reads back to the same value', () => {
  assert.equal(formatDateText('2025-03-04', 'ja'), '2025/03/04');
  assert.equal(formatDateText('2025-03-04T14:30', 'ja'), '2025/03/04 14:30');
  assert.equal(formatDateText('2025-03-04T09:05', 'en'), '4 Mar 2025 09:05');
  for (const iso of ['2025-03-04', '2025-12-31T23:59', '2024-02-29T00:00']) {
    for (const lang of ['ja', 'en'] as const) assert.equal(parseDateText(formatDateText(iso, lang), lang, iso.includes('T')), iso);
  }
});

test('existing helpers keep their behaviour', () => {
  assert.equal(toLocalInput(new Date(2025, 2, 4, 14, 30)), '2025-03-04T14:30');
  assert.equal(shiftClamped('2025-03-04T14:30', 60, new Date(2025, 2, 4, 15, 0)), '2025-03-04T15:00');
});
