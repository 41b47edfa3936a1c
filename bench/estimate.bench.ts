/**
 * The estimate tab and the patient list at clinic scale (issue 12; goal: each under 200 ms):
 * 10 000 complete patients seeded through the store, then
 *   - the estimate tab's call (calibration set in SQL, fit, LOO, gate, estimate stored, cohort
 *     view with the temporal track record) for a treated patient (calibrated forward in time);
 *   - the cohort page's call;
 *   - the patient list sorted by z, by % reduction, filtered to responders, last page by code.
 * Baseline in the same run: reading one patient by primary key. Medians of repeated runs, ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EstimateService } from '../electron/services/estimate-service';
import { seedCompletePatient, TEST_ACTOR } from '../electron/services/record/record-fixtures';
import { RecordStore } from '../electron/services/record/record-store';
import { medianMs, type BenchResult } from './bench-types';

const PATIENTS = 10_000;

export async function bench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'krp-estimate-bench-'));
  const store = RecordStore.open(join(dir, 'krp.sqlite3'), { actor: TEST_ACTOR });
  try {
    const db = store.connection;
    const seedChunk = db.transaction((from: number, to: number) => { for (let i = from; i < to; i++) seedCompletePatient(store, i); });
    for (let i = 0; i < PATIENTS; i += 500) seedChunk(i, Math.min(i + 500, PATIENTS));
    db.pragma('optimize');
    const service = new EstimateService(() => store);
    const basePk = medianMs(500, (i) => store.getPatient(1 + ((i * 7919) % PATIENTS)));
    const calibration = medianMs(9, () => store.calibrationSet());
    let status = '';
    let n = 0;
    const estimateTab = medianMs(9, (i) => {
      const e = service.estimateForPatient(1 + ((i * 104729) % PATIENTS));
      status = e.estimate.status;
      n = e.estimate.n;
    });
    const cohort = medianMs(9, () => service.cohort(store.calibrationSet()[0].settingsHash));
    const byZ = medianMs(21, () => store.listPatients({ sort: 'z', limit: 50 }));
    const byReduction = medianMs(21, () => store.listPatients({ sort: 'reduction', direction: 'desc', limit: 50 }));
    const responders = medianMs(21, () => store.listPatients({ responder: 'responder', limit: 50 }));
    const lastByCode = medianMs(21, () => store.listPatients({ sort: 'code', limit: 50, offset: PATIENTS - 50 }));
    const firstPage = medianMs(21, () => store.listPatients({ limit: 50 }));
    const note = (ms: number) => `${(ms / basePk).toFixed(0)}× PK read; goal < 200 ms`;
    return [
      { name: 'baseline: read one patient by primary key', value: basePk, unit: 'ms' },
      { name: `calibration rows in SQL (${PATIENTS} patients)`, value: calibration, unit: 'ms', note: note(calibration) },
      { name: 'estimate tab: one treated patient', value: estimateTab, unit: 'ms', note: `${note(estimateTab)}; ${status}, n = ${n}` },
      { name: 'cohort page (with track record)', value: cohort, unit: 'ms', note: note(cohort) },
      { name: 'list: first page (last changed)', value: firstPage, unit: 'ms', note: note(firstPage) },
      { name: 'list: sorted by z', value: byZ, unit: 'ms', note: note(byZ) },
      { name: 'list: sorted by % reduction, desc', value: byReduction, unit: 'ms', note: note(byReduction) },
      { name: 'list: responders only', value: responders, unit: 'ms', note: note(responders) },
      { name: 'list: last page by code', value: lastByCode, unit: 'ms', note: note(lastByCode) },
    ];
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
