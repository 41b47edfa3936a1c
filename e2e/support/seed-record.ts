/**
 * Writes test patients straight into a data folder's record (app closed), through the store:
 * a site cohort (electron/services/test-support/seed-cohort.ts) and single treated patients.
 */
import { join } from 'node:path';
import { RecordStore } from '../../electron/services/record/record-store';
import { analysisInput, hadsItemsFor, pcsItemsFor, sha256Of } from '../../electron/services/record/record-fixtures';
import { defaultSettingsHash } from '../../electron/services/estimate-service';
import { seedCohort } from '../../electron/services/test-support/seed-cohort';
import { DATABASE_FILE } from '../../electron/shell/data-folder';

function withStore<T>(dataDir: string, work: (store: RecordStore) => T): T {
  const store = RecordStore.open(join(dataDir, DATABASE_FILE), { actor: { clinician: 'e2e seed', osUser: 'e2e' } });
  try {
    return work(store);
  } finally {
    store.close();
  }
}

/** `n` treated, analysed site patients following the published direction; returns their ids. */
export function seedSite(dataDir: string, n: number, codePrefix: string): number[] {
  return withStore(dataDir, (store) => seedCohort(store, n, { codePrefix }));
}

export interface TreatedPatient {
  code: string;
  /** Fisher z of the (fixture) analysis, with the app's default settings. */
  z?: number | null;
  preNrs: number;
  postNrs: number;
}

/** One patient with an infusion, pre/post scores (NRS, HADS, PCS) and optionally an analysis. */
export function seedTreatedPatient(dataDir: string, p: TreatedPatient): number {
  return withStore(dataDir, (store) => {
    const patient = store.createPatient({ displayCode: p.code, hospitalId: `H-${p.code}`, birthYear: 1972, sex: 'female', diagnosis: 'CRPS', painDurationMonths: 18, psychiatricHistory: false, abnormalMri: false });
    if (p.z !== undefined && p.z !== null) {
      const { scanId: _unused, ...analysis } = analysisInput(0, Math.tanh(p.z), defaultSettingsHash());
      store.recordAnalysisRun(
        { patientId: patient.id, acquiredAt: '2025-02-01T08:00', originalPath: `/scans/${p.code}.nii.gz`, sha256: sha256Of(p.code), header: null },
        { ...analysis, seedMap: null, meanImage: null },
      );
    }
    const infusion = store.addInfusion({ patientId: patient.id, startedAt: '2025-02-03T10:00', weightKg: 58 });
    store.addAssessment({ patientId: patient.id, infusionId: infusion.id, timePoint: 'pre', recordedAt: '2025-02-03T09:50', nrs: p.preNrs, hadsItems: hadsItemsFor(3), pcsItems: pcsItemsFor(3) });
    store.addAssessment({ patientId: patient.id, infusionId: infusion.id, timePoint: 'post60', recordedAt: '2025-02-03T11:05', nrs: p.postNrs, hadsItems: hadsItemsFor(4), pcsItems: pcsItemsFor(4) });
    return patient.id;
  });
}
