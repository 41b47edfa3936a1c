/** Viewer settings: window/level arithmetic, zoom steps, ROI modes and colour separation. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_WINDOW, ROI_RGB, displayRange, nextZoom, roiLabelTable, roiModeSettings } from './viewer-settings';

test('the default window spans the robust range; narrowing it and moving the level are symmetric', () => {
  assert.deepEqual(displayRange(100, 300, DEFAULT_WINDOW), { min: 100, max: 300 });
  assert.deepEqual(displayRange(100, 300, { levelPct: 50, widthPct: 50 }), { min: 150, max: 250 });
  assert.deepEqual(displayRange(100, 300, { levelPct: 25, widthPct: 50 }), { min: 100, max: 200 });
  // A flat or broken range still gives a usable, increasing window.
  const flat = displayRange(5, 5, DEFAULT_WINDOW);
  assert.ok(flat.max > flat.min);
  const nan = displayRange(Number.NaN, Number.NaN, DEFAULT_WINDOW);
  assert.ok(Number.isFinite(nan.min) && nan.max > nan.min);
});

test('zoom moves one step at a time and stops at both ends', () => {
  assert.equal(nextZoom(1, 1), 1.5);
  assert.equal(nextZoom(1.5, 1), 2);
  assert.equal(nextZoom(4, 1), 4);
  assert.equal(nextZoom(1, -1), 1);
  assert.equal(nextZoom(3, -1), 2);
  assert.equal(nextZoom(2.5, -1), 2); // between steps: the step below the next one up
});

test('outline mode leaves the ROI inside nearly clear but draws its border; off hides it', () => {
  const outline = roiModeSettings('outline');
  assert.ok(outline.opacity > 0 && outline.opacity < 0.05 && outline.outline === 1);
  assert.ok(roiModeSettings('fill').opacity < 0.5, 'fill is translucent');
  assert.equal(roiModeSettings('off').opacity, 0);
});

test('ROI colours differ from each other and from the z scales (no blue-dominant, no orange-yellow ROI colour)', () => {
  const table = roiLabelTable();
  assert.deepEqual([table.R[1], table.G[1], table.B[1]], [...ROI_RGB.mpfc]);
  assert.deepEqual([table.R[2], table.G[2], table.B[2]], [...ROI_RGB.precuneus]);
  for (const [r, g, b] of [ROI_RGB.mpfc, ROI_RGB.precuneus] as readonly (readonly number[])[]) {
    const blueScale = b > r && b > g; // electric_blue: blue is the largest channel throughout
    const warmScale = r === 255 && b === 0 && g >= 127; // warm: full red, no blue, green 127–254
    assert.ok(!blueScale && !warmScale, `${r},${g},${b} is in a z colour scale`);
  }
  const distance = Math.hypot(...ROI_RGB.mpfc.map((c, i) => c - ROI_RGB.precuneus[i]!));
  assert.ok(distance > 200, 'the two ROIs are far apart in colour');
});

test('the tSNR range starts at 0 and ends at the robust maximum rounded up to tens (at least 10)', async () => {
  const { tsnrRange } = await import('./viewer-settings');
  assert.deepEqual(tsnrRange(83.2), { min: 0, max: 90 });
  assert.deepEqual(tsnrRange(120), { min: 0, max: 120 });
  assert.deepEqual(tsnrRange(3), { min: 0, max: 10 });
  assert.deepEqual(tsnrRange(undefined), { min: 0, max: 10 });
  assert.deepEqual(tsnrRange(Number.NaN), { min: 0, max: 10 });
});
