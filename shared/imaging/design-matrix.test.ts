import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isKrpError } from '../errors';
import { buildDesignMatrix } from './design-matrix';
import { fromRows, get } from './matrix';

test('constant + trend only, with a one-hot per outlier scan', () => {
  const { X, names } = buildDesignMatrix({ scans: 4, outlierScans: [2, 2] });
  assert.deepEqual(names, ['constant', 'linear_trend', 'outlier_scan_2']);
  assert.deepEqual(Array.from(X.data), [
    1, -1.5, 0,
    1, -0.5, 0,
    1, 0.5, 1,
    1, 1.5, 0,
  ]);
});

test('motion, derivatives, aCompCor and outliers: names, shape and values', () => {
  const motion = fromRows([0, 1, 2, 3, 4].map((t) => [t, 2 * t, 0, 0.01 * t * t, 0, 0]));
  const acompcor = fromRows([[1, 5], [2, 4], [3, 3], [4, 2], [5, 1]]);
  const { X, names } = buildDesignMatrix({ scans: 5, motion, acompcor, acompcorNames: ['wm_mean', 'wm_pc1'], outlierScans: [4, 0] });
  assert.deepEqual(names, [
    'constant', 'linear_trend',
    'trans_x', 'trans_y', 'trans_z', 'rot_x', 'rot_y', 'rot_z',
    'trans_x_derivative1', 'trans_y_derivative1', 'trans_z_derivative1', 'rot_x_derivative1', 'rot_y_derivative1', 'rot_z_derivative1',
    'wm_mean', 'wm_pc1', 'outlier_scan_0', 'outlier_scan_4',
  ]);
  assert.equal(X.rows, 5);
  assert.equal(X.cols, 18);
  const col = (name: string) => [0, 1, 2, 3, 4].map((t) => get(X, t, names.indexOf(name)));
  assert.deepEqual(col('linear_trend'), [-2, -1, 0, 1, 2]);
  assert.deepEqual(col('trans_y'), [0, 2, 4, 6, 8]);
  // Derivative of 2t with replicated edges: [1, 2, 2, 2, 1]; of 0.01t²: [0.005, 0.02, 0.04, 0.06, 0.035].
  assert.deepEqual(col('trans_y_derivative1'), [1, 2, 2, 2, 1]);
  col('rot_x_derivative1').forEach((v, i) => assert.ok(Math.abs(v - [0.005, 0.02, 0.04, 0.06, 0.035][i]) < 1e-15));
  assert.deepEqual(col('wm_pc1'), [5, 4, 3, 2, 1]);
  assert.deepEqual(col('outlier_scan_0'), [1, 0, 0, 0, 0]);
  assert.deepEqual(col('outlier_scan_4'), [0, 0, 0, 0, 1]);
});

test('a motion file with the wrong number of rows is a KrpError', () => {
  const motion = fromRows([[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]);
  assert.throws(() => buildDesignMatrix({ scans: 3, motion }), (e) => isKrpError(e) && e.code === 'confounds.row-count' && e.message.includes('2 rows') && e.message.includes('3 volumes'));
});
