import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axisTop, carpetBands, outlierMarks, seriesPoints, thresholdLine, timeAxis } from './qc-trace-data';

test('one time axis: scan i at i·TR, the axis half a scan wider on each side (carpet column i centred on scan i)', () => {
  assert.deepEqual(timeAxis(4, 2), { min: -1, max: 7 });
  assert.deepEqual(seriesPoints([0, 0.3, 0.1, 0.8], 2), [{ x: 0, y: 0 }, { x: 2, y: 0.3 }, { x: 4, y: 0.1 }, { x: 6, y: 0.8 }]);
  assert.deepEqual(thresholdLine(0.5, 4, 2), [{ x: -1, y: 0.5 }, { x: 7, y: 0.5 }]);
  // 4 columns over [−1, 7): each 2 s wide, column 3 covers [5, 7) around scan 3 at 6 s.
});

test('the y axis covers the data and the threshold with headroom; marks sit at the top, once per scan', () => {
  assert.equal(axisTop([0.1, 0.3], 0.5), 0.5 * 1.15);
  assert.equal(axisTop([0.1, 2, Number.NaN], 0.5), 2 * 1.15);
  assert.equal(axisTop([0, 0], null), 1);
  assert.deepEqual(outlierMarks([7, 3, 7], 2, 1.2), [{ x: 6, y: 1.2 }, { x: 14, y: 1.2 }]);
});

test('carpet bands follow the stored groups', () => {
  const bands = carpetBands({
    rows: 9, scans: 10, panels: ['before', 'after'], rangeZ: 3,
    groups: [{ group: 'mpfc', rows: 2, voxels: 40 }, { group: 'grey', rows: 5, voxels: 900 }, { group: 'csf', rows: 2, voxels: 30 }],
  });
  assert.deepEqual(bands, [
    { group: 'mpfc', fromRow: 0, toRow: 2, voxels: 40 },
    { group: 'grey', fromRow: 2, toRow: 7, voxels: 900 },
    { group: 'csf', fromRow: 7, toRow: 9, voxels: 30 },
  ]);
});
