import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invertAffine, multiplyAffine } from '../../../shared/imaging/affine';
import { coregisterToT1 } from './coregister';
import { normalizeEpi, normalizeT1 } from './normalize';
import { brainErrorMm, rigidMove, scannerPhantom } from './scanner-phantom';

// Statistic: the largest distance, over the voxels of the MNI brain mask (2 mm grid), between where
// the found and the true MNI → scanner transforms put them (issue 13: "comes back within 1 mm").
const fmt = (e: { mean: number; max: number }) => `mean ${e.mean.toFixed(2)} mm, max ${e.max.toFixed(2)} mm`;

test('the phantom moved into scanner space comes back to MNI within 1 mm at every brain voxel: T1 route, EPI via T1, EPI-only route', async () => {
  const phantom = await scannerPhantom();
  const truth = invertAffine(phantom.scannerToMni);
  const viaT1 = await normalizeT1(phantom.t1);
  const t1Error = await brainErrorMm(viaT1.mniToSubject, truth);
  assert.ok(t1Error.max <= 1, `T1 normalization off by ${fmt(t1Error)}`);
  assert.ok(viaT1.agreement > 0.9, `agreement ${viaT1.agreement}`);
  const coregistration = await coregisterToT1(phantom.meanEpi, phantom.t1);
  // Was 1.27 mm (max) before the EPI was registered to the skull-stripped T1.
  const coregistrationError = await brainErrorMm(multiplyAffine(coregistration.t1ToEpi, truth), truth);
  assert.ok(coregistrationError.max <= 1, `EPI ↔ T1 off by ${fmt(coregistrationError)}`);
  const composedError = await brainErrorMm(multiplyAffine(coregistration.t1ToEpi, viaT1.mniToSubject), truth);
  assert.ok(composedError.max <= 1, `EPI via T1 off by ${fmt(composedError)}`);
  const viaEpi = await normalizeEpi(phantom.meanEpi);
  // Was 1.50 mm (max; 0.76 mean) while the reference was the fixed image (samples beyond the EPI's slab).
  const epiError = await brainErrorMm(viaEpi.mniToSubject, truth);
  assert.ok(epiError.max <= 1, `EPI-only normalization off by ${fmt(epiError)}`);
  assert.ok(viaEpi.agreement > 0.8, `Dice ${viaEpi.agreement}`);
});

test('a head that moved between the T1 and the EPI (8 mm, 6°): the composed EPI → MNI mapping still comes back within 1 mm', async () => {
  const epiMotion = rigidMove(0.1, -0.04, 0.03, [3, -8, 8]);
  const phantom = await scannerPhantom({ epiMotion });
  const truth = invertAffine(phantom.epiToMni);
  const viaT1 = await normalizeT1(phantom.t1);
  const coregistration = await coregisterToT1(phantom.meanEpi, phantom.t1);
  const composed = multiplyAffine(coregistration.t1ToEpi, viaT1.mniToSubject);
  const error = await brainErrorMm(composed, truth);
  assert.ok(error.max <= 1, `EPI via T1 off by ${fmt(error)}`);
  // The move itself is what the coregistration reports (not absorbed by the normalization).
  const moveError = await brainErrorMm(multiplyAffine(coregistration.t1ToEpi, invertAffine(phantom.scannerToMni)), multiplyAffine(epiMotion, invertAffine(phantom.scannerToMni)));
  assert.ok(moveError.max <= 1, `head move found off by ${fmt(moveError)}`);
  assert.ok(coregistration.shiftMm > 8, `shift ${coregistration.shiftMm}`);
});

test('a T1 that does not overlap the EPI is refused before registering (registration.t1-no-overlap)', async () => {
  const phantom = await scannerPhantom({ t1Offset: [0, 0, 250] });
  await assert.rejects(coregisterToT1(phantom.meanEpi, phantom.t1), { code: 'registration.t1-no-overlap' });
});
