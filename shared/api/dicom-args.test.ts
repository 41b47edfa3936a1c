/** The DICOM methods' arguments are parsed at the boundary like every other method. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from '../api';

test('imaging.listSeries takes an absolute path only', () => {
  assert.deepEqual(parseArgs('imaging.listSeries', { path: '/scans/session' }), { path: '/scans/session' });
  assert.throws(() => parseArgs('imaging.listSeries', { path: 'session' }), { code: 'ipc.invalid-argument' });
  assert.throws(() => parseArgs('imaging.listSeries', { path: '/x', extra: 1 }), { code: 'ipc.invalid-argument' });
});

test('imaging.analyze takes a BOLD series number and a T1 path; bad ones are refused', () => {
  const base = { patientId: 1, boldPath: '/scans/session', acquiredAt: '2022-07-11' };
  assert.equal(parseArgs('imaging.analyze', { ...base, boldSeries: 7, t1Path: '/scans/t1.nii.gz' }).boldSeries, 7);
  assert.equal(parseArgs('imaging.analyze', { ...base, boldSeries: null, t1Path: null }).t1Path, null);
  assert.throws(() => parseArgs('imaging.analyze', { ...base, boldSeries: 1.5 }), { code: 'ipc.invalid-argument' });
  assert.throws(() => parseArgs('imaging.analyze', { ...base, boldSeries: -1 }), { code: 'ipc.invalid-argument' });
  assert.throws(() => parseArgs('imaging.analyze', { ...base, t1Path: 't1.nii' }), { code: 'ipc.invalid-argument' });
});

test('imaging.reject needs a reason; the folder dialog purpose and the registration image kind exist', () => {
  assert.throws(() => parseArgs('imaging.reject', { analysisId: 3, reason: '' }), { code: 'ipc.invalid-argument' });
  assert.equal(parseArgs('imaging.reject', { analysisId: 3, reason: 'outlines off the brain' }).reason, 'outlines off the brain');
  assert.equal(parseArgs('imaging.chooseFile', { purpose: 'dicom-folder' }).purpose, 'dicom-folder');
  assert.equal(parseArgs('imaging.image', { analysisId: 3, kind: 'registration' }).kind, 'registration');
  assert.throws(() => parseArgs('imaging.image', { analysisId: 3, kind: 'raw' }), { code: 'ipc.invalid-argument' });
});
