import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NiftiDatatype } from '../../../shared/imaging/nifti-header';
import { float32ViewOf, volumeToFloat32 } from './convert-voxels';

/** Big- or little-endian bytes of `values` as `datatype`, written with a DataView (independent of the code under test). */
function bytesOf(values: number[], datatype: NiftiDatatype, le: boolean, pad = 0): Uint8Array {
  const size = { uint8: 1, int8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, float64: 8 }[datatype];
  const buf = new Uint8Array(pad + values.length * size);
  const dv = new DataView(buf.buffer, pad);
  values.forEach((v, i) => {
    switch (datatype) {
      case 'uint8': dv.setUint8(i, v); break;
      case 'int8': dv.setInt8(i, v); break;
      case 'int16': dv.setInt16(i * 2, v, le); break;
      case 'uint16': dv.setUint16(i * 2, v, le); break;
      case 'int32': dv.setInt32(i * 4, v, le); break;
      case 'uint32': dv.setUint32(i * 4, v, le); break;
      case 'float32': dv.setFloat32(i * 4, v, le); break;
      case 'float64': dv.setFloat64(i * 8, v, le); break;
    }
  });
  return buf.subarray(pad);
}

const VALUES: Record<NiftiDatatype, number[]> = {
  uint8: [0, 200, 7, 255], int8: [-128, 5, -1, 127], int16: [-32768, 300, -2, 32767], uint16: [0, 65535, 258, 1],
  int32: [-2147483648, 70000, -3, 2147483647], uint32: [0, 4294967295, 65536, 9], float32: [-1.5, 0.25, 1e20, 0.1],
  float64: [-1.5, 0.1, 1e-300, 12345.678],
};

test('volumeToFloat32: every datatype, both byte orders, aligned and misaligned, with and without scaling', () => {
  for (const datatype of Object.keys(VALUES) as NiftiDatatype[]) {
    const values = VALUES[datatype];
    for (const littleEndian of [true, false]) {
      for (const pad of [0, 1]) { // pad 1: the bytes start at an odd offset (DataView path)
        for (const [sclSlope, sclInter] of [[1, 0], [2, -10], [0.5, 3]]) {
          const out = new Float32Array(values.length);
          volumeToFloat32(bytesOf(values, datatype, littleEndian, pad), { datatype, littleEndian, sclSlope, sclInter }, out);
          // Stored value (float32 files hold fround(v)) · slope + inter in double precision, rounded once to float32.
          const expected = values.map((v) => Math.fround((datatype === 'float32' ? Math.fround(v) : v) * sclSlope + sclInter));
          assert.deepEqual(Array.from(out), expected, `${datatype} le=${littleEndian} pad=${pad} slope=${sclSlope}`);
        }
      }
    }
  }
});

test('float32ViewOf: a view (no copy) only for native, aligned, unscaled float32; else null', () => {
  const values = [1.5, -2, 3e38, NaN];
  const native = bytesOf(values, 'float32', true);
  const view = float32ViewOf(native, { datatype: 'float32', littleEndian: true, sclSlope: 1, sclInter: 0 }, 4);
  assert.ok(view !== null);
  assert.equal(view.buffer, native.buffer);
  assert.deepEqual(Array.from(view), Array.from(Float32Array.from(values)));
  assert.equal(float32ViewOf(native, { datatype: 'float32', littleEndian: true, sclSlope: 2, sclInter: 0 }, 4), null);
  assert.equal(float32ViewOf(bytesOf(values, 'float32', false), { datatype: 'float32', littleEndian: false, sclSlope: 1, sclInter: 0 }, 4), null);
  assert.equal(float32ViewOf(bytesOf([1, 2], 'int16', true), { datatype: 'int16', littleEndian: true, sclSlope: 1, sclInter: 0 }, 2), null);
  const shifted = new Uint8Array(17);
  shifted.set(native, 1);
  assert.equal(float32ViewOf(shifted.subarray(1), { datatype: 'float32', littleEndian: true, sclSlope: 1, sclInter: 0 }, 4), null);
  assert.throws(() => float32ViewOf(native, { datatype: 'float32', littleEndian: true, sclSlope: 1, sclInter: 0 }, 5), RangeError);
});

test('volumeToFloat32 refuses a buffer shorter than the volume', () => {
  assert.throws(() => volumeToFloat32(new Uint8Array(6), { datatype: 'int16', littleEndian: true, sclSlope: 1, sclInter: 0 }, new Float32Array(4)), RangeError);
});
