/**
 * The QC files an analysis lists in its provenance (tSNR image, carpet plot, registration check) are part of a backup
 * like the seed map: copied with their SHA-256, reported when changed on disk, required and
 * checked on restore, and put back by it.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { KrpError } from '../../../shared/errors';
import type { BackupManifest } from './backup-manifest';
import { analysisInput, FIXED_NOW, sha256Of, TEST_ACTOR } from './record-fixtures';
import { RecordStore } from './record-store';

const root = mkdtempSync(join(tmpdir(), 'krp-backup-qc-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** One patient whose analysis has a seed map, mean image, tSNR image and carpet on disk. */
function recordWithQcImages(name: string): { store: RecordStore; dataDir: string } {
  const dataDir = join(root, name);
  mkdirSync(join(dataDir, 'analyses', 'job1'), { recursive: true });
  let clock = FIXED_NOW;
  const store = RecordStore.open(join(dataDir, 'krp.sqlite3'), { actor: TEST_ACTOR, now: () => (clock += 1000) });
  const patient = store.createPatient({ displayCode: 'KET-900', hospitalId: 'H-900', birthYear: 1970, sex: 'female' });
  const { scanId: _unused, ...analysis } = analysisInput(0, 0.3);
  const files = { seed: 'analyses/job1/seed_map_z.nii.gz', mean: 'analyses/job1/mean_bold.nii.gz', tsnr: 'analyses/job1/tsnr.nii.gz', carpet: 'analyses/job1/qc_carpet.png', registration: 'analyses/job1/registration.png' };
  for (const [key, path] of Object.entries(files)) writeFileSync(join(dataDir, path), `${key}-bytes`);
  store.recordAnalysisRun(
    { patientId: patient.id, acquiredAt: '2024-03-01', originalPath: '/scans/a', sha256: sha256Of('scan-900'), header: null },
    {
      ...analysis,
      seedMap: { path: files.seed, sha256: sha256Of('seed-bytes') },
      meanImage: { path: files.mean, sha256: sha256Of('mean-bytes') },
      provenance: {
        ...analysis.provenance,
        qcImages: { tsnr: { path: files.tsnr, sha256: sha256Of('tsnr-bytes') }, carpet: { path: files.carpet, sha256: sha256Of('carpet-bytes') } },
        registrationImage: { path: files.registration, sha256: sha256Of('registration-bytes') },
      },
    },
  );
  return { store, dataDir };
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as BackupManifest;

test('a backup holds the tSNR image, the carpet plot and the registration check with their SHA-256; a restore checks and puts them back', async () => {
  const { store, dataDir } = recordWithQcImages('live');
  const out = join(root, 'backup');
  const result = await store.backup(out);
  assert.deepEqual(result.missingImages, []);
  const stored = manifestOf(out).files.map((f) => [f.storedAs, f.sha256]).sort();
  assert.deepEqual(stored.filter(([p]) => /tsnr|carpet|registration/.test(p!)), [
    ['analyses/job1/qc_carpet.png', sha256Of('carpet-bytes')],
    ['analyses/job1/registration.png', sha256Of('registration-bytes')],
    ['analyses/job1/tsnr.nii.gz', sha256Of('tsnr-bytes')],
  ]);

  rmSync(join(dataDir, 'analyses', 'job1', 'qc_carpet.png'));
  rmSync(join(dataDir, 'analyses', 'job1', 'registration.png'));
  await store.restore(out);
  assert.equal(readFileSync(join(dataDir, 'analyses', 'job1', 'qc_carpet.png'), 'utf8'), 'carpet-bytes', 'restored');
  assert.equal(readFileSync(join(dataDir, 'analyses', 'job1', 'registration.png'), 'utf8'), 'registration-bytes', 'restored');

  // Changed in the backup: refused by name; left out of the manifest: refused as missing.
  const changed = join(root, 'changed');
  cpSync(out, changed, { recursive: true });
  writeFileSync(join(changed, 'files', 'analyses', 'job1', 'tsnr.nii.gz'), 'other');
  await assert.rejects(store.restore(changed), (e: unknown) => e instanceof KrpError && e.code === 'record.restore-file-changed' && /tsnr/.test(e.message));
  const dropped = join(root, 'dropped');
  cpSync(out, dropped, { recursive: true });
  const m = manifestOf(dropped);
  m.files = m.files.filter((f) => !f.storedAs.endsWith('qc_carpet.png'));
  writeFileSync(join(dropped, 'manifest.json'), JSON.stringify(m));
  await assert.rejects(store.restore(dropped), (e: unknown) => e instanceof KrpError && e.code === 'record.restore-image-missing' && /qc_carpet/.test(e.message));

  // Changed on disk before a backup: reported, not copied.
  writeFileSync(join(dataDir, 'analyses', 'job1', 'qc_carpet.png'), 'edited');
  const second = await store.backup(join(root, 'backup2'));
  assert.equal(second.missingImages.length, 1);
  assert.match(second.missingImages[0]!, /qc_carpet\.png \(changed in the data folder/);
  store.close();
});
