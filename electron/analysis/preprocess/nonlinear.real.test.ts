import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../../shared/imaging/analysis-types';
import { SKIP_MESSAGE, xa30Dir } from './dicom-test-data';
import { findingsOf, runAnalysis } from './run-analysis';
import { MIN_TISSUE_AGREEMENT } from './tissue-agreement';

test('the real session with the nonlinear setting: the B-spline refinement runs on the T1 route, the resampling goes through it, QC records it and the tissue agreement', async (t) => {
  const dir = xa30Dir();
  if (dir === null) { t.skip(SKIP_MESSAGE); return; }
  const settings = { ...structuredClone(DEFAULT_ANALYSIS_SETTINGS), nonlinearNormalization: true };
  // 20 volumes are refused after preprocessing (run-analysis.real.test.ts); the findings carry the summary.
  const error = await runAnalysis(
    { path: dir, t1Path: null, series: null, noPreprocess: false },
    { confoundsPath: null, wmMaskPath: null, csfMaskPath: null, settings },
  ).then(() => null, (e: unknown) => e);
  assert.equal((error as { code?: string } | null)?.code, 'analysis.no-degrees-of-freedom');
  const summary = findingsOf(error)?.summary;
  assert.ok(summary, 'the findings carry the preprocessing summary');
  const reg = summary.registration;
  assert.equal(reg.via, 't1');
  assert.equal(reg.nonlinearRequested, true);
  assert.ok(reg.nonlinear, 'the refinement ran');
  // Measured: mean 4.6 mm over the 2 mm MNI grid (the neck and scalp move most).
  assert.ok(reg.nonlinear.meanDisplacementMm > 0.5 && reg.nonlinear.meanDisplacementMm < 15, `mean displacement ${reg.nonlinear.meanDisplacementMm}`);
  // Measured: affine only 0.13, with the refinement 0.22 (docs/preprocessing.md, "Nonlinear").
  assert.ok(reg.tissueAgreement !== null && reg.tissueAgreement !== undefined && reg.tissueAgreement >= MIN_TISSUE_AGREEMENT, `tissue agreement ${reg.tissueAgreement}`);
  assert.ok(reg.agreement >= reg.agreementThreshold, `Dice ${reg.agreement}`);
});
