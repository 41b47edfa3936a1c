import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isKrpError } from '../../../shared/errors';
import { convertDicomSeries, stripIdentity, timingFromSidecar } from './convert-dicom';
import { BOLD_SERIES, SKIP_MESSAGE, T1_SERIES, xa30Dir, xa30Files, xa30Reference } from './dicom-test-data';

const IDENTITY_KEYS = ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'InstitutionName', 'AccessionNumber'];

test('the real Siemens XA30 BOLD converts to 64×64×33 × 20 with the reference TR and SliceTiming, no identity', async (t) => {
  if (!xa30Dir()) { t.skip(SKIP_MESSAGE); return; }
  const fractions: number[] = [];
  const converted = await convertDicomSeries(xa30Files(BOLD_SERIES), { onProgress: (f) => fractions.push(f) });
  assert.deepEqual(converted.series.dims, [64, 64, 33]);
  assert.equal(converted.series.volumes.length, 20);
  const reference = xa30Reference(BOLD_SERIES);
  if (reference) {
    assert.equal(converted.timing.repetitionTime, reference.RepetitionTime);
    assert.deepEqual(converted.timing.sliceTiming, reference.SliceTiming);
    assert.equal(converted.timing.phaseEncodingDirection, reference.PhaseEncodingDirection);
  }
  assert.equal(converted.series.tr, converted.timing.repetitionTime);
  // The affine: 3 mm in-plane voxels, 3.4 mm slices (reference SliceThickness), slightly oblique.
  const a = converted.series.affine;
  const column = (c: number) => Math.hypot(a[c], a[4 + c], a[8 + c]);
  assert.ok(Math.abs(column(2) - 3.4) < 0.01, `slice spacing ${column(2)}`);
  assert.ok(converted.series.volumes[0].some((v) => v > 100), 'the image holds signal');
  for (const key of IDENTITY_KEYS) assert.ok(!(key in converted.sidecar), `${key} removed`);
  const returned = JSON.stringify({ sidecar: converted.sidecar, timing: converted.timing });
  // The real files carry PatientName XAtest_sub-July11, PatientID 12343@hucheng, birth date 19910101.
  for (const identity of ['XAtest', '12343', '19910101', 'Indiana']) assert.ok(!returned.includes(identity), `${identity} not returned`);
  assert.equal(fractions.at(-1), 1);
  assert.ok(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]), 'progress only grows');
});

test('the real T1 converts to one 3D volume', async (t) => {
  if (!xa30Dir()) { t.skip(SKIP_MESSAGE); return; }
  const converted = await convertDicomSeries(xa30Files(T1_SERIES));
  assert.equal(converted.series.volumes.length, 1);
  assert.equal(converted.volume.data, converted.series.volumes[0]);
  const reference = xa30Reference(T1_SERIES);
  if (reference) assert.equal(converted.timing.repetitionTime, reference.RepetitionTime);
  const voxels = converted.series.dims[0] * converted.series.dims[1] * converted.series.dims[2];
  assert.equal(converted.volume.data.length, voxels);
  assert.ok(converted.series.dims.every((d) => d >= 64));
});

test('a series with a file cut short gives dicom.corrupt; the converter leaves process.exitCode alone', async (t) => {
  if (!xa30Dir()) { t.skip(SKIP_MESSAGE); return; }
  const dir = mkdtempSync(join(tmpdir(), 'krp-convert-cut-'));
  try {
    const files = xa30Files(BOLD_SERIES).map((f, i) => {
      const bytes = readFileSync(f);
      const copy = join(dir, `${i}.dcm`);
      writeFileSync(copy, i === 5 ? bytes.subarray(0, bytes.length >> 1) : bytes);
      return copy;
    });
    const before = process.exitCode;
    await assert.rejects(convertDicomSeries(files), (e) => isKrpError(e) && e.code === 'dicom.corrupt');
    assert.equal(process.exitCode, before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('files that are not DICOM give dicom.none-found, and a cancelled conversion rejects as cancelled', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-convert-'));
  try {
    const junk = join(dir, 'notes.txt');
    writeFileSync(junk, 'not a DICOM file at all'.repeat(20));
    await assert.rejects(convertDicomSeries([junk]), (e) => isKrpError(e) && e.code === 'dicom.none-found');
    await assert.rejects(convertDicomSeries([]), (e) => isKrpError(e) && e.code === 'dicom.none-found');
    await assert.rejects(convertDicomSeries([join(dir, 'moved-away.dcm')]), (e) => isKrpError(e) && e.code === 'dicom.not-found');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(convertDicomSeries([junk], { signal: controller.signal }), (e) => isKrpError(e) && e.code === 'analysis.cancelled');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stripIdentity removes patient and site keys and keeps acquisition keys', () => {
  const kept = stripIdentity({ PatientName: 'DOE^JANE', PatientID: '123', PatientBirthDate: '19700101', InstitutionName: 'X', RepetitionTime: 2, PatientPosition: 'HFS' });
  assert.deepEqual(kept, { RepetitionTime: 2, PatientPosition: 'HFS' });
});

test('timingFromSidecar keeps SliceTiming only when it has one time per slice within the TR', () => {
  assert.deepEqual(timingFromSidecar({ RepetitionTime: 2, SliceTiming: [0, 1, 0.5] }, 3, null).sliceTiming, [0, 1, 0.5]);
  assert.equal(timingFromSidecar({ RepetitionTime: 2, SliceTiming: [0, 1] }, 3, null).sliceTiming, null);
  assert.equal(timingFromSidecar({ RepetitionTime: 2, SliceTiming: [0, 3, 1] }, 3, null).sliceTiming, null);
  assert.equal(timingFromSidecar({}, 3, 2.5).repetitionTime, 2.5);
});
