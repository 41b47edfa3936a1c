import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brainMaskFromVolume } from './brain-mask';

test('brain mask: the global intensity is the mean of voxels above an eighth of the mean', () => {
  // 6 background voxels at 10, 4 brain voxels at 1000 and 600, one NaN.
  const volume = [10, 10, 10, 10, 10, 10, 1000, 1000, 600, 600, NaN];
  // mean of finite = (60 + 3200) / 10 = 326; /8 = 40.75 → global = (1000+1000+600+600)/4 = 800
  const { mask, count, globalIntensity, threshold } = brainMaskFromVolume(volume, 0.5);
  assert.equal(globalIntensity, 800);
  assert.equal(threshold, 400);
  assert.deepEqual([...mask], [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0]);
  assert.equal(count, 4);
});

test('brain mask: a stricter fraction drops the darker voxels; an empty or all-NaN volume gives no voxels', () => {
  const volume = [10, 10, 10, 10, 10, 10, 1000, 1000, 600, 600];
  assert.equal(brainMaskFromVolume(volume, 0.8).count, 2); // threshold 640
  assert.equal(brainMaskFromVolume([NaN, NaN]).count, 0);
  assert.equal(brainMaskFromVolume([0, 0, 0]).count, 0);
});

test('brain mask: one voxel at 3e38 (or −3e38, or a few at 1e30) neither empties the mask nor joins it', () => {
  // 4000 background voxels at 10 ± 2, 1000 brain voxels at 1000 ± 50 (deterministic pattern).
  const base = Array.from({ length: 5000 }, (_, i) => (i < 4000 ? 10 + (i % 5) - 2 : 1000 + ((i * 7) % 101) - 50));
  const clean = brainMaskFromVolume(base);
  assert.equal(clean.count, 1000);
  for (const extreme of [[3e38], [-3e38], [1e30, 1e30, 1e30, 1e30, 1e30]]) {
    const volume = base.slice();
    extreme.forEach((v, k) => { volume[4100 + k] = v; });
    const m = brainMaskFromVolume(volume);
    assert.equal(m.count, 1000 - extreme.length, `${extreme[0]}`);
    assert.ok(Math.abs(m.globalIntensity - clean.globalIntensity) < 1, `${m.globalIntensity} vs ${clean.globalIntensity}`);
    assert.equal(m.extremeVoxels, extreme[0] > 0 ? extreme.length : 0);
    for (let k = 0; k < extreme.length; k++) assert.equal(m.mask[4100 + k], 0);
  }
});
