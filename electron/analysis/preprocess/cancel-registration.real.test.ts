/**
 * Cancel while elastix is computing, through the whole chain the app uses: analysis job (worker
 * thread) → preprocessing → elastix thread. The job is given a cancel grace far longer than the
 * whole registration, so it can end only by the immediate cancel; after the cancel no further
 * progress of the registration step arrives (the old code finished the registration and reported
 * its midpoint first), and no output file exists.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isKrpError } from '../../../shared/errors';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../../shared/imaging/analysis-types';
import type { PreprocessProgress } from '../../../shared/imaging/preprocessing-types';
import { startAnalysisJob } from '../analysis-job';
import { SKIP_MESSAGE, xa30Dir } from './dicom-test-data';

test('cancel during the registration (the T1 head fit, in the coregister step) ends the job as cancelled, with no later progress of that step and nothing written', async (t) => {
  const dicom = xa30Dir();
  if (dicom === null) { t.skip(SKIP_MESSAGE); return; }
  const dir = mkdtempSync(join(tmpdir(), 'krp-cancel-reg-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const outputs = { seedMapPath: join(dir, 'seed.nii.gz'), meanImagePath: join(dir, 'mean.nii.gz') };
  const afterCancel: PreprocessProgress[] = [];
  let cancelledAt: PreprocessProgress | null = null;
  const job = startAnalysisJob(
    { boldPath: dicom, confoundsPath: null, wmMaskPath: null, csfMaskPath: null, settings: structuredClone(DEFAULT_ANALYSIS_SETTINGS) },
    outputs,
    {
      input: { path: dicom, t1Path: null, series: null, noPreprocess: false },
      registrationImagePath: join(dir, 'registration.png'),
      cancelGraceMs: 30 * 60 * 1000,
      onProgress: (_p, pre) => {
        if (cancelledAt !== null) { if (pre) afterCancel.push(pre); return; }
        // The T1 route's elastix work (head fit rigid + affine, shared with normalize) runs in coregister.
        if (pre?.step === 'coregister') { cancelledAt = pre; job.cancel(); }
      },
    },
  );
  await assert.rejects(job.result, (e: unknown) => isKrpError(e) && e.code === 'analysis.cancelled');
  assert.ok(cancelledAt !== null, 'the coregistration step was reached');
  assert.deepEqual(afterCancel.filter((p) => (p.step === 'coregister' && p.fraction > cancelledAt!.fraction) || p.step === 'normalize'), [], 'the registration did not run on after the cancel');
  assert.deepEqual(readdirSync(dir), [], 'nothing written');
  assert.equal(existsSync(outputs.seedMapPath), false);
});
