import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { seededRng } from '../phantom/rng';
import { BOLD_SERIES, SKIP_MESSAGE, xa30Dir, xa30Files } from './dicom-test-data';
import { syntheticSlice } from './dicom-test-writer';
import { readDicomHeader, TAGS } from './dicom-tags';

test('the tags of a planted classic slice are read; non-DICOM bytes give null', () => {
  const bytes = syntheticSlice({ seriesUid: '1.2.840.99', seriesNumber: 12, description: 'ep2d_bold_rest', instance: 3, z: 8.5, rows: 4, columns: 6 });
  const header = readDicomHeader(bytes);
  assert.ok(header);
  assert.equal(header.complete, true);
  assert.equal(header.values.get(TAGS.seriesUid), '1.2.840.99');
  assert.equal(header.values.get(TAGS.seriesNumber), '12');
  assert.equal(header.values.get(TAGS.rows), '4');
  assert.equal(header.values.get(TAGS.columns), '6');
  assert.equal(header.values.get(TAGS.seriesDescription), 'ep2d_bold_rest');
  assert.deepEqual(header.positions, [[-12, -12, 8.5]]);
  assert.equal(readDicomHeader(Buffer.from('%PDF-1.7 not dicom at all')), null);
  assert.equal(readDicomHeader(new Uint8Array(0)), null);
  // Cut before the pixel data: incomplete, so the caller reads more.
  assert.equal(readDicomHeader(bytes.subarray(0, 300))?.complete, false);
});

test('an enhanced multi-frame real file yields one position per frame', (t) => {
  if (!xa30Dir()) { t.skip(SKIP_MESSAGE); return; }
  const header = readDicomHeader(readFileSync(xa30Files(BOLD_SERIES)[0]));
  assert.ok(header?.complete);
  assert.equal(header.values.get(TAGS.numberOfFrames), '33');
  assert.equal(header.positions.length, 33);
  assert.equal(header.values.get(TAGS.repetitionTime), '1000');
});

test('hostile bytes: thousands of corrupted headers never throw, hang or read past the buffer', () => {
  const real = xa30Dir() ? readFileSync(xa30Files(BOLD_SERIES)[0]).subarray(0, 64 * 1024) : syntheticSlice({ seriesUid: '1.2', seriesNumber: 1, description: 'x', instance: 1, z: 0 });
  const rng = seededRng(2026);
  for (let trial = 0; trial < 2000; trial++) {
    const bytes = Uint8Array.from(real);
    const flips = 1 + Math.floor(rng.uniform() * 8);
    for (let f = 0; f < flips; f++) {
      const at = 128 + Math.floor(rng.uniform() * Math.min(4096, bytes.length - 128));
      bytes[at] = Math.floor(rng.uniform() * 256);
    }
    const cut = trial % 3 === 0 ? bytes.subarray(0, 132 + Math.floor(rng.uniform() * (bytes.length - 132))) : bytes;
    const header = readDicomHeader(cut);
    assert.ok(header === null || typeof header.complete === 'boolean');
  }
});
