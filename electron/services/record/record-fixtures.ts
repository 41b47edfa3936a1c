/**
 * Builders of valid record inputs for tests, the killed-process child and the benchmark
 * (not used by the app). Everything is deterministic from its arguments.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisQc, type RoiQc } from '../../../shared/imaging/analysis-types';
import type { Actor, AnalysisInput } from '../../../shared/record/types';

export const TEST_ACTOR: Actor = { clinician: 'Dr Test', osUser: 'tester', role: 'administrator' };
/** A fixed clock: 2025-06-01 12:00 UTC. */
export const FIXED_NOW = Date.parse('2025-06-01T12:00:00Z');

export function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const roi = (): RoiQc => ({
  voxelsInRoi: 123, voxels: 120, excludedNonFinite: 0, excludedConstant: 3, coverageFov: 1, coverageBrain: 0.98, tsnr: 85, centreMm: [1, 55, -3],
});

/** A complete analysis input for a scan with the given r (z = atanh r). */
export function analysisInput(scanId: number, r: number, settingsHash = sha256Of('default-settings')): AnalysisInput {
  const qc: AnalysisQc = {
    volumes: { total: 200, dropped: 0, used: 190, flagged: 10, usableSeconds: 380 },
    trSeconds: 2, trSource: 'header',
    motion: { modelled: true, source: 'rp.txt', meanFdMm: 0.12, maxFdMm: 0.6 },
    outlierScans: [3, 40], outlierSources: { globalSignal: 1, motion: 1, confoundsFile: 0 },
    rois: { mpfc: roi(), precuneus: roi() }, brainVoxels: 50000, nonFiniteVoxels: 0,
    space: { accepted: true, basis: 'mni-code', matchedTemplate: null, message: 'sform code 4 (MNI)' },
    confoundColumns: ['wm1', 'csf1'], warnings: [],
  };
  return {
    scanId, settings: DEFAULT_ANALYSIS_SETTINGS, settingsHash, r, z: Math.atanh(r), qc,
    provenance: {
      appVersion: '0.1.0', startedAt: '2025-05-01T10:00:00Z', finishedAt: '2025-05-01T10:01:00Z',
      input: { path: '/scans/x.nii.gz', sha256: sha256Of('scan'), header: null as never },
      confounds: null, masks: { wm: null, csf: null }, settings: DEFAULT_ANALYSIS_SETTINGS, settingsHash, steps: ['read', 'correlate'],
    },
    signals: null,
    seedMap: { path: `analyses/${scanId}/seed-map.nii.gz`, sha256: sha256Of(`seed${scanId}`) },
    meanImage: { path: `analyses/${scanId}/mean.nii.gz`, sha256: sha256Of(`mean${scanId}`) },
  };
}

/** 14 HADS items with a deterministic pattern (0–3). */
export function hadsItemsFor(seed: number): number[] {
  return Array.from({ length: 14 }, (_, i) => (seed + i * 7) % 4);
}

/** 13 PCS items with a deterministic pattern (0–4). */
export function pcsItemsFor(seed: number): number[] {
  return Array.from({ length: 13 }, (_, i) => (seed + i * 3) % 5);
}

/** The subset of the store a complete patient needs (keeps this file free of a store import cycle). */
interface Writer {
  createPatient: import('../../../shared/record/types').RecordService['createPatient'];
  addScan: import('../../../shared/record/types').RecordService['addScan'];
  addAnalysis: import('../../../shared/record/types').RecordService['addAnalysis'];
  addInfusion: import('../../../shared/record/types').RecordService['addInfusion'];
  addAssessment: import('../../../shared/record/types').RecordService['addAssessment'];
}

/**
 * Writes one complete patient numbered `i`: patient, scan, analysis, infusion, pre and post60
 * assessments with NRS, HADS and PCS. Returns the patient id. Dates fall in 2024.
 */
export function seedCompletePatient(store: Writer, i: number): number {
  const day = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
  const patient = store.createPatient({
    displayCode: `KET-${String(i).padStart(5, '0')}`, hospitalId: `H${100000 + i}`, birthYear: 1940 + (i % 60),
    sex: i % 2 ? 'female' : 'male', diagnosis: ['CRPS', 'post-herpetic neuralgia', 'fibromyalgia', 'phantom limb'][i % 4],
    painDurationMonths: 3 + (i % 120), psychiatricHistory: false, abnormalMri: false, notes: `note ${i}`,
  });
  const scan = store.addScan({ patientId: patient.id, acquiredAt: `${day}T08:00`, originalPath: `/scans/${i}.nii.gz`, sha256: sha256Of(`scan${i}`), header: null });
  const r = Math.tanh(((i % 41) - 20) / 40);
  store.addAnalysis(analysisInput(scan.id, r));
  const infusion = store.addInfusion({ patientId: patient.id, startedAt: `${day}T10:00`, weightKg: 50 + (i % 50), scanId: scan.id });
  const pre = 3 + (i % 8);
  store.addAssessment({ patientId: patient.id, infusionId: infusion.id, timePoint: 'pre', recordedAt: `${day}T09:50`, nrs: pre, hadsItems: hadsItemsFor(i), pcsItems: pcsItemsFor(i) });
  store.addAssessment({ patientId: patient.id, infusionId: infusion.id, timePoint: 'post60', recordedAt: `${day}T11:30`, nrs: i % (pre + 1), hadsItems: hadsItemsFor(i + 1), pcsItems: pcsItemsFor(i + 1) });
  return patient.id;
}
