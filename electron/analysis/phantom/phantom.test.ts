import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKrpError } from '../../../shared/errors';
import { bandpassBasis, connBandpass } from '../../../shared/imaging/bandpass';
import { parseConfounds } from '../../../shared/imaging/confounds';
import { fisherZ, pearson } from '../../../shared/imaging/correlate';
import { buildDesignMatrix } from '../../../shared/imaging/design-matrix';
import { olsFit, orthonormalColumns, projectOnto, projectOut } from '../../../shared/imaging/linear-algebra';
import { compositeMotion } from '../../../shared/imaging/motion';
import { detectOutliers } from '../../../shared/imaging/outliers';
import { sphereVoxels } from '../../../shared/imaging/sphere';
import { readNiftiImage } from '../nifti/read-image';
import { generatePhantom, type Phantom } from './generate-phantom';
import { plantedPair, stopBandDrift } from './planted-signals';
import { seededRng } from './rng';
import { writePhantom } from './write-phantom';

let cached: Phantom | null = null;
/** One small phantom shared by the tests: 3 mm grid, 100 volumes (1 spike + 1 motion jump), z = −0.3. */
function phantom(): Phantom {
  cached ??= generatePhantom({ gridMm: 3, volumes: 100, trSeconds: 2, z: -0.3, seed: 11 });
  return cached;
}

/** M y = F R y: regression residuals on X, then CONN's band-pass projection. */
function clean(X: Phantom['design']['X'], tr: number, y: ArrayLike<number>): Float64Array {
  const { Q } = orthonormalColumns(X);
  const { basis } = bandpassBasis(X.rows, tr, { lowHz: 0.008, highHz: 0.09 });
  return projectOnto(basis, projectOut(Q, y));
}

test('planted signals satisfy M s = s, have correlation tanh(z) to 1e-12; the stop-band drift has M d = 0', () => {
  const p = phantom();
  assert.deepEqual(p.outlierScans, [...p.spikeScans.flatMap((s) => [s, s + 1]), ...p.motionJumpScans].sort((a, b) => a - b));
  assert.equal(p.spikeScans.length, 1);
  for (const s of [p.signals.mpfc, p.signals.precuneus]) {
    const m = clean(p.design.X, 2, s);
    const scale = Math.max(...s.map(Math.abs));
    s.forEach((v, t) => assert.ok(Math.abs(m[t] - v) < 1e-9 * scale, `M s ≠ s at ${t}`));
  }
  assert.ok(Math.abs(pearson(p.signals.mpfc, p.signals.precuneus) - Math.tanh(-0.3)) < 1e-12);
  assert.equal(p.plantedR, Math.tanh(-0.3));

  const rng = seededRng(5);
  const d = stopBandDrift(p.design.X, 2, p.band, rng)!;
  const md = clean(p.design.X, 2, d);
  for (const v of md) assert.ok(Math.abs(v) < 1e-9);
  // A signal pair for another design and ρ = 0.9 also holds exactly.
  const X = buildDesignMatrix({ scans: 150, outlierScans: [10, 11] }).X;
  const pair = plantedPair(X, 1.5, p.band, 0.9, 25, rng);
  assert.ok(Math.abs(pearson(pair.s1, pair.s2) - 0.9) < 1e-12);
  const literal = connBandpass(olsFit(X, pair.s2).residuals, 1.5, p.band);
  pair.s2.forEach((v, t) => assert.ok(Math.abs(literal[t] - v) < 1e-9 * 25));
});

test('image layout: MNI 3 mm box, brain ellipsoid ~1000, low background; motion below 0.9 mm except the planted jump', () => {
  const p = phantom();
  assert.deepEqual(p.image.dims, [61, 73, 61, 100]);
  assert.deepEqual(p.image.affine, [-3, 0, 0, 90, 0, 3, 0, -126, 0, 0, 3, -72, 0, 0, 0, 1]);
  const nVox = 61 * 73 * 61;
  // Voxel (30, 42, 24) is MNI (0, 0, 0): in the brain. Voxel (0, 0, 0) is a corner: background.
  const centre = 30 + 61 * (42 + 73 * 24);
  assert.equal(p.brainMask[centre], 1);
  assert.ok(p.image.data[centre] > 800 && p.image.data[centre] < 1300);
  assert.equal(p.brainMask[0], 0);
  assert.ok(p.image.data[0] >= 8 && p.image.data[0] <= 12);
  assert.ok(p.brainVoxels > 50000 && p.brainVoxels < 80000);
  assert.equal(p.image.data.length, nVox * 100);
  const cm = compositeMotion(p.motion!);
  cm.forEach((v, t) => assert.ok(p.motionJumpScans.includes(t) ? v > 0.9 : v < 0.5, `composite ${v} at ${t}`));
});

test('the math pipeline recovers the planted z within 0.01 and flags exactly the planted outliers', () => {
  const p = phantom();
  const [nx, ny, nz, n] = p.image.dims;
  const nVox = nx * ny * nz;
  const global = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let v = 0; v < nVox; v++) if (p.brainMask[v]) s += p.image.data[t * nVox + v];
    global[t] = s / p.brainVoxels;
  }
  for (const mode of ['intermediate', 'conservative'] as const) {
    assert.deepEqual(detectOutliers({ globalSignal: global, motion: p.motion, mode }).scans, p.outlierScans, mode);
  }
  // The design plus the planted WM/CSF nuisance courses (what aCompCor finds in the tissue masks, analyze.acompcor.test.ts).
  const nuisance = [...p.nuisance!.wm, ...p.nuisance!.csf];
  const acompcor = { rows: n, cols: nuisance.length, data: new Float64Array(n * nuisance.length) };
  nuisance.forEach((c, j) => c.forEach((v, t) => { acompcor.data[t * nuisance.length + j] = v; }));
  const X = buildDesignMatrix({ scans: n, motion: p.motion, acompcor, acompcorNames: nuisance.map((_, j) => `n${j}`), outlierScans: detectOutliers({ globalSignal: global, motion: p.motion, mode: 'intermediate' }).scans }).X;
  const roiMean = (centre: readonly number[]) => {
    const { indices } = sphereVoxels([nx, ny, nz], p.image.affine, centre, 10);
    const y = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      let s = 0;
      for (const v of indices) s += p.image.data[t * nVox + v];
      y[t] = s / indices.length;
    }
    return y;
  };
  const a = connBandpass(olsFit(X, roiMean(p.rois.mpfc.centreMm)).residuals, 2, p.band);
  const b = connBandpass(olsFit(X, roiMean(p.rois.precuneus.centreMm)).residuals, 2, p.band);
  const z = fisherZ(pearson(a, b));
  assert.ok(Math.abs(z - -0.3) < 0.01, `z = ${z}`);
  // Without the planted nuisance in the design, the WM/CSF leak biases the answer far off.
  const Xold = p.design.X;
  const za = fisherZ(pearson(connBandpass(olsFit(Xold, roiMean(p.rois.mpfc.centreMm)).residuals, 2, p.band), connBandpass(olsFit(Xold, roiMean(p.rois.precuneus.centreMm)).residuals, 2, p.band)));
  assert.ok(Math.abs(za - -0.3) > 0.3, `z without the nuisance regressors = ${za}`);
  // Without the denoising the nuisance biases the answer: the phantom does test the cleaning.
  const raw = fisherZ(pearson(roiMean(p.rois.mpfc.centreMm), roiMean(p.rois.precuneus.centreMm)));
  assert.ok(Math.abs(raw - -0.3) > 0.05, `raw z = ${raw}`);
});

test('same seed, same phantom; bad options are KrpErrors', () => {
  const a = generatePhantom({ volumes: 45, seed: 3, motion: false, tissue: false });
  const b = generatePhantom({ volumes: 45, seed: 3, motion: false, tissue: false });
  assert.equal(a.motion, null);
  assert.deepEqual(a.outlierScans, []);
  assert.ok(a.image.data.every((v, i) => v === b.image.data[i]));
  for (const bad of [{ volumes: 10 }, { gridMm: 1 as 2 }, { z: 9 }, { spikes: 5, volumes: 100 }, { trSeconds: 0 }, { datatype: 'uint8' as 'int16' }]) {
    assert.throws(() => generatePhantom(bad), (e) => isKrpError(e) && e.code === 'phantom.bad-option', JSON.stringify(bad));
  }
});

test('writePhantom (int16, gzip): NIfTI reads back, rp_bold.txt parses, truth.json holds the answer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-phantom-'));
  try {
    const opts = { gridMm: 3 as const, volumes: 100, z: 0.5, seed: 4, datatype: 'int16' as const, gzip: true };
    const written = await writePhantom(opts, dir);
    assert.ok(existsSync(join(dir, 'bold.nii.gz')));
    const truth = JSON.parse(readFileSync(written.truthPath, 'utf8'));
    assert.equal(truth.plantedZ, 0.5);
    assert.equal(truth.plantedR, Math.tanh(0.5));
    assert.deepEqual(truth.outlierScans, written.truth.outlierScans);
    assert.ok(truth.outlierScans.length === 3);

    const img = await readNiftiImage(written.boldPath);
    assert.deepEqual(img.header.dims, [61, 73, 61, 100]);
    assert.equal(img.header.datatype, 'int16');
    assert.equal(img.header.sformCode, 4);
    assert.equal(img.header.trSeconds, 2);
    assert.deepEqual(img.header.affine, [-3, 0, 0, 90, 0, 3, 0, -126, 0, 0, 3, -72, 0, 0, 0, 1]);
    const p = generatePhantom(opts);
    const slope = truth.sclSlope as number;
    assert.ok(slope > 0.02 && slope < 0.1);
    for (let i = 0; i < img.data.length; i += 997) assert.ok(Math.abs(img.data[i] - p.image.data[i]) <= slope / 2 + 1e-4 * Math.abs(p.image.data[i]));

    const rp = parseConfounds(readFileSync(written.motionPath!, 'utf8'), 'rp_bold.txt');
    assert.equal(rp.rows, 100);
    p.motion!.data.forEach((v, i) => assert.ok(Math.abs(rp.motion!.data[i] - v) <= 1e-7 * Math.abs(v) + 1e-300));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
