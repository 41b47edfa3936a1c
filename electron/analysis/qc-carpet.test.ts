/**
 * The carpet plot: row allocation within the bound, even sampling, and the quantisation round trip
 * through the stored PNG (every grey level decodes to its row's z within ±R/255; the after panel is
 * the cleaned series).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inflateSync } from 'node:zlib';
import { cleanCoefficients, cleaningOperator, seriesFromCoefficients } from '../../shared/imaging/cleaning-operator';
import { buildDesignMatrix } from '../../shared/imaging/design-matrix';
import { encodePngGrey } from './preprocess/png-encode';
import { CARPET_MAX_ROWS, CARPET_RANGE_Z, allocateRows, buildCarpet, dequantiseZ, quantiseZ, sampleEvenly, zScore } from './qc-carpet';

test('rows: ROIs up to 60 each, tissues share the rest 3:1:1, never above the bound or a group\'s voxels', () => {
  const big = allocateRows({ mpfc: 500, precuneus: 40, grey: 50_000, white: 20_000, csf: 5000 });
  assert.deepEqual(big, { mpfc: 60, precuneus: 40, grey: 300, white: 100, csf: 100 });
  const small = allocateRows({ mpfc: 12, precuneus: 15, grey: 100, white: 30, csf: 0 });
  assert.deepEqual(small, { mpfc: 12, precuneus: 15, grey: 100, white: 30, csf: 0 }, 'fewer voxels than rows: every voxel');
  const skewed = allocateRows({ mpfc: 60, precuneus: 60, grey: 10_000, white: 20, csf: 10 });
  assert.equal(skewed.white, 20);
  assert.equal(skewed.csf, 10);
  assert.equal(skewed.grey, CARPET_MAX_ROWS - 150, 'the shares white and CSF cannot fill go to grey matter');
  for (const r of [big, small, skewed]) assert.ok(Object.values(r).reduce((s, v) => s + v, 0) <= CARPET_MAX_ROWS);
});

test('even sampling takes the middle of equal stretches', () => {
  assert.deepEqual([...sampleEvenly(Int32Array.from([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]), 5)], [11, 13, 15, 17, 19]);
  assert.deepEqual([...sampleEvenly(Int32Array.from([1, 2]), 5)], [1, 2]);
});

test('quantisation: 0 ↔ −R, 255 ↔ +R, clipped outside, error ≤ R/255 inside', () => {
  assert.equal(quantiseZ(-CARPET_RANGE_Z), 0);
  assert.equal(quantiseZ(CARPET_RANGE_Z), 255);
  assert.equal(quantiseZ(-10), 0);
  assert.equal(quantiseZ(10), 255);
  for (let z = -3; z <= 3; z += 0.0137) assert.ok(Math.abs(dequantiseZ(quantiseZ(z)) - z) <= CARPET_RANGE_Z / 255 + 1e-12, `z ${z}`);
});

/** The grey pixels of an 8-bit grey PNG without interlace (filter type 0 on every row, as written). */
function decodeGreyPng(png: Buffer): { width: number; height: number; pixels: Uint8Array } {
  let at = 8;
  let width = 0, height = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') { width = body.readUInt32BE(0); height = body.readUInt32BE(4); assert.equal(body[9], 0, 'greyscale'); }
    if (type === 'IDAT') idat.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width + 1)], 0);
    pixels.set(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)), y * width);
  }
  return { width, height, pixels };
}

test('carpet round trip: PNG → grey levels → z equals each row\'s z-scored series before and after cleaning', () => {
  const scans = 40, V = 7;
  const data = new Float32Array(scans * V);
  for (let t = 0; t < scans; t++) for (let j = 0; j < V; j++) data[t * V + j] = 50 * j + 3 * Math.sin(t / (j + 1.5)) + 0.05 * t * j + (t === 20 && j === 2 ? 40 : 0);
  const { X } = buildDesignMatrix({ scans, motion: null, acompcor: null, acompcorNames: [], outlierScans: [] });
  const operator = cleaningOperator(X, 2, { lowHz: 0.008, highHz: 0.09 });
  const groups = { mpfc: Int32Array.from([0, 1]), precuneus: Int32Array.from([2]), grey: Int32Array.from([3, 4, 5]), white: new Int32Array(0), csf: Int32Array.from([6]) };
  const carpet = buildCarpet({ data, scans, V, groups, operator })!;
  assert.equal(carpet.layout.rows, 7);
  assert.deepEqual(carpet.layout.groups.map((g) => [g.group, g.rows]), [['mpfc', 2], ['precuneus', 1], ['grey', 3], ['csf', 1]]);
  const decoded = decodeGreyPng(encodePngGrey(scans, 2 * carpet.layout.rows, carpet.pixels));
  assert.equal(decoded.width, scans);
  assert.equal(decoded.height, 14);
  const order = [0, 1, 2, 3, 4, 5, 6];
  const tol = CARPET_RANGE_Z / 255 + 1e-9;
  let clipped = 0;
  for (const [r, j] of order.entries()) {
    const series = Array.from({ length: scans }, (_, t) => data[t * V + j]!);
    const before = zScore(series);
    const after = zScore(seriesFromCoefficients(operator, cleanCoefficients(operator, series)));
    for (let t = 0; t < scans; t++) {
      for (const [panel, z] of [[0, before[t]!], [1, after[t]!]] as const) {
        const g = decoded.pixels[(panel * 7 + r) * scans + t]!;
        if (Math.abs(z) > CARPET_RANGE_Z) { clipped++; assert.equal(g, z > 0 ? 255 : 0); continue; }
        assert.ok(Math.abs(dequantiseZ(g) - z) <= tol, `row ${r} scan ${t} panel ${panel}: ${dequantiseZ(g)} vs ${z}`);
      }
    }
  }
  assert.ok(clipped >= 1, 'the planted spike (z > 3) is clipped to white');
});

test('no voxel in any group: no carpet', () => {
  const { X } = buildDesignMatrix({ scans: 20, motion: null, acompcor: null, acompcorNames: [], outlierScans: [] });
  const empty = new Int32Array(0);
  assert.equal(buildCarpet({ data: new Float32Array(20), scans: 20, V: 1, groups: { mpfc: empty, precuneus: empty, grey: empty, white: empty, csf: empty }, operator: cleaningOperator(X, 2, null) }), null);
});
