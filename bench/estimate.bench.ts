/**
 * The estimate tab and the patient list at clinic scale (issue 12; goal: each under 200 ms):
 * 10 000 complete patients seeded through the store (plus 40 analysed, not yet treated), then
 *   - the estimate tab's call (estimate stored, cohort view with the temporal track record):
 *     for a treated patient (calibrated forward in time: their own fit and LOO), for an untreated
 *     patient (the site model as cached), and right after a clinical write (nothing cached: rows
 *     read, whole cohort fitted and validated, then the patient);
 *   - the cohort page's call, cached and right after a clinical write;
 *   - the patient list: first page, sorted by z, by % reduction, responders only, last page by code.
 * Baseline in the same run: reading one patient by primary key. Medians of repeated runs, ms, with
 * the process's mean CPU time per run beside each; the write before each "after a write" run is
 * not timed. The load average is printed first: on a shared machine the wall times depend on it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettingsHash, EstimateService } from '../electron/services/estimate-service';
import { analysisInput, seedCompletePatient, sha256Of, TEST_ACTOR } from '../electron/services/record/record-fixtures';
import { RecordStore } from '../electron/services/record/record-store';
import { medianMs, type BenchResult } from './bench-types';

const PATIENTS = 10_000;
const UNTREATED = 40;

/**
 * Median wall time of `runs` runs of `fn`, each after an untimed `before`, and the mean CPU time
 * of the process per run (what the figure would be on an idle machine, roughly), in ms.
 */
function measure(runs: number, fn: (i: number) => unknown, before: (i: number) => void = () => {}): { wall: number; cpu: number } {
  const times: number[] = [];
  let cpu = 0;
  for (let i = 0; i < runs; i++) {
    before(i);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn(i);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu += (c.user + c.system) / 1000;
  }
  times.sort((a, b) => a - b);
  return { wall: times[Math.floor(times.length / 2)], cpu: cpu / runs };
}

export async function bench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'krp-estimate-bench-'));
  const store = RecordStore.open(join(dir, 'krp.sqlite3'), { actor: TEST_ACTOR });
  try {
    const db = store.connection;
    const seedChunk = db.transaction((from: number, to: number) => { for (let i = from; i < to; i++) seedCompletePatient(store, i); });
    for (let i = 0; i < PATIENTS; i += 500) seedChunk(i, Math.min(i + 500, PATIENTS));
    const settingsHash = store.calibrationSet()[0].settingsHash;
    const untreated = Array.from({ length: UNTREATED }, (_, i) => {
      const patient = store.createPatient({ displayCode: `NEW-${i}` });
      const { scanId: _s, ...analysis } = analysisInput(0, Math.tanh(((i % 41) - 20) / 40), settingsHash);
      store.recordAnalysisRun({ patientId: patient.id, acquiredAt: '2025-01-02', originalPath: `/scans/new-${i}`, sha256: sha256Of(`new${i}`), header: null }, analysis);
      return patient.id;
    });
    db.pragma('optimize');
    const load = loadavg().map((l) => l.toFixed(1)).join(' ');
    const service = new EstimateService(() => store);
    const treatedId = (i: number) => 1 + ((i * 104729) % PATIENTS);
    const clinicalWrite = (i: number) => store.updatePatient(1 + ((i * 7919) % PATIENTS), { notes: `bench write ${i}` }, 'benchmark: a clinical write');

    const basePk = medianMs(500, (i) => store.getPatient(1 + ((i * 7919) % PATIENTS)));
    const calibration = measure(9, () => store.calibrationSet());
    service.estimateForPatient(treatedId(100)); // warm-up: code compiled, this revision's data read
    let status = '';
    let n = 0;
    const estimateTab = measure(9, (i) => {
      const e = service.estimateForPatient(treatedId(i));
      status = e.estimate.status;
      n = e.estimate.n;
    });
    let next = 0; // a different untreated patient each time: their first view (estimated, stored, frozen)
    const untreatedTab = measure(9, () => service.estimateForPatient(untreated[next++]));
    const untreatedStatus = service.estimateForPatient(untreated[0]).estimate.status;
    const estimateAfterWrite = measure(9, (i) => service.estimateForPatient(treatedId(i + 20)), clinicalWrite);
    const cohort = measure(9, () => service.cohort(settingsHash));
    const cohortAfterWrite = measure(9, () => service.cohort(settingsHash), (i) => clinicalWrite(i + 40));
    const cohortN = service.cohort(settingsHash).n;
    const list = (query: Parameters<typeof store.listPatients>[0]) => {
      store.listPatients(query);
      return measure(21, () => store.listPatients(query));
    };
    const firstPage = list({ limit: 50 });
    const byZ = list({ sort: 'z', limit: 50 });
    const byReduction = list({ sort: 'reduction', direction: 'desc', limit: 50 });
    const responders = list({ responder: 'responder', limit: 50 });
    const lastByCode = list({ sort: 'code', limit: 50, offset: PATIENTS - 50 });
    const row = (name: string, m: { wall: number; cpu: number }, extra = ''): BenchResult => ({
      name, value: m.wall, unit: 'ms', note: `${(m.wall / basePk).toFixed(0)}× PK read; cpu ${m.cpu.toFixed(1)} ms; goal < 200 ms${extra}`,
    });
    return [
      { name: 'load average (1 min) at the start', value: Number(load.split(' ')[0]), unit: '', note: `1, 5, 15 min: ${load}; 2 cores` },
      { name: 'baseline: read one patient by primary key', value: basePk, unit: 'ms' },
      row(`calibration rows in SQL (${PATIENTS} patients)`, calibration),
      row('estimate tab: one treated patient', estimateTab, `; ${status}, n = ${n}`),
      row('estimate tab: one untreated patient', untreatedTab, `; ${untreatedStatus}`),
      row('estimate tab: treated, after a clinical write', estimateAfterWrite, '; nothing cached'),
      row('cohort page (with track record)', cohort, `; n = ${cohortN}`),
      row('cohort page, after a clinical write', cohortAfterWrite, '; nothing cached'),
      row('list: first page (last changed)', firstPage),
      row('list: sorted by z', byZ),
      row('list: sorted by % reduction, desc', byReduction),
      row('list: responders only', responders),
      row('list: last page by code', lastByCode),
    ];
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
