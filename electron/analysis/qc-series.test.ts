/**
 * QC series against hand-computed values on small planted series: framewise displacement (the one
 * the scrubbing uses) and its line, DVARS, the global signal, the tSNR image, the carpet groups.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRows } from '../../shared/imaging/matrix';
import { buildConfounds } from './steps/build-confounds';
import { voxelStats } from './steps/voxel-stats';
import { carpetGroups, dvarsPercent, qcSeries, tsnrImage } from './qc-series';

const close = (a: number, b: number, tol = 1e-4) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

/** 8 scans of planted motion: hand FD per scan written beside each row. */
const MOTION = [
  [0, 0, 0, 0, 0, 0], //       FD 0 (first scan)
  [0.1, 0, 0, 0, 0, 0], //     0.1
  [0.1, 0.2, 0, 0.001, 0, 0], // 0.2 + 50·0.001 = 0.25
  [0.1, 0.2, 0, 0.001, 0, -0.002], // 50·0.002 = 0.1
  [0.9, 0.2, 0, 0.001, 0, -0.002], // 0.8 (above 0.5: flagged in scrub mode "fd")
  [0.9, 0.2, 0, 0.001, 0, -0.002], // 0
  [0.9, 0.2, -0.05, 0.001, 0.001, -0.002], // 0.05 + 0.05 = 0.1
  [0.9, 0.2, -0.05, 0.001, 0.001, -0.002], // 0
];
const HAND_FD = [0, 0.1, 0.25, 0.1, 0.8, 0, 0.1, 0];

function confoundsOf(scrub: 'fd' | 'intermediate', globalSignal: number[]) {
  return buildConfounds({
    scans: 8, dropped: 0, totalVolumes: 8, confounds: null, tissue: { wm: null, csf: null }, globalSignal, scrub,
    acompcorComponents: 0, motionParameters: fromRows(MOTION),
  });
}

test('FD: the hand values, the scrubbing rule line at 0.5 mm in mode "fd", and the scan it flagged', () => {
  const gs = [100, 101, 100, 101, 100, 101, 100, 101];
  const c = confoundsOf('fd', gs);
  const series = qcSeries({ scans: 8, globalSignal: Float64Array.from(gs), dvarsPct: new Float64Array(8), fdMm: c.fd, detection: c.detection, flaggedFromFile: [], carpet: null });
  assert.equal(series.fdMm!.length, 8);
  series.fdMm!.forEach((v, i) => close(v, HAND_FD[i]!));
  assert.equal(series.fdLineMm, 0.5);
  assert.equal(series.fdLineIsRule, true);
  assert.deepEqual(series.flagged.motion, [4]);
  assert.deepEqual(series.scrubMotion?.measure, 'framewise-displacement');
  series.scrubMotion!.valuesMm.forEach((v, i) => close(v, HAND_FD[i]!));
  // Global signal: % of its mean (100.5): 100 → −0.4975 %, 101 → +0.4975 %.
  close(series.globalSignalPct[0]!, -0.4975);
  close(series.globalSignalPct[1]!, 0.4975);
});

test('FD with CONN\'s composite rule: same FD, the 0.5 mm line is a reference only, the rule\'s own measure kept', () => {
  const c = confoundsOf('intermediate', [100, 100, 100, 100, 100, 100, 100, 100]);
  const series = qcSeries({ scans: 8, globalSignal: new Float64Array(8).fill(100), dvarsPct: new Float64Array(8), fdMm: c.fd, detection: c.detection, flaggedFromFile: [], carpet: null });
  series.fdMm!.forEach((v, i) => close(v, HAND_FD[i]!));
  assert.equal(series.fdLineIsRule, false);
  assert.equal(series.fdLineMm, 0.5);
  assert.equal(series.scrubMotion?.measure, 'composite');
  assert.equal(series.scrubMotion?.thresholdMm, 0.9);
  assert.equal(series.globalSignalZThreshold, 5);
  assert.deepEqual(series.globalSignalPct, [0, 0, 0, 0, 0, 0, 0, 0]);
});

test('no motion known: FD is null, the global-signal rule still reported', () => {
  const c = buildConfounds({ scans: 8, dropped: 0, totalVolumes: 8, confounds: null, tissue: { wm: null, csf: null }, globalSignal: new Float64Array(8), scrub: 'intermediate', acompcorComponents: 0 });
  const series = qcSeries({ scans: 8, globalSignal: new Float64Array(8), dvarsPct: new Float64Array(8), fdMm: c.fd, detection: c.detection, flaggedFromFile: [2], carpet: null });
  assert.equal(series.fdMm, null);
  assert.equal(series.scrubMotion, null);
  assert.deepEqual(series.flagged.confoundsFile, [2]);
});

test('DVARS: RMS of the scan-to-scan change over the members, % of the grand mean', () => {
  // 3 scans × 3 kept voxels (time-major); members 0 and 2. Scan 1 − scan 0 on members: 3, 4 → √((9+16)/2) = 3.5355.
  const data = Float32Array.from([0, 9, 0, 3, 9, 4, 3, 0, 4]);
  const dvars = dvarsPercent(data, 3, 3, Int32Array.from([0, 2]), 200);
  close(dvars[0]!, 0);
  close(dvars[1]!, (100 * Math.sqrt(12.5)) / 200);
  close(dvars[2]!, 0);
});

test('tSNR image: mean / SD over time of each included voxel, NaN elsewhere (planted 2×2×1 grid)', () => {
  // Kept voxels at grid 0, 1, 3. Raw series: voxel 0 = 10 12 14 12 12 (mean 12, SD √2 → 8.4853);
  // voxel 1 = 5 5 5 5 5 (constant: NaN); voxel 3 = 100 90 110 100 100 (mean 100, SD √50 → 14.1421) but excluded.
  const raw = [[10, 12, 14, 12, 12], [5, 5, 5, 5, 5], [100, 90, 110, 100, 100]];
  const offset = Float32Array.from(raw.map((s) => s[0]!));
  const data = new Float32Array(5 * 3);
  for (let t = 0; t < 5; t++) for (let j = 0; j < 3; j++) data[t * 3 + j] = raw[j]![t]! - offset[j]!;
  const stats = voxelStats(data, 5, offset, new Uint8Array(3));
  const image = tsnrImage(4, Int32Array.from([0, 1, 3]), stats.mean, stats.sd, [1, 1, 0]);
  close(image[0]!, 12 / Math.SQRT2);
  assert.ok(Number.isNaN(image[1]!), 'constant voxel');
  assert.ok(Number.isNaN(image[2]!), 'not kept');
  assert.ok(Number.isNaN(image[3]!), 'not included');
  const included = tsnrImage(4, Int32Array.from([0, 1, 3]), stats.mean, stats.sd, [1, 1, 1]);
  close(included[3]!, 100 / Math.sqrt(50));
});

test('carpet groups are disjoint, usable only, ROI first, grey matter inside the brain only', () => {
  const kept = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
  const usable = Uint8Array.from([1, 1, 1, 1, 1, 0, 1, 1]);
  const inBrain = Uint8Array.from([1, 1, 1, 1, 1, 1, 0, 1]);
  const grey = Uint8Array.from([1, 1, 1, 1, 0, 1, 1, 0]);
  const white = Uint8Array.from([0, 0, 0, 1, 1, 1, 1, 0]);
  const groups = carpetGroups({ kept, usable, inBrain, roiMembers: { mpfc: Int32Array.from([0]), precuneus: Int32Array.from([1, 0]) }, grey, white, csf: Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1]) });
  assert.deepEqual([...groups.mpfc], [0]);
  assert.deepEqual([...groups.precuneus], [1]);
  assert.deepEqual([...groups.grey], [2, 3], '5 unusable, 6 outside the brain');
  assert.deepEqual([...groups.white], [4, 6], 'white matter may lie outside the data-derived brain mask');
  assert.deepEqual([...groups.csf], [7]);
});
