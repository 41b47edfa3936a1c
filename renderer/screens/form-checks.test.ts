/** The forms' own checks (run before anything is sent): items, dose total, new-patient fields. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseItem } from './assessment-form';
import { offProtocolDose, totalDoseMg } from './infusion-form';
import { changedPatientFields, checkPatientDraft, draftOf } from './new-patient';

test('score items: empty is unanswered, in-range digits are scores, anything else is invalid', () => {
  assert.equal(parseItem('', 3), null);
  assert.equal(parseItem(' ', 3), null);
  assert.equal(parseItem('0', 3), 0);
  assert.equal(parseItem('3', 3), 3);
  assert.equal(parseItem('4', 3), 'invalid');
  assert.equal(parseItem('4', 4), 4);
  assert.equal(parseItem('10', 10), 10);
  assert.equal(parseItem('11', 10), 'invalid');
  for (const bad of ['-1', '1.5', 'a', '1e1', '４']) assert.equal(parseItem(bad, bad === '４' ? 3 : 10), 'invalid', bad);
  assert.equal(parseItem('３', 3), 3); // full-width (IME) digits are the same scores
  assert.equal(parseItem('１０', 10), 10);
});

test('total dose = weight × mg/kg, rounded to 0.01 mg; nothing until both are positive numbers', () => {
  assert.equal(totalDoseMg('62.5', '0.3'), 18.75);
  assert.equal(totalDoseMg('70', '0.5'), 35);
  assert.equal(totalDoseMg('55,5', '0,3'), 16.65); // decimal comma accepted
  assert.equal(totalDoseMg('83.3', '0.15'), 12.5); // 12.495 → 12.5
  assert.equal(totalDoseMg('', '0.3'), null);
  assert.equal(totalDoseMg('0', '0.3'), null);
  assert.equal(totalDoseMg('60', 'x'), null);
});

test('new patient: each bad field named; a good draft becomes the contract argument', () => {
  const base = { displayCode: '', hospitalId: '', birthYear: '', sex: 'unknown' as const, diagnosis: '', painDurationMonths: '', psychiatricHistory: 'unset' as const, abnormalMri: 'unset' as const, notes: '' };
  const bad = checkPatientDraft({ ...base, displayCode: ' ', birthYear: '2031', painDurationMonths: '-1', hospitalId: 'x'.repeat(65) }, 2026);
  assert.deepEqual('errors' in bad ? bad.errors : null, {
    displayCode: 'patient.err.displayCode', birthYear: 'patient.err.birthYear', painDurationMonths: 'patient.err.painDuration', hospitalId: 'patient.err.hospitalId',
  });
  assert.ok('errors' in checkPatientDraft({ ...base, displayCode: 'A', birthYear: '70' }, 2026));
  const good = checkPatientDraft({ ...base, displayCode: ' KET-9 ', birthYear: '1970', painDurationMonths: '4.5', psychiatricHistory: 'no', abnormalMri: 'yes', hospitalId: ' ' }, 2026);
  assert.deepEqual('args' in good ? good.args : null, {
    displayCode: 'KET-9', hospitalId: null, birthYear: 1970, sex: 'unknown', diagnosis: '', painDurationMonths: 4.5,
    psychiatricHistory: false, abnormalMri: true, notes: '',
  });
});

test('IME input: full-width weight, dose, code, year and months are the same values', () => {
  assert.equal(totalDoseMg('６２．５', '０．３'), 18.75);
  const base = { displayCode: '', hospitalId: '', birthYear: '', sex: 'unknown' as const, diagnosis: '', painDurationMonths: '', psychiatricHistory: 'unset' as const, abnormalMri: 'unset' as const, notes: '' };
  const good = checkPatientDraft({ ...base, displayCode: 'ＫＥＴ－０１４', birthYear: '１９６８', painDurationMonths: '２４' }, 2026);
  assert.deepEqual('args' in good ? [good.args.displayCode, good.args.birthYear, good.args.painDurationMonths] : null, ['KET-014', 1968, 24]);
});

test('hidden characters in a code or name are named; newlines refused in single-line fields', () => {
  const base = { displayCode: 'KET-1', hospitalId: '', birthYear: '', sex: 'unknown' as const, diagnosis: '', painDurationMonths: '', psychiatricHistory: 'unset' as const, abnormalMri: 'unset' as const, notes: 'a\nb' };
  const bad = checkPatientDraft({ ...base, displayCode: 'KET\u200B1', hospitalId: 'H\u202E1', diagnosis: 'CRPS\nleft' }, 2026);
  assert.deepEqual('errors' in bad ? [bad.errors, bad.points] : null, [
    { displayCode: 'input.err.invisible-character', hospitalId: 'input.err.bidi-control', diagnosis: 'input.err.line-break' },
    { displayCode: 'U+200B', hospitalId: 'U+202E', diagnosis: 'U+000A' },
  ]);
});

test('a total is never shown from invalid inputs; a dose off the protocol is warned about, not refused', () => {
  assert.equal(totalDoseMg('62.5', '7'), null); // dose out of range
  assert.equal(totalDoseMg('450', '0.3'), null); // weight out of range
  assert.equal(totalDoseMg('6e1', '0.3'), null);
  assert.equal(offProtocolDose('0.3'), null);
  assert.equal(offProtocolDose('０．３'), null);
  assert.equal(offProtocolDose('0.5'), 0.5);
  assert.equal(offProtocolDose('7'), null); // invalid: an error, not a warning
});

test('a patient correction sends only the changed fields', () => {
  const saved = {
    id: 1, displayCode: 'KET-1', hospitalId: null, birthYear: 1970, birthDate: null, sex: 'female' as const, diagnosis: 'CRPS',
    painDurationMonths: 24, psychiatricHistory: false, abnormalMri: null, notes: '', createdAt: 'x', updatedAt: 'x', deletedAt: null, deletionReason: null,
  };
  const checked = checkPatientDraft({ ...draftOf(saved), psychiatricHistory: 'yes', painDurationMonths: '２４' }, 2026);
  assert.deepEqual('args' in checked ? changedPatientFields(saved, checked.args) : null, { psychiatricHistory: true });
});
