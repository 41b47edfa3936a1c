/** Service errors in the user's language: catalogue text with details, no English in Japanese, no doubled prefix. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KrpError } from '../shared/errors';
import { makeI18n } from './i18n/i18n';
import { errorDetail, errorText, problemText } from './error-text';

const ja = makeI18n('ja');
const en = makeI18n('en');
const rowCount = new KrpError('confounds.row-count', 'The confounds file x.tsv has 99 rows but the image has 100 volumes: choose the right file.', { rows: 99, volumes: 100 });
const unknown = new KrpError('engine.something-new', 'Something new went wrong. Do this.');

test('a known code shows the catalogue sentence with the service details, in each language', () => {
  assert.equal(errorText(rowCount, ja), '交絡ファイルの行数（99）が画像のボリューム数（100）と一致しません。この撮像の交絡ファイルを選んでください。');
  assert.match(errorText(rowCount, en), /has 99 rows but the image has 100 volumes/);
});

test('an unknown code never shows English in the Japanese UI, and names the code', () => {
  const text = errorText(unknown, ja);
  assert.ok(text.includes('engine.something-new'), text);
  assert.ok(!text.includes('Something new'), text);
  assert.ok(!/[A-Za-z]{4,}/.test(text.replace('engine.something-new', '')), text);
  assert.ok(errorText(unknown, en).includes('Something new went wrong. Do this.'));
});

test('errors that are not KrpErrors (internal) are shown without their English text in Japanese', () => {
  const text = errorText(new Error('ECONNRESET socket hang up'), ja);
  assert.ok(!text.includes('socket'), text);
  assert.ok(errorText(new Error('ECONNRESET socket hang up'), en).includes('could not be completed'));
});

test('a framed message ("the analysis failed: …") gets the bare detail: the prefix is not doubled', () => {
  const framed = ja.t('imaging.failed', { message: errorDetail(unknown, ja) });
  assert.equal(framed.split('できませんでした').length - 1, 0, framed);
  const framedEn = en.t('imaging.failed', { message: errorDetail(unknown, en) });
  assert.ok(!/could not be completed/.test(framedEn), framedEn);
  assert.equal(errorDetail(rowCount, ja), errorText(rowCount, ja), 'a known code has no frame either way');
});

test('problems kept as data follow the language', () => {
  assert.equal(problemText({ key: 'score.prorated' }, ja), '比例配分');
  assert.equal(problemText({ error: rowCount }, en), errorText(rowCount, en));
});
