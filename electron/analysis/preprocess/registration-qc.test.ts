import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invertAffine, multiplyAffine } from '../../../shared/imaging/affine';
import { DEFAULT_MPFC_CENTRE, DEFAULT_PRECUNEUS_CENTRE } from '../../../shared/imaging/analysis-types';
import { mniReferences } from './mni-references';
import { checkRegistration, registrationImage, registrationMetrics, MIN_REGISTRATION_AGREEMENT } from './registration-qc';
import { commonFieldOfView, MNI_GRID_2MM, resampleVolume, samplePositions } from './resample';
import { scannerPhantom } from './scanner-phantom';
import { translation } from './volume-ops';

const rois = {
  mpfc: { label: 'mPFC' as const, centreMm: DEFAULT_MPFC_CENTRE, radiusMm: 10 },
  precuneus: { label: 'precuneus' as const, centreMm: DEFAULT_PRECUNEUS_CENTRE, radiusMm: 10 },
};

/** Metrics of the phantom's mean EPI normalized through `mniToEpi`. */
async function metricsThrough(mniToEpi: (scannerToMni: number[]) => number[], coverage = 1) {
  const phantom = await scannerPhantom({ epiCoverage: coverage });
  const refs = await mniReferences();
  const at = samplePositions(MNI_GRID_2MM, phantom.meanEpi, mniToEpi(phantom.scannerToMni));
  const fov = commonFieldOfView(at, []);
  const mean = resampleVolume(phantom.meanEpi.data, at, null);
  return { metrics: registrationMetrics(mean, fov, MNI_GRID_2MM, refs, rois), mean, refs };
}

test('the true registration passes QC: high agreement, both ROIs covered; the check image is a PNG', async () => {
  const { metrics, mean, refs } = await metricsThrough((s) => invertAffine(s));
  assert.ok(metrics.agreement > 0.85, `agreement ${metrics.agreement}`);
  assert.ok(metrics.roiCoverage.mpfc > 0.99 && metrics.roiCoverage.precuneus > 0.99, JSON.stringify(metrics.roiCoverage));
  assert.doesNotThrow(() => checkRegistration(metrics));
  const png = registrationImage(mean, MNI_GRID_2MM, refs, rois);
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
});

test('a registration 25 mm off is refused as diverged (agreement below the threshold)', async () => {
  const { metrics } = await metricsThrough((s) => multiplyAffine(invertAffine(s), translation([0, 0, 25])));
  assert.ok(metrics.agreement < MIN_REGISTRATION_AGREEMENT, `agreement ${metrics.agreement}`);
  assert.throws(() => checkRegistration(metrics), { code: 'registration.diverged' });
});

test('an EPI covering only the top of the brain is refused: mPFC not covered', async () => {
  const { metrics } = await metricsThrough((s) => invertAffine(s), 0.4);
  assert.ok(metrics.roiCoverage.mpfc < 0.5, `mPFC coverage ${metrics.roiCoverage.mpfc}`);
  assert.throws(() => checkRegistration({ ...metrics, agreement: 1 }), { code: 'registration.roi-not-covered' });
});
