import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../krp';
import { parseAnalyzeArgs } from './analyze';
import type { CliIo } from '../cli-io';
import { writeNifti } from '../../analysis/nifti/write-nifti';
import { writeCoarseBold } from '../../analysis/test-support/coarse-bold';

const sharedData = new URL('../../../../shared/data/', import.meta.url);

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, env: {}, cwd };
  const code = await main(['analyze', ...args], io);
  return { code, stdout, stderr };
}

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'krp-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs analyze on a bad input: exit code 1, one line on stderr matching `pattern`, nothing written. */
async function expectRefusal(dir: string, file: string, pattern: RegExp, extra: string[] = []): Promise<string> {
  const before = readdirSync(dir).sort();
  const { code, stdout, stderr } = await run([file, '--seed-map', join(dir, 'out_seed.nii.gz'), '--mean-image', join(dir, 'out_mean.nii.gz'), ...extra, '--json'], dir);
  assert.equal(code, 1, `exit code for ${file}: stderr ${stderr}`);
  assert.equal(stdout, '');
  assert.equal(stderr.trim().split('\n').length, 1, `one line on stderr: ${stderr}`);
  assert.match(stderr, pattern);
  assert.deepEqual(readdirSync(dir).sort(), before, 'nothing written');
  return stderr;
}

test('analyze --json prints r, z, ROI voxels, volumes, qc and provenance and writes the seed map', async (t) => {
  const dir = tempDir(t);
  const bold = await writeCoarseBold(dir);
  const seed = join(dir, 'seed.nii.gz');
  const { code, stdout, stderr } = await run([bold, '--seed-map', seed, '--tsnr', 'tsnr.nii.gz', '--carpet', 'carpet.png', '--json'], dir);
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout) as Record<string, any>;
  assert.ok(Number.isFinite(out.r) && Math.abs(out.z - Math.atanh(out.r)) < 1e-12);
  assert.ok(out.rois.mpfc.voxels > 10 && out.rois.precuneus.voxels > 10);
  assert.equal(out.volumes.total, 40);
  assert.equal(out.volumes.used, 40 - out.qc.volumes.flagged);
  assert.equal(out.provenance.input.sha256.length, 64);
  assert.ok(out.qc.warnings.some((w: { code: string }) => w.code === 'no-motion-model'), 'says motion was not modelled');
  const header = gunzipSync(readFileSync(seed)).subarray(0, 348);
  assert.equal(header.readInt32LE(0), 348, 'the seed map is a NIfTI-1 file');
  assert.equal(gunzipSync(readFileSync(join(dir, 'tsnr.nii.gz'))).readInt32LE(0), 348, 'the tSNR image is a NIfTI-1 file');
  assert.equal(readFileSync(join(dir, 'carpet.png')).toString('latin1', 1, 4), 'PNG');
  assert.equal(out.qc.series.fdMm, null, 'no motion given: no FD');
  assert.equal(out.qc.series.globalSignalZ.length, 40);
});

test('analyze refuses a file that is not a NIfTI', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'notes.nii'), 'Patient notes, not an image.\n'.repeat(50));
  await expectRefusal(dir, join(dir, 'notes.nii'), /not a NIfTI/i);
});

test('analyze refuses a truncated .nii.gz and a corrupt one', async (t) => {
  const dir = tempDir(t);
  const bold = await writeCoarseBold(dir, { name: 'bold.nii.gz' });
  const full = readFileSync(bold);
  writeFileSync(join(dir, 'cut.nii.gz'), full.subarray(0, Math.floor(full.length * 0.6)));
  await expectRefusal(dir, join(dir, 'cut.nii.gz'), /incomplete|ends after/i);
  const corrupt = Buffer.from(full);
  for (let i = Math.floor(corrupt.length / 2); i < Math.floor(corrupt.length / 2) + 64; i++) corrupt[i] ^= 0x5a;
  writeFileSync(join(dir, 'corrupt.nii.gz'), corrupt);
  await expectRefusal(dir, join(dir, 'corrupt.nii.gz'), /damaged|corrupt/i);
});

test('analyze refuses a 3D image, too few volumes, and an image without TR', async (t) => {
  const dir = tempDir(t);
  const affine = [6, 0, 0, -90, 0, 6, 0, -126, 0, 0, 6, -72, 0, 0, 0, 1];
  await writeNifti(join(dir, 'anat.nii'), { dims: [31, 37, 31], affine, datatype: 'float32', data: new Float32Array(31 * 37 * 31).fill(100), sformCode: 4 });
  await expectRefusal(dir, join(dir, 'anat.nii'), /single volume/i);
  const short = await writeCoarseBold(dir, { volumes: 12, name: 'short.nii' });
  await expectRefusal(dir, short, /at least 20/);
  await writeNifti(join(dir, 'notr.nii'), { dims: [31, 37, 31, 25], affine, datatype: 'float32', data: new Float32Array(31 * 37 * 31 * 25).fill(100), sformCode: 4 });
  await expectRefusal(dir, join(dir, 'notr.nii'), /repetition time/i);
});

test('analyze refuses a .nii whose dimensions disagree with the file size', async (t) => {
  const dir = tempDir(t);
  const bold = await writeCoarseBold(dir, { name: 'bold.nii' });
  truncateSync(bold, Math.floor(readFileSync(bold).length * 0.8));
  await expectRefusal(dir, bold, /file size|disagree/i);
});

test('analyze --no-preprocess refuses scanner-space images and says what to bring', async (t) => {
  const dir = tempDir(t);
  const affine = [3, 0, 0, -90, 0, 3, 0, -126, 0, 0, 3, -72, 0, 0, 0, 1];
  await writeNifti(join(dir, 'native.nii.gz'), { dims: [61, 73, 61, 25], affine, datatype: 'int16', data: new Int16Array(61 * 73 * 61 * 25).fill(300), sformCode: 1, qformCode: 1, trSeconds: 2 }, { gzip: true });
  await expectRefusal(dir, join(dir, 'native.nii.gz'), /scanner/i, ['--no-preprocess']);
});

test('analyze refuses an ROI outside the field of view, NaN voxels in an ROI, and a confounds file of the wrong length', async (t) => {
  const dir = tempDir(t);
  const bold = await writeCoarseBold(dir);
  await expectRefusal(dir, bold, /outside the image's field of view/, ['--mpfc', '300,300,300']);
  const rp = join(dir, 'rp_bold.txt');
  writeFileSync(rp, Array.from({ length: 30 }, () => '0 0 0 0 0 0').join('\n') + '\n');
  await expectRefusal(dir, bold, /30 rows.*40 volumes/, ['--confounds', rp]);
});

test('analyze refuses an image whose mPFC voxels hold NaN values', async (t) => {
  const dir = tempDir(t);
  const s = 6;
  const dims = [31, 37, 31, 30];
  const affine = [s, 0, 0, -90, 0, s, 0, -126, 0, 0, s, -72, 0, 0, 0, 1];
  const n3 = 31 * 37 * 31;
  const data = new Float32Array(n3 * 30);
  for (let v = 0; v < n3; v++) for (let t2 = 0; t2 < 30; t2++) data[v + t2 * n3] = 1000 + ((v * 7 + t2 * 13) % 17);
  // NaN in every voxel within 15 mm of the mPFC centre (1, 55, −3), from the 5th volume on.
  for (let k = 0; k < 31; k++) for (let j = 0; j < 37; j++) for (let i = 0; i < 31; i++) {
    const [x, y, z] = [-90 + s * i, -126 + s * j, -72 + s * k];
    if ((x - 1) ** 2 + (y - 55) ** 2 + (z + 3) ** 2 <= 15 ** 2) for (let t2 = 5; t2 < 30; t2++) data[i + 31 * (j + 37 * k) + t2 * n3] = NaN;
  }
  await writeNifti(join(dir, 'nan.nii'), { dims, affine, datatype: 'float32', data, sformCode: 4, trSeconds: 2 });
  await expectRefusal(dir, join(dir, 'nan.nii'), /mPFC.*NaN/);
});

test('analyze --no-preprocess refuses the real non-MNI files in shared/data; no orientation is refused either way', async (t) => {
  const haxby = new URL('bold/haxby2001_sub001_run001_bold_25mm.nii.gz', sharedData);
  const feeds = new URL('bold/feeds_filtered_func_data_oro-nifti.nii.gz', sharedData);
  if (!existsSync(haxby) || !existsSync(feeds)) { t.skip('shared/data is absent'); return; }
  const dir = tempDir(t);
  await expectRefusal(dir, haxby.pathname, /scanner/i, ['--no-preprocess']);
  await expectRefusal(dir, feeds.pathname, /orientation/i);
});

test('analyze: usage errors exit 2 with the usage line', async (t) => {
  const dir = tempDir(t);
  const noFile = await run(['--json'], dir);
  assert.equal(noFile.code, 2);
  assert.match(noFile.stderr, /no image given/);
  const badScrub = await run(['x.nii', '--scrub', 'sometimes'], dir);
  assert.equal(badScrub.code, 2);
  assert.match(badScrub.stderr, /--scrub must be/);
  const bothT1 = await run(['dicom', '--no-t1', '--t1-series', '5'], dir);
  assert.equal(bothT1.code, 2);
  assert.match(bothT1.stderr, /--no-t1 cannot be combined/);
  const badSeries = await run(['dicom', '--t1-series', 'five'], dir);
  assert.equal(badSeries.code, 2);
  assert.match(badSeries.stderr, /--t1-series needs a DICOM series number/);
});

test('analyze --t1-series (full-width digits accepted) and --no-t1 reach the input spec', () => {
  const chosen = parseAnalyzeArgs(['dicom', '--t1-series', '１２'], '/data');
  assert.equal(chosen.input.t1Series, 12);
  assert.equal(chosen.input.noT1, false);
  const none = parseAnalyzeArgs(['dicom', '--no-t1'], '/data');
  assert.equal(none.input.noT1, true);
  assert.equal(none.input.t1Series, null);
});

test('analyze with the real MNI tissue probability maps adds aCompCor: mean + 4 PCs of WM and of CSF', async (t) => {
  const wm = new URL('templates/MNI152NLin2009cAsym_2mm_tpm_wm_niworkflows.nii.gz', sharedData);
  const csf = new URL('templates/MNI152NLin2009cAsym_2mm_tpm_csf_niworkflows.nii.gz', sharedData);
  if (!existsSync(wm) || !existsSync(csf)) { t.skip('shared/data is absent'); return; }
  const dir = tempDir(t);
  const bold = await writeCoarseBold(dir, { voxelMm: 3 });
  const { code, stdout, stderr } = await run([bold, '--wm-mask', wm.pathname, '--csf-mask', csf.pathname, '--json'], dir);
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout) as { z: number; qc: { confoundColumns: string[] }; provenance: { masks: { wm: { sha256: string } | null } } };
  const tissue = out.qc.confoundColumns.filter((c) => /^(wm|csf)_/.test(c));
  assert.deepEqual(tissue, ['wm_mean', 'wm_pc1', 'wm_pc2', 'wm_pc3', 'wm_pc4', 'csf_mean', 'csf_pc1', 'csf_pc2', 'csf_pc3', 'csf_pc4']);
  assert.ok(Number.isFinite(out.z));
  assert.equal(out.provenance.masks.wm?.sha256.length, 64);
});

test('--nonlinear turns the B-spline refinement on (in the settings); an MNI image needs no normalization, so its analysis and hash are as without it', async (t) => {
  assert.equal(parseAnalyzeArgs(['x.nii', '--nonlinear'], '/').request.settings.nonlinearNormalization, true);
  assert.equal(parseAnalyzeArgs(['x.nii'], '/').request.settings.nonlinearNormalization, undefined);
  const dir = tempDir(t);
  const bold = await writeCoarseBold(dir);
  const plain = await run([bold, '--json'], dir);
  const nonlinear = await run([bold, '--nonlinear', '--json'], dir);
  assert.equal(nonlinear.code, 0, nonlinear.stderr);
  const [a, b] = [plain, nonlinear].map((r) => JSON.parse(r.stdout) as Record<string, any>);
  assert.equal(b.provenance.settingsHash, a.provenance.settingsHash);
  assert.equal(b.z, a.z);
  assert.equal(b.preprocessing, undefined);
});
