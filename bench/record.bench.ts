/**
 * The clinical record at clinic scale: 10 000 complete patients (scan, analysis, infusion, pre
 * and post60 NRS/HADS/PCS) seeded through the store into a temporary SQLite file, then
 *   - listing patients: first page (50), a search by code, a search by diagnosis;
 *   - opening one chart (all its rows, scores, eligibility, plus the access-log write).
 * Baselines in the same process and database: a `SELECT 1` round trip and reading one patient
 * by primary key. Times are medians of repeated runs in ms; the chart should open well under
 * the ~100 ms a person notices.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedCompletePatient, TEST_ACTOR } from '../electron/services/record/record-fixtures';
import { RecordStore } from '../electron/services/record/record-store';
import type { BenchResult } from './bench-types';

const PATIENTS = 10_000;

/** Median wall time of `fn` over `runs` runs (after 3 warm-up runs), ms. */
function medianMs(runs: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < 3; i++) fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function bench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'krp-record-bench-'));
  const store = RecordStore.open(join(dir, 'krp.sqlite3'), { actor: TEST_ACTOR });
  try {
    const db = store.connection;
    const t0 = performance.now();
    const seedChunk = db.transaction((from: number, to: number) => { for (let i = from; i < to; i++) seedCompletePatient(store, i); });
    for (let i = 0; i < PATIENTS; i += 500) seedChunk(i, Math.min(i + 500, PATIENTS));
    const seedMs = performance.now() - t0;
    db.pragma('optimize');

    const select1 = db.prepare('SELECT 1');
    const baseSelect = medianMs(2000, () => select1.get());
    const basePk = medianMs(2000, (i) => store.getPatient(1 + ((i * 7919) % PATIENTS)));
    const firstPage = medianMs(200, () => store.listPatients({ limit: 50 }));
    const searchCode = medianMs(200, (i) => store.listPatients({ search: `KET-0${String(i % 1000).padStart(3, '0')}`, limit: 50 }));
    const searchDiagnosis = medianMs(100, () => store.listPatients({ search: 'neuralgia', limit: 50 }));
    const lastPage = medianMs(100, () => store.listPatients({ limit: 50, offset: PATIENTS - 50 }));
    const chart = medianMs(300, (i) => store.openChart(1 + ((i * 104729) % PATIENTS)));
    const verifyMs = medianMs(3, () => store.verifyAudit());
    const audit = store.verifyAudit();
    if (!audit.ok) throw new Error(`audit trail broken after seeding: ${audit.problem}`);

    return [
      { name: `seed ${PATIENTS} complete patients (through the store)`, value: seedMs, unit: 'ms', note: `${(seedMs / PATIENTS).toFixed(2)} ms per patient, ${audit.entries} audit rows` },
      { name: 'baseline: SELECT 1 round trip', value: baseSelect, unit: 'ms' },
      { name: 'baseline: read one patient by primary key', value: basePk, unit: 'ms' },
      { name: 'list patients, first page of 50', value: firstPage, unit: 'ms', note: `${(firstPage / basePk).toFixed(0)}× PK read` },
      { name: 'list patients, last page of 50', value: lastPage, unit: 'ms', note: `${(lastPage / basePk).toFixed(0)}× PK read` },
      { name: 'list patients, search by code', value: searchCode, unit: 'ms', note: `${(searchCode / basePk).toFixed(0)}× PK read` },
      { name: 'list patients, search by diagnosis (2 500 hits)', value: searchDiagnosis, unit: 'ms', note: `${(searchDiagnosis / basePk).toFixed(0)}× PK read` },
      { name: 'open one chart (incl. access-log write)', value: chart, unit: 'ms', note: `${(chart / basePk).toFixed(0)}× PK read; target well under 100 ms` },
      { name: 'ratio open chart / SELECT 1', value: chart / baseSelect, unit: '×' },
      { name: `verify the whole audit trail (${audit.entries} rows)`, value: verifyMs, unit: 'ms' },
    ];
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
