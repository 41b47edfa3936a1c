/**
 * A seeded corpus of hostile images: mutations of one small valid 4D NIfTI (header fields,
 * truncation, gzip damage, huge dims, extreme affines, extreme voxels), each with what a correct
 * engine must do with it: 'refuse' (a coded KrpError), 'same' (the baseline's z exactly: the
 * mutation cannot change the answer) or 'any' (a coded refusal or a finite result).
 */
import { gzipSync } from 'node:zlib';
import { seededRng, type Rng } from '../phantom/rng';

export type FuzzExpectation = 'refuse' | 'same' | 'any';

export interface FuzzCase {
  index: number;
  kind: string;
  /** The file's bytes and its name (.nii or .nii.gz). */
  bytes: Buffer;
  fileName: string;
  expect: FuzzExpectation;
}

/** Where voxels of the base image are background (outside brain and ROIs): for 'same' voxel mutations. */
export interface BaseImage {
  /** The valid uncompressed .nii. */
  nii: Buffer;
  dims: [number, number, number, number];
  voxOffset: number;
  /** Linear indices (one volume) of background voxels. */
  background: Int32Array;
  /** Linear indices of in-brain voxels. */
  brain: Int32Array;
}

const EXTREME_FLOATS = [3e38, -3e38, NaN, Infinity, -Infinity, 1e30, -1e-30, 0, 1e20];
const EXTREME_INTS = [0, -1, 1, 32767, -32768, 255, 7, 8, 1000, 30000];
/** Header fields that do not affect the analysis (NIfTI-1 offsets): descrip, aux_file, intent_name, cal_max/min, glmax/glmin, db_name. */
const INERT = [[148, 80], [228, 24], [328, 16], [124, 8], [140, 8], [4, 10], [14, 18]] as const;
/** Header fields that do (dims, datatype, bitpix, pixdim, vox_offset, scaling, units, codes, quaternion, srow). */
const ACTIVE: readonly (readonly [number, 'i16' | 'f32' | 'u8'])[] = [
  [40, 'i16'], [42, 'i16'], [44, 'i16'], [46, 'i16'], [48, 'i16'], [50, 'i16'], [70, 'i16'], [72, 'i16'],
  [76, 'f32'], [80, 'f32'], [84, 'f32'], [88, 'f32'], [92, 'f32'], [108, 'f32'], [112, 'f32'], [116, 'f32'],
  [123, 'u8'], [252, 'i16'], [254, 'i16'], [256, 'f32'], [260, 'f32'], [264, 'f32'], [268, 'f32'],
  ...Array.from({ length: 12 }, (_, i) => [280 + 4 * i, 'f32'] as const),
];

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng.uniform() * list.length)];
}

function int(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng.uniform() * (hi - lo + 1));
}

function withValue(buf: Buffer, offset: number, type: 'i16' | 'f32' | 'u8', rng: Rng): void {
  if (type === 'i16') buf.writeInt16LE(pick(rng, EXTREME_INTS) * (rng.uniform() < 0.2 ? -1 : 1) || int(rng, -32768, 32767), offset);
  else if (type === 'u8') buf.writeUInt8(int(rng, 0, 255), offset);
  else buf.writeFloatLE(rng.uniform() < 0.7 ? pick(rng, EXTREME_FLOATS) : (rng.uniform() - 0.5) * 10 ** int(rng, -6, 12), offset);
}

const KINDS = ['inert-header', 'active-header', 'truncate', 'extend', 'gzip-damage', 'huge-dims', 'extreme-affine', 'bad-magic', 'extreme-voxels-background', 'extreme-voxels-brain'] as const;

/** The `count` cases of seed `seed` (the same every time). */
export function* fuzzCases(base: BaseImage, count: number, seed: number): Generator<FuzzCase> {
  const rng = seededRng(seed);
  for (let index = 0; index < count; index++) {
    const kind = KINDS[index % KINDS.length];
    let bytes = Buffer.from(base.nii);
    let expect: FuzzExpectation = 'refuse';
    let gzip = rng.uniform() < 0.4;
    const volumeVoxels = base.dims[0] * base.dims[1] * base.dims[2];
    switch (kind) {
      case 'inert-header': {
        const [off, len] = pick(rng, INERT);
        for (let i = 0; i < len; i++) bytes[off + i] = int(rng, 0, 255);
        expect = 'same';
        break;
      }
      case 'active-header': {
        const [off, type] = pick(rng, ACTIVE);
        withValue(bytes, off, type, rng);
        expect = 'any';
        break;
      }
      case 'truncate':
        bytes = bytes.subarray(0, int(rng, 0, bytes.length - 1));
        break;
      case 'extend':
        bytes = Buffer.concat([bytes, Buffer.alloc(int(rng, 1, 5000), int(rng, 0, 255))]);
        break;
      case 'gzip-damage': {
        const gz = Buffer.from(gzipSync(bytes));
        const mode = int(rng, 0, 2);
        if (mode === 0) for (let k = 0; k < int(rng, 1, 8); k++) gz[int(rng, 10, gz.length - 9)] ^= 1 << int(rng, 0, 7);
        else if (mode === 1) gz.writeUInt32LE(int(rng, 0, 2 ** 32 - 1), gz.length - 4);
        else gz.writeUInt32LE((gz.readUInt32LE(gz.length - 8) ^ (1 << int(rng, 0, 31))) >>> 0, gz.length - 8);
        yield { index, kind, bytes: mode === 1 ? gz : gz.subarray(0, mode === 2 ? gz.length : int(rng, gz.length - 8, gz.length)), fileName: `case${index}.nii.gz`, expect };
        continue;
      }
      case 'huge-dims':
        for (const off of [42, 44, 46, 48]) if (rng.uniform() < 0.7) bytes.writeInt16LE(int(rng, 2000, 32767), off);
        bytes.writeInt16LE(int(rng, 2000, 32767), pick(rng, [42, 44, 46, 48]));
        break;
      case 'extreme-affine': {
        const k = int(rng, 0, 11);
        bytes.writeFloatLE(pick(rng, [1e30, -1e30, NaN, Infinity, 1e9, -5e8, 1e3]), 280 + 4 * k);
        if (k % 4 === 3) bytes.writeFloatLE(pick(rng, [NaN, Infinity, -Infinity, 3e38]), 280 + 4 * k);
        bytes.writeInt16LE(0, 252); // qform off: the sform is the only orientation
        break;
      }
      case 'bad-magic':
        bytes[344 + int(rng, 0, 3)] ^= 1 << int(rng, 0, 7);
        break;
      case 'extreme-voxels-background':
      case 'extreme-voxels-brain': {
        const pool = kind === 'extreme-voxels-brain' ? base.brain : base.background;
        for (let k = 0; k < int(rng, 1, 20); k++) {
          const v = pool[int(rng, 0, pool.length - 1)];
          const t = rng.uniform() < 0.3 ? 0 : int(rng, 0, base.dims[3] - 1);
          bytes.writeFloatLE(pick(rng, EXTREME_FLOATS.slice(0, 6)), base.voxOffset + 4 * (t * volumeVoxels + v));
        }
        expect = kind === 'extreme-voxels-brain' ? 'any' : 'same';
        break;
      }
    }
    if (kind === 'truncate' || kind === 'extend') gzip = rng.uniform() < 0.5;
    yield { index, kind, bytes: gzip ? gzipSync(bytes) : bytes, fileName: gzip ? `case${index}.nii.gz` : `case${index}.nii`, expect };
  }
}
