import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordService } from '../../shared/record/types';
import { RecordStore } from './record/record-store';
import { FIXED_NOW, TEST_ACTOR, analysisInput, sha256Of } from './record/record-fixtures';
import { seedVariedRecord } from './record/test-support/varied-record';
import { EstimateService, defaultSettingsHash } from './estimate-service';
import { seedCohort } from './test-support/seed-cohort';
import { referenceCohort, referenceEstimate } from './test-support/reference-estimate';

const NOW = new Date(FIXED_NOW);

/** The store, with a count of how often the calibration rows were read. */
function setup(t: { after: (fn: () => void) => void }) {
  const store = RecordStore.open(':memory:', { actor: TEST_ACTOR, now: () => FIXED_NOW });
  t.after(() => store.close());
  const reads = { calibration: 0 };
  const counted = new Proxy(store, {
    get(target, property) {
      if (property === 'calibrationSet') reads.calibration++;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as RecordService;
  return { store, reads, service: new EstimateService(() => counted, () => NOW) };
}

function untreatedWithZ(store: RecordStore, code: string, z: number): number {
  const patient = store.createPatient({ displayCode: code });
  const { scanId: _s, ...analysis } = analysisInput(0, Math.tanh(z), defaultSettingsHash());
  store.recordAnalysisRun({ patientId: patient.id, acquiredAt: '2025-05-01', originalPath: `/scans/${code}`, sha256: sha256Of(code), header: null }, { ...analysis, seedMap: null, meanImage: null });
  return patient.id;
}

function treat(store: RecordStore, patientId: number, day: string, pre: number, post: number): void {
  const infusion = store.addInfusion({ patientId, startedAt: `${day}T10:00`, weightKg: 60 });
  store.addAssessment({ patientId, infusionId: infusion.id, timePoint: 'pre', recordedAt: `${day}T09:50`, nrs: pre });
  store.addAssessment({ patientId, infusionId: infusion.id, timePoint: 'post60', recordedAt: `${day}T11:30`, nrs: post });
}

test('cached estimates and cohort equal the direct computation: treated (forward in time), untreated, frozen', (t) => {
  const { store, service } = setup(t);
  const treated = seedCohort(store, 60); // treatment days repeat every 27 patients: tied times
  const varied = seedVariedRecord(store, 25, 11, defaultSettingsHash());
  const untreated = [untreatedWithZ(store, 'NEW-1', 0.05), untreatedWithZ(store, 'NEW-2', 0.4)];
  const statuses = new Set<string>();
  for (const patientId of [treated[0], treated[13], treated[40], treated[59], ...varied.slice(0, 6), ...untreated]) {
    if (store.latestAnalysisForPatient(patientId) === null || store.getPatient(patientId).deletedAt !== null) continue;
    const expected = referenceEstimate(store, patientId, NOW);
    const shown = service.estimateForPatient(patientId);
    assert.deepEqual(shown.estimate, expected.estimate, `estimate of patient ${patientId}`);
    assert.deepEqual(shown.cohort, expected.cohort, `cohort beside patient ${patientId}`);
    statuses.add(`${shown.estimate.status}${shown.frozen ? ' frozen' : ''}`);
  }
  assert.ok(statuses.has('estimate frozen'), `an untreated patient's number is frozen (${[...statuses].join(', ')})`);
  assert.deepEqual(service.cohort(), referenceCohort(store, defaultSettingsHash()));
  // Frozen, then treated: the cohort beside the frozen estimate leaves the patient out.
  treat(store, untreated[0], '2025-05-20', 8, 2);
  const frozen = service.estimateForPatient(untreated[0]);
  assert.equal(frozen.frozen, true);
  assert.deepEqual(frozen.cohort, referenceEstimate(store, untreated[0], NOW).cohort);
  assert.deepEqual(service.cohort(), referenceCohort(store, defaultSettingsHash()));
  assert.deepEqual(service.cohort(sha256Of('no such settings')), referenceCohort(store, sha256Of('no such settings')));
});

test('the site model is reused across patients until clinical data change; any such write invalidates it', (t) => {
  const { store, service, reads } = setup(t);
  const ids = seedCohort(store, 40);
  const [a, b] = [untreatedWithZ(store, 'NEW-A', 0.1), untreatedWithZ(store, 'NEW-B', 0.3)];
  const first = service.cohort();
  assert.equal(reads.calibration, 1);
  service.estimateForPatient(a);
  service.estimateForPatient(b);
  service.estimateForPatient(ids[30]);
  service.cohort();
  store.openChart(a);
  assert.equal(reads.calibration, 1, 'estimates stored and charts opened change no clinical data: nothing re-read');

  // A corrected 60-minute NRS changes the cohort: the next view is recomputed and equals the direct one.
  const infusion = store.openChart(ids[5]).infusions[0];
  const post = infusion.assessments.find((x) => x.timePoint === 'post60')!;
  store.updateAssessment(post.id, { nrs: post.nrs === 0 ? 9 : 0 }, 'transcription error');
  const second = service.cohort();
  assert.equal(reads.calibration, 2);
  assert.notDeepEqual(second.points, first.points);
  assert.deepEqual(second, referenceCohort(store, defaultSettingsHash()));

  // A new treated patient: the untreated patient's next (non-frozen) view is calibrated on one more.
  const before = service.estimateForPatient(b);
  const c = untreatedWithZ(store, 'NEW-C', 0.2);
  treat(store, c, '2024-12-01', 7, 3);
  const after = service.estimateForPatient(b);
  assert.equal(reads.calibration, 3);
  assert.equal(after.cohort.n, before.cohort.n + 1);
  assert.deepEqual(after.cohort, referenceEstimate(store, b, NOW).cohort);
  // A deleted patient leaves it again.
  store.deletePatient(c, 'duplicate chart');
  assert.equal(service.cohort().n, before.cohort.n);
  assert.equal(reads.calibration, 4);
});
