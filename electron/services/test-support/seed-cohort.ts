/**
 * A site cohort for tests and the e2e journeys: `n` treated patients, each with an analysis (z),
 * an infusion and pre/post60 NRS, following the published direction (lower mPFC–precuneus z,
 * larger % reduction) with deterministic scatter. Not used by the app.
 */
import type { RecordService } from '../../../shared/record/types';
import { analysisInput, hadsItemsFor, pcsItemsFor, sha256Of } from '../record/record-fixtures';
import { defaultSettingsHash } from '../estimate-service';

export interface SeedCohortOptions {
  codePrefix?: string;
  settingsHash?: string;
  /** The seed-to-voxel mean z of patient i with ROI-to-ROI z `z`; absent: analyses without it (as stored before it existed). */
  seedToVoxelZ?: (z: number, i: number) => number;
}

export function seedCohort(store: RecordService, n: number, options: SeedCohortOptions = {}): number[] {
  const settingsHash = options.settingsHash ?? defaultSettingsHash();
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const z = -0.2 + (0.8 * i) / Math.max(1, n - 1) + 0.06 * Math.sin(i * 2.3);
    const pre = 6 + (i % 4);
    // Reduction falls with z: ~85 % at z = −0.2 down to ~10 % at z = 0.6, with scatter.
    const reductionPct = 85 - 95 * (z + 0.2) + 12 * Math.cos(i * 1.7);
    const post = Math.max(0, Math.min(10, Math.round(pre * (1 - reductionPct / 100))));
    const day = `2024-0${1 + (i % 9)}-${String(1 + (i % 27)).padStart(2, '0')}`;
    const patient = store.createPatient({ displayCode: `${options.codePrefix ?? 'SITE'}-${String(i + 1).padStart(3, '0')}`, birthYear: 1950 + i, sex: i % 2 ? 'female' : 'male', painDurationMonths: 6 + i, psychiatricHistory: false, abnormalMri: false });
    const scan = { patientId: patient.id, acquiredAt: `${day}T08:00`, originalPath: `/scans/site-${i}.nii.gz`, sha256: sha256Of(`site-scan-${i}`), header: null };
    const { scanId: _scanId, ...analysis } = analysisInput(0, Math.tanh(z), settingsHash);
    const seedToVoxel = options.seedToVoxelZ ? { meanZ: options.seedToVoxelZ(analysis.z, i), voxels: 250, fwhmMm: 8 } : null;
    store.recordAnalysisRun(scan, { ...analysis, seedToVoxel, seedMap: null, meanImage: null });
    const infusion = store.addInfusion({ patientId: patient.id, startedAt: `${day}T10:00`, weightKg: 55 + i });
    store.addAssessment({ patientId: patient.id, infusionId: infusion.id, timePoint: 'pre', recordedAt: `${day}T09:50`, nrs: pre, hadsItems: hadsItemsFor(i), pcsItems: pcsItemsFor(i) });
    store.addAssessment({ patientId: patient.id, infusionId: infusion.id, timePoint: 'post60', recordedAt: `${day}T11:30`, nrs: post, hadsItems: hadsItemsFor(i + 1), pcsItems: pcsItemsFor(i + 2) });
    ids.push(patient.id);
  }
  return ids;
}
