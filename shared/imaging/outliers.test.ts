import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros } from './matrix';
import { detectOutliers, globalSignalChangeZ } from './outliers';

/** Flat global signal with single-scan spikes of height `a` at the given scans. */
function spiky(n: number, spikes: number[], a = 100): Float64Array {
  const g = new Float64Array(n).fill(1000);
  for (const s of spikes) g[s] += a;
  return g;
}

/** N×6 motion with a persistent translation step of `mm` along x starting at scan `at`. */
function stepMotion(n: number, at: number, mm: number) {
  const m = zeros(n, 6);
  for (let t = at; t < n; t++) m.data[t * 6] = mm;
  return m;
}

test('a single-scan spike flags the spike and the scan after it: z = √((N−2)/2) by hand', () => {
  // Differences: +a at s, −a at s+1, 0 elsewhere; mean 0, sample SD a·√(2/(N−2)) → |z| = √((N−2)/2).
  const n = 60;
  const z = globalSignalChangeZ(spiky(n, [20]));
  assert.ok(Math.abs(z[20] - Math.sqrt(29)) < 1e-12);
  assert.ok(Math.abs(z[21] - Math.sqrt(29)) < 1e-12);
  assert.equal(z[0], 0);
  const r = detectOutliers({ globalSignal: spiky(n, [20]), motion: null, mode: 'intermediate' });
  assert.deepEqual(r.scans, [20, 21]);
  assert.deepEqual(r.byGlobalSignal, [20, 21]);
  assert.deepEqual(r.byMotion, []);
  assert.equal(r.thresholds.globalSignalZ, 5);
  assert.equal(r.thresholds.motionMm, null); // no motion → no motion rule
});

test('spike threshold is strict: N = 20 gives z = 3 exactly (not flagged, conservative), N = 21 flags', () => {
  assert.deepEqual(detectOutliers({ globalSignal: spiky(20, [8]), motion: null, mode: 'conservative' }).scans, []);
  assert.deepEqual(detectOutliers({ globalSignal: spiky(21, [8]), motion: null, mode: 'conservative' }).scans, [8, 9]);
  // The same 21-scan spike (z ≈ 3.08) is not an outlier at the intermediate threshold of 5.
  assert.deepEqual(detectOutliers({ globalSignal: spiky(21, [8]), motion: null, mode: 'intermediate' }).scans, []);
});

test('spikes at the last and the first scan: only one change each', () => {
  // Last scan: one difference +a; z = (N−2)/√(N−1) = 58/√59 ≈ 7.55 for N = 60.
  const last = detectOutliers({ globalSignal: spiky(60, [59]), motion: null, mode: 'intermediate' });
  assert.deepEqual(last.scans, [59]);
  assert.ok(Math.abs(last.globalSignalZ[59] - 58 / Math.sqrt(59)) < 1e-12);
  // First scan: the only large change is out of it, at scan 1; scan 0 itself is never flagged.
  assert.deepEqual(detectOutliers({ globalSignal: spiky(60, [0]), motion: null, mode: 'intermediate' }).scans, [1]);
});

test('motion rule: composite > 0.9 mm (intermediate), > 0.5 mm (conservative), FD > 0.5 mm (fd)', () => {
  const g = spiky(40, []);
  const jump07 = stepMotion(40, 10, 0.7);
  const jump10 = stepMotion(40, 10, 1.0);
  assert.deepEqual(detectOutliers({ globalSignal: g, motion: jump07, mode: 'intermediate' }).scans, []);
  assert.deepEqual(detectOutliers({ globalSignal: g, motion: jump10, mode: 'intermediate' }).byMotion, [10]);
  assert.deepEqual(detectOutliers({ globalSignal: g, motion: jump07, mode: 'conservative' }).scans, [10]);
  const fd = detectOutliers({ globalSignal: g, motion: jump07, mode: 'fd' });
  assert.deepEqual(fd.scans, [10]);
  assert.equal(fd.thresholds.motionMeasure, 'framewise-displacement');
  // A rotation of 0.008 rad about z: FD = 50·0.008 = 0.4 mm (not flagged) but composite = 2·110·sin(0.004) ≈ 0.88 mm.
  const rot = zeros(40, 6);
  for (let t = 10; t < 40; t++) rot.data[t * 6 + 5] = 0.008;
  assert.deepEqual(detectOutliers({ globalSignal: g, motion: rot, mode: 'fd' }).scans, []);
  assert.deepEqual(detectOutliers({ globalSignal: g, motion: rot, mode: 'conservative' }).scans, [10]);
});

test('both rules together give a sorted unique list; off flags nothing', () => {
  const g = spiky(60, [30, 45]);
  const m = stepMotion(60, 31, 1.2);
  const r = detectOutliers({ globalSignal: g, motion: m, mode: 'intermediate' });
  // Two spikes: four differences of ±a, sample SD a·√(4/58) → |z| = √14.5 ≈ 3.8: not flagged at 5, flagged at 3.
  assert.deepEqual(r.byGlobalSignal, []);
  assert.deepEqual(r.scans, [31]);
  const c = detectOutliers({ globalSignal: g, motion: m, mode: 'conservative' });
  assert.deepEqual(c.byGlobalSignal, [30, 31, 45, 46]);
  assert.deepEqual(c.scans, [30, 31, 45, 46]);
  assert.deepEqual(detectOutliers({ globalSignal: g, motion: m, mode: 'off' }).scans, []);
});
