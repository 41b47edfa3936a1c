/**
 * Test and bench support: runs with planted rigid motion built from one real volume. Each volume is
 * the base resampled with Catmull-Rom tricubic interpolation (not the trilinear the estimator
 * uses) at toVolume⁻¹·p, zero outside the base's field of view, plus seeded Gaussian noise.
 */
import { invertAffine, multiplyAffine, type Vec3Tuple } from '../../../shared/imaging/affine';
import { seededRng, type Rng } from '../phantom/rng';
import { rigidMatrix } from './realign-rigid';
import type { RigidParameters, Series, Volume } from './volume';

function catmullRom(t: number): [number, number, number, number] {
  const t2 = t * t, t3 = t2 * t;
  return [(-t3 + 2 * t2 - t) / 2, (3 * t3 - 5 * t2 + 2) / 2, (-3 * t3 + 4 * t2 + t) / 2, (t3 - t2) / 2];
}

/** `base` resampled onto `grid` (dims + affine) so that out(p) = base(worldMap·p); 0 outside. */
export function resampleTricubic(base: Volume, grid: { dims: Vec3Tuple; affine: number[] }, worldMap: number[]): Float32Array {
  const [bx, by, bz] = base.dims;
  const [nx, ny, nz] = grid.dims;
  const m = multiplyAffine(invertAffine(base.affine), multiplyAffine(worldMap, grid.affine));
  const out = new Float32Array(nx * ny * nz);
  const at = (i: number, j: number, k: number) => {
    const ci = Math.min(Math.max(i, 0), bx - 1), cj = Math.min(Math.max(j, 0), by - 1), ck = Math.min(Math.max(k, 0), bz - 1);
    return base.data[ci + bx * (cj + by * ck)];
  };
  for (let k = 0, o = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, o++) {
    const x = m[0] * i + m[1] * j + m[2] * k + m[3];
    const y = m[4] * i + m[5] * j + m[6] * k + m[7];
    const z = m[8] * i + m[9] * j + m[10] * k + m[11];
    if (x < 0 || y < 0 || z < 0 || x > bx - 1 || y > by - 1 || z > bz - 1) continue;
    const x0 = Math.floor(x), y0 = Math.floor(y), z0 = Math.floor(z);
    const wx = catmullRom(x - x0), wy = catmullRom(y - y0), wz = catmullRom(z - z0);
    let sum = 0;
    for (let c = 0; c < 4; c++) for (let b = 0; b < 4; b++) {
      const w = wz[c] * wy[b];
      for (let a = 0; a < 4; a++) sum += w * wx[a] * at(x0 - 1 + a, y0 - 1 + b, z0 - 1 + c);
    }
    out[o] = sum;
  }
  return out;
}

/** Planted motion for volume t of n: slow drift plus a few jumps, within ±1.5 mm and ±1.5°. */
export function plantedMotion(t: number, n: number, seed = 7): RigidParameters {
  if (t === 0) return [0, 0, 0, 0, 0, 0];
  const rng = seededRng(seed * 1000 + t);
  const drift = t / Math.max(1, n - 1);
  const deg = Math.PI / 180;
  const jitter = () => (rng.uniform() - 0.5) * 0.8;
  return [
    0.9 * drift + jitter(), -0.6 * drift + jitter(), 0.5 * Math.sin(t / 3) + jitter(),
    (0.8 * drift + jitter()) * deg, (-0.5 * Math.sin(t / 4) + jitter()) * deg, (0.6 * drift + jitter()) * deg,
  ];
}

/**
 * A clinically ordinary motion profile for volume t of n, for runs meant to be analysed: slow drift
 * (within ±0.8 mm, ±0.6°), small jitter (±0.03 mm / ±0.03°), and two step jumps (1.2 mm along y
 * at 40 % of the run, 1° of pitch at 70 %) that CONN's default scrubbing (composite motion > 0.9 mm)
 * flags as outlier scans. Nearly every other scan moves less than 0.1 mm from the previous one.
 */
export function gentleMotion(t: number, n: number, seed = 7): RigidParameters {
  if (t === 0) return [0, 0, 0, 0, 0, 0];
  const rng = seededRng(seed * 1000 + t);
  const drift = t / Math.max(1, n - 1);
  const deg = Math.PI / 180;
  const jitter = () => (rng.uniform() - 0.5) * 0.06;
  const jumpY = t >= Math.floor(0.4 * n) ? 1.2 : 0;
  const jumpPitch = t >= Math.floor(0.7 * n) ? 1 : 0;
  return [
    0.6 * drift + jitter(), -0.4 * drift + jumpY + jitter(), 0.3 * Math.sin(2 * Math.PI * drift) + jitter(),
    (-0.4 * drift + jumpPitch + jitter()) * deg, (0.3 * Math.sin(Math.PI * drift) + jitter()) * deg, (0.5 * drift + jitter()) * deg,
  ];
}

export type MotionProfile = (t: number, n: number, seed?: number) => RigidParameters;

/** Mean of the base's voxels (the noise scale of the planted runs). */
export function meanIntensity(base: Volume): number {
  let mean = 0;
  for (const v of base.data) mean += v;
  return mean / base.data.length;
}

/**
 * One volume of a planted run: the base moved by the rigid parameters `rp` (SPM rp convention:
 * volume(q) = base(rigidMatrix(rp)·q)) onto `grid`, plus Gaussian noise of SD `noiseSd` inside
 * the base's field of view.
 */
export function plantedVolume(base: Volume, grid: { dims: Vec3Tuple; affine: number[] }, rp: RigidParameters, noiseSd: number, rng: Rng): Float32Array {
  // volume_t(toVolume·p) = base(p), i.e. volume_t(q) = base(toVolume⁻¹·q) = base(rigidMatrix(rp)·q).
  const data = resampleTricubic(base, grid, rigidMatrix(rp));
  if (noiseSd > 0) for (let i = 0; i < data.length; i++) if (data[i] !== 0) data[i] += noiseSd * rng.normal();
  return data;
}

/**
 * A series on `grid` (default: the base's grid) whose volume t shows the base moved by the rigid
 * parameters motion(t) (SPM rp convention: toVolume = inverse of rigidMatrix(rp)).
 */
export function seriesWithPlantedMotion(base: Volume, volumes: number, options: { grid?: { dims: Vec3Tuple; affine: number[] }; noise?: number; seed?: number; tr?: number; motion?: MotionProfile } = {}): { series: Series; truth: RigidParameters[] } {
  const grid = options.grid ?? base;
  const sd = (options.noise ?? 0.01) * meanIntensity(base);
  const rng = seededRng(options.seed ?? 11);
  const motion = options.motion ?? plantedMotion;
  const truth: RigidParameters[] = [];
  const out: Float32Array[] = [];
  for (let t = 0; t < volumes; t++) {
    const rp = motion(t, volumes, options.seed ?? 7);
    truth.push(rp);
    out.push(plantedVolume(base, grid, rp, sd, rng));
  }
  return { series: { dims: [...grid.dims], affine: [...grid.affine], volumes: out, tr: options.tr ?? 1 }, truth };
}
