/**
 * A record with every case the patient summary must derive, from a seed (test support, not used by
 * the app): patients without scans or analyses, several analyses over several scans (the newest on
 * a scan deleted later), two settings hashes, several infusions (a newer one without its 60-minute
 * NRS, deleted infusions and assessments, a start time corrected so that the order changes),
 * baselines 0, 1–2 and ≥ 3, NRS corrected after the fact, deleted patients, tied treatment times,
 * and codes that sort differently in natural and text order.
 */
import type { RecordService } from '../../../../shared/record/types';
import { seededRandom } from '../../../../test-support/seeded-random';
import { analysisInput, hadsItemsFor, sha256Of } from '../record-fixtures';

export const OTHER_SETTINGS = sha256Of('other settings');

/** Writes `n` varied patients through the store; returns their ids. */
export function seedVariedRecord(store: RecordService, n: number, seed: number, settingsHash = sha256Of('default-settings')): number[] {
  const rnd = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const code = pick(['P', 'p', 'Q']) + `-${1 + Math.floor(rnd() * 40)}${pick(['', 'b', '-2'])}-${seed}.${i}`;
    const patient = store.createPatient({ displayCode: code, hospitalId: rnd() < 0.8 ? `H${seed}-${1000 + i}` : null, diagnosis: pick(['CRPS', 'fibromyalgia', 'phantom limb 50%']) });
    ids.push(patient.id);
    const scans: number[] = [];
    const scanCount = pick([0, 1, 1, 2]);
    for (let s = 0; s < scanCount; s++) {
      scans.push(store.addScan({ patientId: patient.id, acquiredAt: '2024-03-01', originalPath: `/s/${i}-${s}`, sha256: sha256Of(`scan ${i} ${s}`), header: null }).id);
    }
    const analysisCount = scans.length ? pick([0, 1, 1, 2, 3]) : 0;
    for (let a = 0; a < analysisCount; a++) {
      const z = -0.4 + Math.round(rnd() * 80) / 100; // ties on purpose
      store.addAnalysis(analysisInput(pick(scans), Math.tanh(z), rnd() < 0.85 ? settingsHash : OTHER_SETTINGS));
    }
    if (scans.length > 1 && rnd() < 0.3) store.deleteScan(scans[scans.length - 1], 'wrong patient');
    const infusionCount = pick([0, 1, 1, 1, 2, 3]);
    for (let k = 0; k < infusionCount; k++) {
      const day = `2024-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 4)).padStart(2, '0')}`;
      const infusion = store.addInfusion({ patientId: patient.id, startedAt: `${day}T10:00`, weightKg: 60 });
      if (rnd() < 0.1) continue; // no NRS at all
      const pre = pick([0, 1, 2, 3, 5, 7, 8, 10, null]);
      const preRow = store.addAssessment({ patientId: patient.id, infusionId: infusion.id, timePoint: 'pre', recordedAt: `${day}T09:50`, nrs: pre, hadsItems: hadsItemsFor(i) });
      if (rnd() < 0.2) continue; // pending 60-minute NRS
      const post = pre === null ? pick([4, null]) : Math.floor(rnd() * (pre + 1));
      const postRow = store.addAssessment({ patientId: patient.id, infusionId: infusion.id, timePoint: 'post60', recordedAt: `${day}T11:30`, nrs: post, hadsItems: hadsItemsFor(k) });
      const fate = rnd();
      if (fate < 0.08) store.deleteAssessment(postRow.id, 'entered twice');
      else if (fate < 0.16) store.updateAssessment(postRow.id, { nrs: Math.floor(rnd() * 11) }, 'transcription error');
      else if (fate < 0.22 && pre !== null) store.updateAssessment(preRow.id, { nrs: Math.min(10, pre + 1) }, 'transcription error');
      else if (fate < 0.28) store.deleteInfusion(infusion.id, 'recorded on the wrong chart');
      else if (fate < 0.34) store.updateInfusion(infusion.id, { startedAt: `${day}T08:00` }, 'clock was wrong'); // before pre: still valid order
    }
    if (rnd() < 0.08) store.deletePatient(patient.id, 'duplicate chart');
  }
  return ids;
}
