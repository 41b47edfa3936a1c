import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../../shared/imaging/analysis-types';
import { SKIP_MESSAGE, xa30Dir } from './dicom-test-data';
import { runAnalysis } from './run-analysis';

test('the real Siemens DICOM session converts, realigns, normalizes (via its T1) and resamples; its 20 volumes are then refused for too few degrees of freedom', async (t) => {
  const dir = xa30Dir();
  if (dir === null) { t.skip(SKIP_MESSAGE); return; }
  const steps: string[] = [];
  let last = 0;
  // 20 volumes cannot carry CONN's denoising model (motion + aCompCor + band-pass): every step of
  // preprocessing runs, and the analysis refuses honestly instead of printing z from rounding noise.
  // The bench (bench/preprocess.bench.ts) runs a 240-volume series built from these volumes to z.
  await assert.rejects(runAnalysis(
    { path: dir, t1Path: null, series: null, noPreprocess: false },
    { confoundsPath: null, wmMaskPath: null, csfMaskPath: null, settings: structuredClone(DEFAULT_ANALYSIS_SETTINGS) },
    {
      onProgress: (p, pre) => {
        if (pre && steps[steps.length - 1] !== pre.step) steps.push(pre.step);
        assert.ok(p.fraction >= last - 1e-9, 'progress never goes back');
        last = p.fraction;
      },
    },
  ), (error: unknown) => {
    assert.equal((error as { code?: string }).code, 'analysis.no-degrees-of-freedom');
    assert.match((error as Error).message, /20 scans/);
    return true;
  });
  assert.deepEqual(steps, ['convert', 'realign', 'slice-timing', 'coregister', 'normalize', 'registration-qc', 'resample']);
  assert.ok(last > 0.75, 'the denoising began after preprocessing');
});
