import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleaningOperator } from './cleaning-operator';
import { buildDesignMatrix } from './design-matrix';
import { checkDegreesOfFreedom, residualDegreesOfFreedom, MIN_RESIDUAL_DOF } from './degrees-of-freedom';
import { zeros } from './matrix';

const BAND = { lowHz: 0.008, highHz: 0.09 };

/** A tiny deterministic generator (LCG) so this pure test needs nothing from electron/. */
function seededRng(seed: number) {
  let s = seed >>> 0;
  return { uniform: () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; } };
}

function randomMotion(n: number, seed: number) {
  const rng = seededRng(seed);
  const m = zeros(n, 6);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() - 0.5;
  return m;
}

test('regression only: the residual rank is scans minus the rank of the design', () => {
  const { X } = buildDesignMatrix({ scans: 50, motion: randomMotion(50, 1), acompcor: null, acompcorNames: [], outlierScans: [3, 9] });
  // constant + trend + 6 motion + 6 derivatives + 2 one-hots = 16 independent columns.
  const op = cleaningOperator(X, 2, null);
  assert.equal(op.confoundRank, 16);
  assert.equal(residualDegreesOfFreedom(op.G), 34);
});

test('36 regressors on 30 scans: no degrees of freedom, although the band still has vectors', () => {
  const rng = seededRng(5);
  const acompcor = zeros(30, 22);
  for (let i = 0; i < acompcor.data.length; i++) acompcor.data[i] = rng.uniform();
  const { X } = buildDesignMatrix({ scans: 30, motion: randomMotion(30, 2), acompcor, acompcorNames: Array.from({ length: 22 }, (_, i) => `c${i}`), outlierScans: [] });
  assert.equal(X.cols, 36);
  const op = cleaningOperator(X, 2, BAND);
  assert.ok(op.G.rows >= 3, `in-band vectors ${op.G.rows}: the old guard passed`);
  assert.equal(residualDegreesOfFreedom(op.G), 0);
});

test('114 of 121 scans scrubbed: refused, naming regressors and usable scans', () => {
  const outliers = Array.from({ length: 114 }, (_, i) => i + 3);
  const { X } = buildDesignMatrix({ scans: 121, motion: randomMotion(121, 3), acompcor: null, acompcorNames: [], outlierScans: outliers });
  const op = cleaningOperator(X, 2.5, BAND);
  const residual = residualDegreesOfFreedom(op.G);
  assert.ok(residual < MIN_RESIDUAL_DOF, `residual ${residual}`);
  assert.throws(() => checkDegreesOfFreedom({ regressors: X.cols, confoundRank: op.confoundRank, scrubbed: 114, scans: 121, inBand: op.G.rows, residual }),
    (e: unknown) => (e as { code?: string }).code === 'analysis.no-degrees-of-freedom' && /128 regressors .* for 121 scans \(7 usable\)/.test((e as Error).message));
});

test('band-pass only: the residual rank equals the number of in-band vectors minus what the constant and trend take', () => {
  const { X } = buildDesignMatrix({ scans: 200, motion: null, acompcor: null, acompcorNames: [], outlierScans: [] });
  const op = cleaningOperator(X, 2, BAND);
  const d = residualDegreesOfFreedom(op.G);
  // The trend is not in the DCT band but overlaps it: at most one in-band dimension is lost.
  assert.ok(d === op.G.rows || d === op.G.rows - 1, `${d} vs K ${op.G.rows}`);
  assert.doesNotThrow(() => checkDegreesOfFreedom({ regressors: 2, confoundRank: 2, scrubbed: 0, scans: 200, inBand: op.G.rows, residual: d }));
});
