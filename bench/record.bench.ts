/**
 * The clinical record at clinic scale: 10 000 complete patients (scan, analysis, infusion, pre
 * and post60 NRS/HADS/PCS) seeded through the store into a temporary SQLite file, then
 *   - listing patients: first page (50), a search by code, a search by diagnosis;
 *   - opening one chart (all its rows, scores, eligibility, plus the access-log write).
 * Baselines in the same process and database: a `SELECT 1` round trip and reading one patient
 * by primary key. Times are medians of repeated runs in ms; the chart should open well under
 * the ~100 ms a person notices. Then
 *   - verifying the whole record: audit chain + every clinical row against the trail;
 *   - a complete backup (database + images + manifest) and its restore (every check) of a record
 *     with 1 000 analyses whose images are 32 KiB stand-ins, against the baseline of copying the
 *     same image bytes with copyFileSync.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analysisInput, seedCompletePatient, sha256Of, TEST_ACTOR } from '../electron/services/record/record-fixtures';
import { RecordStore } from '../electron/services/record/record-store';
import { medianMs, type BenchResult } from './bench-types';

const PATIENTS = 10_000;

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
    const backupFigures = await backupBench(dir);

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
      { name: `verify the whole record: chain of ${audit.entries} entries + ${audit.rowsChecked} clinical rows`, value: verifyMs, unit: 'ms', note: `${(verifyMs / 1000).toFixed(2)} s for ${PATIENTS} patients` },
      ...backupFigures,
    ];
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ANALYSES = 1_000;
const IMAGE_BYTES = 32 * 1024;

/** A record with 1 000 patients, each with one analysis and two image files, backed up and restored. */
async function backupBench(dir: string): Promise<BenchResult[]> {
  const dataDir = join(dir, 'images-record');
  mkdirSync(dataDir, { recursive: true });
  const store = RecordStore.open(join(dataDir, 'krp.sqlite3'), { actor: TEST_ACTOR });
  try {
    const sources: string[] = [];
    const image = (rel: string, seed: number) => {
      const bytes = Buffer.alloc(IMAGE_BYTES, seed % 251);
      bytes.writeUInt32LE(seed, 0);
      mkdirSync(join(dataDir, rel, '..'), { recursive: true });
      writeFileSync(join(dataDir, rel), bytes);
      sources.push(join(dataDir, rel));
      return { path: rel, sha256: createHash('sha256').update(bytes).digest('hex') };
    };
    store.connection.transaction(() => {
      for (let i = 0; i < ANALYSES; i++) {
        const patient = store.createPatient({ displayCode: `IMG-${i}` });
        const scan = store.addScan({ patientId: patient.id, acquiredAt: '2024-03-01', originalPath: `/scans/${i}.nii.gz`, sha256: sha256Of(`img-scan${i}`), header: null });
        store.addAnalysis({ ...analysisInput(scan.id, 0.3), seedMap: image(`analyses/${i}/seed_map_z.nii.gz`, 2 * i), meanImage: image(`analyses/${i}/mean_bold.nii.gz`, 2 * i + 1) });
      }
    })();
    const copyDir = join(dir, 'plain-copy');
    mkdirSync(copyDir);
    const c0 = performance.now();
    sources.forEach((src, i) => copyFileSync(src, join(copyDir, `${i}.nii.gz`)));
    const copyMs = performance.now() - c0;
    const b0 = performance.now();
    const backup = await store.backup(join(dir, 'bench-backup'));
    const backupMs = performance.now() - b0;
    const r0 = performance.now();
    const restored = await store.restore(backup.path);
    const restoreMs = performance.now() - r0;
    if (restored.patients !== ANALYSES || backup.images !== 2 * ANALYSES) throw new Error('backup bench: incomplete round trip');
    const mb = (backup.bytes / 1024 / 1024).toFixed(1);
    return [
      { name: `baseline: copyFileSync of the ${2 * ANALYSES} image files (${(2 * ANALYSES * IMAGE_BYTES / 1024 / 1024).toFixed(1)} MiB)`, value: copyMs, unit: 'ms' },
      { name: `backup of a record with ${ANALYSES} analyses (database + ${backup.images} images + manifest, ${mb} MiB)`, value: backupMs, unit: 'ms', note: `${(backupMs / copyMs).toFixed(1)}× plain copy` },
      { name: `restore of that backup (all checks, safety copy, images in place)`, value: restoreMs, unit: 'ms', note: `${(restoreMs / copyMs).toFixed(1)}× plain copy` },
    ];
  } finally {
    store.close();
  }
}
