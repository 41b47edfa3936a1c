/**
 * The site's choice of connectivity metric (issue 12): kept in the record and audited; the
 * calibration set and the estimate use only the chosen number, so the ROI-to-ROI z and the
 * seed-to-voxel mean z (different scales) are never pooled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordStore } from './record/record-store';
import { FIXED_NOW, TEST_ACTOR, analysisInput, sha256Of } from './record/record-fixtures';
import { EstimateService, defaultSettingsHash } from './estimate-service';
import { seedCohort } from './test-support/seed-cohort';

/** The planted relation between the two metrics: an affine map with slope 0.5 (another scale, the same direction). */
const voxelZ = (z: number) => 0.1 + 0.5 * z;

/** Least-squares slope of y on x, by hand. */
function olsSlope(x: number[], y: number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  x.forEach((xi, i) => { sxy += (xi - mx) * (y[i] - my); sxx += (xi - mx) ** 2; });
  return sxy / sxx;
}

function setup(t: { after: (fn: () => void) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'krp-metric-'));
  const store = RecordStore.open(join(dir, 'krp.sqlite3'), { actor: TEST_ACTOR, now: () => FIXED_NOW });
  t.after(() => { store.close(); rmSync(dir, { recursive: true, force: true }); });
  return { store, service: new EstimateService(() => store, () => new Date(FIXED_NOW)) };
}

function newPatient(store: RecordStore, z: number, seedToVoxelZ: number | null): number {
  const patient = store.createPatient({ displayCode: 'NEW-1' });
  const { scanId: _s, ...analysis } = analysisInput(0, Math.tanh(z), defaultSettingsHash());
  const seedToVoxel = seedToVoxelZ === null ? null : { meanZ: seedToVoxelZ, voxels: 240, fwhmMm: 8 };
  store.recordAnalysisRun({ patientId: patient.id, acquiredAt: '2025-05-01', originalPath: '/scans/new.nii.gz', sha256: sha256Of('new'), header: null }, { ...analysis, seedToVoxel, seedMap: null, meanImage: null });
  return patient.id;
}

test('the record stores the seed-to-voxel mean beside the ROI-to-ROI z and hands both to the calibration set', (t) => {
  const { store } = setup(t);
  seedCohort(store, 3, { seedToVoxelZ: voxelZ });
  const rows = store.calibrationSet();
  assert.equal(rows.length, 3);
  for (const row of rows) assert.ok(Math.abs(row.seedToVoxelZ! - voxelZ(row.z)) < 1e-12);
  const analysis = store.latestAnalysisForPatient(rows[0].patientId)!;
  assert.deepEqual(analysis.seedToVoxel, { meanZ: rows[0].seedToVoxelZ, voxels: 250, fwhmMm: 8 });
  const old = newPatient(store, 0.1, null);
  assert.equal(store.latestAnalysisForPatient(old)!.seedToVoxel, null, 'an analysis without it reads back as null');
});

test('an out-of-range seed-to-voxel z is refused and nothing is stored', (t) => {
  const { store } = setup(t);
  const patient = store.createPatient({ displayCode: 'BAD-1' });
  const { scanId: _s, ...analysis } = analysisInput(0, 0.2);
  for (const bad of [{ meanZ: 25, voxels: 10, fwhmMm: 8 }, { meanZ: 0.1, voxels: 0, fwhmMm: 8 }, { meanZ: Number.NaN, voxels: 10, fwhmMm: 8 }]) {
    assert.throws(() => store.recordAnalysisRun({ patientId: patient.id, acquiredAt: '2025-05-01', originalPath: '/x.nii', sha256: sha256Of('x'), header: null }, { ...analysis, seedToVoxel: bad }),
      (e: { code?: string }) => typeof e.code === 'string' && e.code.startsWith('record.'));
  }
  assert.equal(store.openChart(patient.id).scans.length, 0, 'neither scan nor analysis stored');
});

test("the site's metric is kept in the record, changed only with a reason, and audited", (t) => {
  const { store } = setup(t);
  assert.equal(store.siteModelMetric(), 'roi-to-roi', 'default: ROI-to-ROI');
  assert.throws(() => store.setSiteModelMetric('seed-to-voxel-mean', ''), (e: { code?: string }) => e.code?.startsWith('record.') === true);
  assert.throws(() => store.setSiteModelMetric('z-of-something' as never, 'why'), (e: { code?: string }) => e.code?.startsWith('record.') === true);
  assert.equal(store.siteModelMetric(), 'roi-to-roi', 'a refused change changes nothing');
  store.setSiteModelMetric('seed-to-voxel-mean', 'calibrate on the published metric');
  assert.equal(store.siteModelMetric(), 'seed-to-voxel-mean');
  const [entry] = store.listAudit({ limit: 1 });
  assert.deepEqual({ entity: entry.entity, action: entry.action, before: entry.before, after: entry.after },
    { entity: 'database', action: 'update', before: { modelMetric: 'roi-to-roi' }, after: { modelMetric: 'seed-to-voxel-mean', reason: 'calibrate on the published metric' } });
});

test('the model uses the chosen metric: same patients, slope rescaled exactly by the planted map, no mixing', (t) => {
  const { store, service } = setup(t);
  seedCohort(store, 14, { seedToVoxelZ: voxelZ });
  seedCohort(store, 3, { codePrefix: 'OLD' }); // analysed before the metric existed
  const roi = service.cohort();
  store.setSiteModelMetric('seed-to-voxel-mean', 'study metric');
  const voxel = service.cohort();
  assert.equal(roi.metric, 'roi-to-roi');
  assert.equal(voxel.metric, 'seed-to-voxel-mean');
  assert.equal(roi.n, 17);
  assert.equal(voxel.n, 14, 'patients without the seed-to-voxel z are not pooled with ROI-to-ROI values');
  assert.equal(voxel.excluded.noAnalysis, 3);
  assert.notEqual(roi.settingsHash, voxel.settingsHash, 'the metric is part of the model key');
  // Hand check: on the same 14 patients, reduction = a + b·z and v = 0.1 + 0.5·z give slope b / 0.5 on v.
  const same = roi.points.filter((p) => voxel.points.some((q) => q.patientId === p.patientId));
  assert.equal(same.length, 14);
  for (const p of voxel.points) {
    const q = same.find((x) => x.patientId === p.patientId)!;
    assert.ok(Math.abs(p.z - voxelZ(q.z)) < 1e-12, 'each point sits at its seed-to-voxel z');
    assert.equal(p.reductionPct, q.reductionPct);
  }
  const b = olsSlope(same.map((p) => p.z), same.map((p) => p.reductionPct));
  assert.ok(voxel.slope !== null && Math.abs(voxel.slope - b / 0.5) < 1e-9 * Math.abs(b), `slope ${voxel.slope} vs ${b / 0.5}`);
  assert.ok(Math.abs(olsSlope(voxel.points.map((p) => p.z), voxel.points.map((p) => p.reductionPct)) - voxel.slope) < 1e-9, 'the line is fitted on the seed-to-voxel z');
});

test('the estimate uses the chosen metric and is frozen per metric', (t) => {
  const { store, service } = setup(t);
  seedCohort(store, 14, { seedToVoxelZ: voxelZ });
  const patientId = newPatient(store, 0.0, voxelZ(0.0) + 0.01);
  store.setSiteModelMetric('seed-to-voxel-mean', 'study metric');
  const shown = service.estimateForPatient(patientId);
  assert.equal(shown.estimate.patientZ, voxelZ(0.0) + 0.01);
  assert.equal(shown.estimate.model.metric, 'seed-to-voxel-mean');
  assert.equal(shown.frozen, true);
  assert.equal(store.listEstimates(patientId)[0].z, voxelZ(0.0) + 0.01, 'stored with the z it was made from');
  assert.ok(shown.estimate.predictedReductionPct! > 50);
  store.setSiteModelMetric('roi-to-roi', 'back');
  const roi = service.estimateForPatient(patientId);
  assert.equal(roi.estimate.patientZ, 0);
  assert.equal(roi.estimate.model.metric, 'roi-to-roi');
  assert.equal(roi.frozen, true, 'the other metric has its own frozen pre-treatment estimate');
  assert.notEqual(roi.estimateId, shown.estimateId);
  store.setSiteModelMetric('seed-to-voxel-mean', 'again');
  assert.equal(service.estimateForPatient(patientId).estimateId, shown.estimateId, 'the frozen one is shown again, as it was');
});

test('an analysis without the chosen metric is refused with the reason, nothing stored', (t) => {
  const { store, service } = setup(t);
  seedCohort(store, 14, { seedToVoxelZ: voxelZ });
  const patientId = newPatient(store, 0.1, null);
  store.setSiteModelMetric('seed-to-voxel-mean', 'study metric');
  assert.throws(() => service.estimateForPatient(patientId), (e: { code?: string }) => e.code === 'estimate.metric-unavailable');
  assert.equal(store.listEstimates(patientId).length, 0);
});
