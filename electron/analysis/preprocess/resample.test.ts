import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyAffine, invertAffine, multiplyAffine } from '../../../shared/imaging/affine';
import { eulerRotation } from './elastix-runner';
import { MNI_GRID_2MM, resampleSeries, resampleVolume, samplePositions, type Grid3 } from './resample';

/** A rigid 4×4 (RAS world → world) from three angles (rad) and a translation (mm). */
function rigid(rx: number, ry: number, rz: number, t: [number, number, number]): number[] {
  const r = eulerRotation(rx, ry, rz);
  return [r[0], r[1], r[2], t[0], r[3], r[4], r[5], t[1], r[6], r[7], r[8], t[2], 0, 0, 0, 1];
}

/** The textbook trilinear interpolation, written out corner by corner (NaN outside). */
function directTrilinear(data: Float32Array, dims: number[], p: number[]): number {
  const [nx, ny, nz] = dims;
  const e = 1e-3;
  if (p.some((v, a) => v < -e || v > dims[a] - 1 + e)) return NaN;
  const q = p.map((v, a) => Math.min(Math.max(v, 0), dims[a] - 1));
  const lo = q.map((v, a) => Math.min(Math.floor(v), dims[a] - 2));
  let sum = 0;
  for (let c = 0; c < 8; c++) {
    const corner = [lo[0] + (c & 1), lo[1] + ((c >> 1) & 1), lo[2] + ((c >> 2) & 1)];
    const w = corner.reduce((acc, v, a) => acc * (1 - Math.abs(q[a] - v)), 1);
    sum += w * data[corner[0] + nx * (corner[1] + ny * corner[2])];
  }
  void nz;
  return sum;
}

const epi: Grid3 = {
  dims: [20, 24, 16],
  // 3.5 mm in-plane, 4 mm slices, oblique (rotated 10° about x) as a scanner writes it.
  affine: multiplyAffine(rigid(0.17, 0, 0, [-35, -60, -20]), [3.5, 0, 0, 0, 0, 3.5, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1]),
};

function randomVolume(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) { s = (s * 1103515245 + 12345) % 2147483648; out[i] = s / 2147483648 * 100; }
  return out;
}

test('one-pass resampling equals a direct trilinear reference through the composed transforms', async () => {
  const n = epi.dims[0] * epi.dims[1] * epi.dims[2];
  const volumes = [randomVolume(n, 1), randomVolume(n, 2), randomVolume(n, 3)];
  const mniToReference = rigid(0.05, -0.03, 0.1, [2, -10, 15]);
  const motion = [null, rigid(0.01, 0, -0.02, [0.5, -1, 0.3]), rigid(-0.02, 0.015, 0, [-0.4, 0.8, 1.2])];
  const at = samplePositions(MNI_GRID_2MM, epi, mniToReference);
  const got: Float32Array[] = [];
  const fov = await resampleSeries(volumes, at, { referenceToVolumeWorld: motion, onVolume: (_t, d) => { got.push(d.slice()); } });
  const [nx, ny] = MNI_GRID_2MM.dims;
  let compared = 0;
  let inside = 0;
  for (let v = 0; v < got[0].length; v += 37) {
    const ijk: [number, number, number] = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
    const world = applyAffine(MNI_GRID_2MM.affine, ijk);
    const refWorld = applyAffine(mniToReference, world);
    const expected = volumes.map((vol, t) => {
      const w = motion[t] === null ? refWorld : applyAffine(motion[t] as number[], refWorld);
      return directTrilinear(vol, epi.dims, applyAffine(invertAffine(epi.affine), w));
    });
    const allInside = expected.every((e) => !Number.isNaN(e));
    assert.equal(fov[v], allInside ? 1 : 0, `voxel ${v}`);
    for (let t = 0; t < 3; t++) {
      assert.ok(Math.abs(got[t][v] - (allInside ? expected[t] : 0)) < 1e-3, `volume ${t} voxel ${v}: ${got[t][v]} vs ${expected[t]}`);
      compared++;
    }
    if (allInside) inside++;
  }
  assert.ok(inside > 500, `only ${inside} sampled voxels inside the EPI`);
  assert.ok(compared > 60000);
});

test('resampling onto its own grid returns the volume unchanged', () => {
  const n = epi.dims[0] * epi.dims[1] * epi.dims[2];
  const data = randomVolume(n, 7);
  const at = samplePositions(epi, epi, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  const out = resampleVolume(data, at, null);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(out[i] - data[i]) < 1e-4);
});

test('the MNI grid is the 91×109×91 2 mm grid with the FSL MNI152 field of view', () => {
  assert.deepEqual(applyAffine(MNI_GRID_2MM.affine, [0, 0, 0]), [90, -126, -72]);
  assert.deepEqual(applyAffine(MNI_GRID_2MM.affine, [90, 108, 90]), [-90, 90, 108]);
});
