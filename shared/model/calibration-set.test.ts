import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKrpError } from '../errors';
import { sha256Hex } from '../hash/sha256';
import { CALIBRATION_SET_FORMAT, candidatesFromRecordRows, selectCalibrationSet, type CalibrationCandidate } from './calibration-set';

const S = 'settings-a';

const CANDIDATES: CalibrationCandidate[] = [
  { patientId: 'P2', z: 0.31, settingsHash: S, nrsPre: 8, nrsPost: 2 }, // 75 % → responder
  { patientId: 'P1', z: 0.52, settingsHash: S, nrsPre: 6, nrsPost: 4 }, // 33.3 % → non-responder
  { patientId: 'P3', z: 0.40, settingsHash: S, nrsPre: 4, nrsPost: 2 }, // exactly 50 % → responder
  { patientId: 'P4', z: 0.20, settingsHash: 'settings-b', nrsPre: 8, nrsPost: 1 }, // other settings
  { patientId: 'P5', z: null, settingsHash: null, nrsPre: 7, nrsPost: 3 }, // no analysis
  { patientId: 'P6', z: 0.33, settingsHash: S, nrsPre: 7, nrsPost: null }, // no post NRS
  { patientId: 'P7', z: 0.35, settingsHash: S, nrsPre: 2, nrsPost: 0 }, // baseline below 3
  { patientId: 'P8', z: 0.36, settingsHash: S, nrsPre: 0, nrsPost: 0 }, // baseline 0: undefined
  { patientId: 'P9', z: 0.44, settingsHash: S, nrsPre: 5, nrsPost: 7 }, // worse: −40 %
];

test('keeps only evaluable pairs with the current settings and counts every exclusion', () => {
  const set = selectCalibrationSet(CANDIDATES, S);
  assert.deepEqual(set.patients.map((p) => p.patientId), ['P1', 'P2', 'P3', 'P9']);
  assert.deepEqual(set.patients.map((p) => p.reductionPct), [(100 * 2) / 6, 75, 50, -40]);
  assert.deepEqual(set.patients.map((p) => p.responder), [false, true, true, false]);
  assert.deepEqual([set.n, set.responders, set.nonResponders], [4, 2, 2]);
  assert.deepEqual(set.excluded, { noAnalysis: 1, otherSettings: 1, missingNrs: 1, baselineBelow3: 1, baselineZero: 1, patientItself: 0, treatedLater: 0 });
  assert.equal(set.settingsHash, S);
});

test('the patient being estimated can be left out of their own calibration', () => {
  const set = selectCalibrationSet(CANDIDATES, S, { excludePatientId: 'P2' });
  assert.deepEqual(set.patients.map((p) => p.patientId), ['P1', 'P3', 'P9']);
  assert.equal(set.excluded.patientItself, 1);
});

test('the hash is SHA-256 of the documented canonical text, independent of input order', () => {
  const set = selectCalibrationSet(CANDIDATES, S);
  const text = `${CALIBRATION_SET_FORMAT}\nsettings ${S}\n"P1"\t0.52\t6\t4\n"P2"\t0.31\t8\t2\n"P3"\t0.4\t4\t2\n"P9"\t0.44\t5\t7\n`;
  assert.equal(set.hash, sha256Hex(text));
  assert.equal(selectCalibrationSet([...CANDIDATES].reverse(), S).hash, set.hash);
  // Any change to a calibration value, or to the settings, changes the hash; excluded rows do not.
  const changed = CANDIDATES.map((c) => (c.patientId === 'P3' ? { ...c, nrsPost: 3 } : c));
  assert.notEqual(selectCalibrationSet(changed, S).hash, set.hash);
  const excludedChanged = CANDIDATES.map((c) => (c.patientId === 'P4' ? { ...c, z: 0.9 } : c));
  assert.equal(selectCalibrationSet(excludedChanged, S).hash, set.hash);
  assert.notEqual(selectCalibrationSet(CANDIDATES.map((c) => ({ ...c, settingsHash: c.settingsHash === S ? 'x' : c.settingsHash })), 'x').hash, set.hash);
});

test('refuses a duplicate patient, a non-finite z and an NRS out of range', () => {
  const codeOf = (f: () => unknown): string => {
    try { f(); } catch (e) { assert.ok(isKrpError(e)); return e.code; }
    return 'no error';
  };
  assert.equal(codeOf(() => selectCalibrationSet([CANDIDATES[0], CANDIDATES[0]], S)), 'model.duplicate-patient');
  assert.equal(codeOf(() => selectCalibrationSet([{ ...CANDIDATES[0], z: Number.NaN }], S)), 'model.invalid-z');
  assert.equal(codeOf(() => selectCalibrationSet([{ ...CANDIDATES[0], nrsPost: 11 }], S)), 'record.nrs-out-of-range');
});

test('record-store rows map onto candidates', () => {
  const rows = [{ patientId: 7, displayCode: 'K-007', z: 0.4, settingsHash: S, preNrs: 6, post60Nrs: 3, treatedAt: '2025-03-01T10:00' }];
  assert.deepEqual(candidatesFromRecordRows(rows), [{ patientId: 7, z: 0.4, settingsHash: S, nrsPre: 6, nrsPost: 3, treatedAt: '2025-03-01T10:00' }]);
  assert.equal(selectCalibrationSet(candidatesFromRecordRows(rows), S).patients[0].patientId, '7');
});

test('forward in time: only patients treated strictly before the given time count', () => {
  const dated = CANDIDATES.map((c, i) => ({ ...c, treatedAt: i === 0 ? null : `2025-0${i}-10T09:00` }));
  // P2 (no date), P1 (Jan), P3 (Feb), P9 (Aug) are evaluable; before 2025-02-10T09:00 only P1.
  const set = selectCalibrationSet(dated, S, { treatedBefore: '2025-02-10T09:00' });
  assert.deepEqual(set.patients.map((p) => p.patientId), ['P1']);
  assert.equal(set.patients[0].treatedAt, '2025-01-10T09:00');
  // Excluded for time: P2 (unknown), P3 (same time), P6, P7, P8, P9 (later), counted before their NRS is looked at.
  assert.equal(set.excluded.treatedLater, 6);
  assert.equal(selectCalibrationSet(dated, S).n, 4, 'without a time, every evaluable patient counts');
});
