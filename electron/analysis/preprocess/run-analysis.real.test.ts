import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../../shared/imaging/analysis-types';
import { SKIP_MESSAGE, xa30Dir } from './dicom-test-data';
import { runAnalysis } from './run-analysis';

test('the real Siemens DICOM session converts, normalizes (via its T1) and analyses end to end', async (t) => {
  const dir = xa30Dir();
  if (dir === null) { t.skip(SKIP_MESSAGE); return; }
  const steps = new Set<string>();
  let last = 0;
  const { outcome, preprocessing, registrationImage } = await runAnalysis(
    { path: dir, t1Path: null, series: null, noPreprocess: false },
    { confoundsPath: null, wmMaskPath: null, csfMaskPath: null, settings: structuredClone(DEFAULT_ANALYSIS_SETTINGS) },
    { onProgress: (p, pre) => { if (pre) steps.add(pre.step); assert.ok(p.fraction >= last - 1e-9, 'progress never goes back'); last = p.fraction; } },
  );
  assert.ok(preprocessing !== null);
  assert.deepEqual(preprocessing.stepsRun, ['convert', 'realign', 'slice-timing', 'coregister', 'normalize', 'registration-qc', 'resample']);
  assert.deepEqual([...steps], preprocessing.stepsRun);
  assert.equal(preprocessing.registration.via, 't1');
  assert.ok(preprocessing.registration.agreement >= preprocessing.registration.agreementThreshold);
  assert.ok(preprocessing.registration.roiCoverage.mpfc > 0.5 && preprocessing.registration.roiCoverage.precuneus > 0.5);
  assert.ok(preprocessing.realignment.maxTranslationMm < 2, 'a still volunteer');
  assert.ok(registrationImage !== null && registrationImage.subarray(1, 4).toString() === 'PNG');
  assert.ok(Number.isFinite(outcome.result.z));
  assert.equal(outcome.result.qc.space.basis, 'mni-code');
  assert.ok(outcome.result.qc.motion.modelled, 'the realignment parameters are the motion regressors');
  assert.ok(outcome.result.qc.confoundColumns.some((c) => /wm|white/i.test(c)), 'aCompCor from the MNI tissue maps');
  assert.deepEqual(outcome.grid.dims, [91, 109, 91]);
});
