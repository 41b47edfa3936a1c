/** Both catalogues: same keys, same placeholders, nothing empty; formatting follows the language. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from './catalog-en';
import { ja } from './catalog-ja';
import { interpolate, makeI18n } from './i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('ja and en have exactly the same keys and the same placeholders', () => {
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    assert.ok(en[key].trim() !== '' && ja[key].trim() !== '', key);
    assert.deepEqual(placeholders(ja[key]), placeholders(en[key]), key);
  }
});

test('the research-use banner text is the required wording in both languages', () => {
  assert.equal(ja['app.banner'], '本ソフトウェアは研究用であり、医薬品医療機器等法に基づく承認・認証を受けた医療機器ではありません。');
  assert.equal(en['app.banner'], 'For research use only. Not a medical device.');
});

test('interpolation fills known names and leaves unknown ones visible', () => {
  assert.equal(interpolate('{a} of {b}', { a: 1, b: 'x' }), '1 of x');
  assert.equal(interpolate('{a} and {c}', { a: 1 }), '1 and {c}');
});

test('numbers, percentages and dates follow the language', () => {
  const j = makeI18n('ja');
  const e = makeI18n('en');
  assert.equal(e.number(12345.678, 1), '12,345.7');
  assert.equal(j.percent(62.5), '62.5%');
  assert.equal(e.percent(-12.34), '\u221212.3%', 'true minus (U+2212), as the shared formatter writes it');
  assert.equal(j.dateTime('2025-03-04T14:30'), '2025/03/04 14:30');
  assert.equal(e.dateTime('2025-03-04T14:30'), '4 Mar 2025, 14:30');
  assert.equal(j.date('2025-03-04'), '2025/03/04');
  assert.equal(j.dateTime('2025-03-04'), '2025/03/04', 'a date without a time shows no "0:00"');
  assert.equal(e.dateTime('2025-03-04'), '4 Mar 2025');
  assert.equal(e.t('list.count', { from: 1, to: 50, total: '10,000' }), '1–50 of 10,000');
  assert.equal(j.t('list.count', { from: 1, to: 50, total: '10,000' }), '10,000 件中 1–50 件');
  assert.equal(j.dateTime('not a date'), 'not a date');
});
