/**
 * A synthetic MNI-grid 4D BOLD with a known mPFC–precuneus connectivity, for engine tests, the
 * benchmark and end-to-end tests. The design makes the engine's answer exact up to white noise:
 * the planted ROI signals survive the denoising unchanged (M s = s) and every nuisance is removed
 * exactly (M d = 0). See docs/denoising.md, "Phantom".
 */
import { KrpError } from '../../../shared/errors';
import {
  DEFAULT_ANALYSIS_SETTINGS, DEFAULT_MPFC_CENTRE, DEFAULT_PRECUNEUS_CENTRE, type BandPass, type ScrubMode, type Vec3,
} from '../../../shared/imaging/analysis-types';
import { buildDesignMatrix } from '../../../shared/imaging/design-matrix';
import type { Matrix } from '../../../shared/imaging/matrix';
import { detectOutliers } from '../../../shared/imaging/outliers';
import { phantomMotion } from './phantom-motion';
import { plantedPair, stopBandDrift } from './planted-signals';
import { seededRng } from './rng';

export interface PhantomOptions {
  /** Voxel size of the FSL MNI152 grid: 2 mm (91×109×91) or 3 mm (61×73×61). Default 3. */
  gridMm?: 2 | 3;
  /** Volumes (default 200). */
  volumes?: number;
  /** Repetition time, seconds (default 2). */
  trSeconds?: number;
  /** Planted Fisher z between the mPFC and precuneus signals (default 0.4). */
  z?: number;
  /** Random seed (default 1). */
  seed?: number;
  /** White noise SD per voxel as a fraction of the voxel's baseline (default 0.005). */
  noise?: number;
  /** SD of the planted signals as a fraction of the nominal baseline 1000 (default 0.03 → 30). */
  signalAmplitude?: number;
  /** Slow drift (linear + out-of-band) in every brain voxel (default true). */
  drift?: boolean;
  /** Number of single-scan global spikes; 'auto' = as many as the global rule reliably flags (default). */
  spikes?: number | 'auto';
  /** Smooth head motion plus one planted jump, written as rp_bold.txt (default true). */
  motion?: boolean;
  /** Stored datatype (default float32; int16 uses scl_slope). */
  datatype?: 'float32' | 'int16';
  gzip?: boolean;
  /** sform code written (default 4, MNI_152). */
  sformCode?: number;
  /** Radius (mm) of the spheres carrying the planted signals (default 13). */
  plantedRadiusMm?: number;
}

export type ResolvedPhantomOptions = Required<Omit<PhantomOptions, 'spikes'>> & { spikes: number };

export interface Phantom {
  image: {
    dims: [number, number, number, number];
    /** Row-major 4×4 voxel→MNI mm. */
    affine: number[];
    /** Values x fastest, then y, z, t. */
    data: Float32Array;
    trSeconds: number;
  };
  /** N × 6 realignment parameters (mm, rad), or null when motion is off. */
  motion: Matrix | null;
  plantedR: number;
  plantedZ: number;
  /** Scans the engine must flag (intermediate scrubbing): spikes, the scans after them, motion jumps. */
  outlierScans: number[];
  spikeScans: number[];
  motionJumpScans: number[];
  /** The planted ROI time courses (zero mean), in the order mPFC, precuneus. */
  signals: { mpfc: Float64Array; precuneus: Float64Array };
  /** The design matrix the engine will build (constant, trend, motion + derivatives, one-hots). */
  design: { X: Matrix; names: string[] };
  band: BandPass;
  scrub: ScrubMode;
  rois: { mpfc: { centreMm: Vec3; radiusMm: number }; precuneus: { centreMm: Vec3; radiusMm: number } };
  brainMask: Uint8Array;
  brainVoxels: number;
  options: ResolvedPhantomOptions;
}

/** The FSL MNI152 box (x −90…90, y −126…90, z −72…108 mm) at 2 or 3 mm, x flipped (radiological sform as FSL writes it). */
export function mniGrid(gridMm: 2 | 3): { dims: [number, number, number]; affine: number[] } {
  const dims: [number, number, number] = gridMm === 2 ? [91, 109, 91] : [61, 73, 61];
  return { dims, affine: [-gridMm, 0, 0, 90, 0, gridMm, 0, -126, 0, 0, gridMm, -72, 0, 0, 0, 1] };
}

/** Brain-shaped ellipsoid (MNI mm): centre (0, −17, 14), semi-axes 70, 90, 68 mm. */
export function insideBrainEllipsoid(x: number, y: number, z: number): boolean {
  return (x / 70) ** 2 + ((y + 17) / 90) ** 2 + ((z - 14) / 68) ** 2 <= 1;
}

/** Spikes the ART global rule (|z| > 5) reliably flags: each gives |z| ≈ √((N−1)/(2k)); keep that ≥ 6. */
export function autoSpikeCount(volumes: number): number {
  return Math.floor((volumes - 1) / 72);
}

function resolveOptions(o: PhantomOptions): ResolvedPhantomOptions {
  const r: ResolvedPhantomOptions = {
    gridMm: o.gridMm ?? 3,
    volumes: o.volumes ?? 200,
    trSeconds: o.trSeconds ?? 2,
    z: o.z ?? 0.4,
    seed: o.seed ?? 1,
    noise: o.noise ?? 0.005,
    signalAmplitude: o.signalAmplitude ?? 0.03,
    drift: o.drift ?? true,
    spikes: o.spikes === undefined || o.spikes === 'auto' ? autoSpikeCount(o.volumes ?? 200) : o.spikes,
    motion: o.motion ?? true,
    datatype: o.datatype ?? 'float32',
    gzip: o.gzip ?? false,
    sformCode: o.sformCode ?? 4,
    plantedRadiusMm: o.plantedRadiusMm ?? 13,
  };
  const bad = (what: string, fix: string) => { throw new KrpError('phantom.bad-option', `Phantom option ${what}. ${fix}`, { option: what }); };
  if (r.gridMm !== 2 && r.gridMm !== 3) bad(`grid ${String(r.gridMm)} mm is not offered`, 'Use 2 or 3.');
  if (!Number.isInteger(r.volumes) || r.volumes < 40 || r.volumes > 2000) bad(`volumes = ${r.volumes} is out of range`, 'Use a whole number from 40 to 2000.');
  if (!(r.trSeconds >= 0.3 && r.trSeconds <= 6)) bad(`TR = ${r.trSeconds} s is out of range`, 'Use 0.3 to 6 seconds.');
  if (!(Math.abs(r.z) <= 2.5)) bad(`z = ${r.z} is out of range`, 'Use a Fisher z between −2.5 and 2.5.');
  if (!Number.isInteger(r.seed)) bad(`seed = ${r.seed} is not a whole number`, 'Use an integer seed.');
  if (!(r.noise >= 0 && r.noise <= 0.2)) bad(`noise = ${r.noise} is out of range`, 'Use 0 to 0.2 (fraction of baseline).');
  if (!(r.signalAmplitude > 0 && r.signalAmplitude <= 0.2)) bad(`signal amplitude = ${r.signalAmplitude} is out of range`, 'Use a fraction above 0, at most 0.2.');
  if (!Number.isInteger(r.spikes) || r.spikes < 0 || r.spikes > autoSpikeCount(r.volumes)) {
    bad(`spikes = ${r.spikes} is more than the global-signal rule can reliably flag in ${r.volumes} volumes`, `Use 0 to ${autoSpikeCount(r.volumes)}.`);
  }
  if (r.datatype !== 'float32' && r.datatype !== 'int16') bad(`datatype ${String(r.datatype)} is not offered`, 'Use float32 or int16.');
  if (!(r.plantedRadiusMm >= 10 && r.plantedRadiusMm <= 20)) bad(`planted radius ${r.plantedRadiusMm} mm is out of range`, 'Use 10 to 20 mm.');
  return r;
}

/** Spike scans spread over the run, and the motion-jump scan, none adjacent to another event or the ends. */
function eventScans(volumes: number, spikes: number, motion: boolean): { spikeScans: number[]; jumpScans: number[] } {
  const spikeScans = Array.from({ length: spikes }, (_, i) => Math.round((volumes * (i + 1)) / (spikes + 1)) + 3);
  const taken = new Set(spikeScans.flatMap((s) => [s - 1, s, s + 1, s + 2]));
  const jumpScans: number[] = [];
  if (motion) {
    let u = Math.round(volumes * 0.3);
    while (taken.has(u)) u++;
    jumpScans.push(u);
  }
  return { spikeScans, jumpScans };
}

/** Builds the phantom in memory (all volumes): see PhantomOptions for the knobs, Phantom for the truth. */
export function generatePhantom(options: PhantomOptions = {}): Phantom {
  const o = resolveOptions(options);
  const rng = seededRng(o.seed);
  const n = o.volumes;
  const band = DEFAULT_ANALYSIS_SETTINGS.band!;
  const scrub: ScrubMode = 'intermediate';
  const { dims: [nx, ny, nz], affine } = mniGrid(o.gridMm);
  const nVox = nx * ny * nz;

  const { spikeScans, jumpScans } = eventScans(n, o.spikes, o.motion);
  const motion = o.motion ? phantomMotion(n, o.trSeconds, jumpScans, 1.2, rng) : null;
  const outlierScans = [...new Set([...spikeScans.flatMap((s) => [s, s + 1]), ...jumpScans])].sort((a, b) => a - b);
  const design = buildDesignMatrix({ scans: n, motion, outlierScans });

  const plantedR = Math.tanh(o.z);
  const sd = 1000 * o.signalAmplitude;
  const { s1, s2 } = plantedPair(design.X, o.trSeconds, band, plantedR, sd, rng);
  const stopDrift = o.drift ? stopBandDrift(design.X, o.trSeconds, band, rng) : null;

  // Per-scan shared regressors.
  const trend = Float64Array.from({ length: n }, (_, t) => (t - (n - 1) / 2) / n);
  const spikeAt = new Int32Array(n).fill(-1);
  spikeScans.forEach((s, i) => { spikeAt[s] = i; });

  const mpfc = DEFAULT_MPFC_CENTRE;
  const precuneus = DEFAULT_PRECUNEUS_CENTRE;
  const r2 = o.plantedRadiusMm ** 2;
  const data = new Float32Array(nVox * n);
  const brainMask = new Uint8Array(nVox);
  let brainVoxels = 0;
  const weights = new Float64Array(6);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const v = i + nx * (j + ny * k);
        const x = affine[0] * i + affine[3], y = affine[5] * j + affine[7], z = affine[10] * k + affine[11];
        if (!insideBrainEllipsoid(x, y, z)) {
          // Background: low, slightly noisy (uniform ±2 around 10).
          for (let t = 0; t < n; t++) data[t * nVox + v] = 10 + 4 * (rng.uniform() - 0.5);
          continue;
        }
        brainMask[v] = 1;
        brainVoxels++;
        const base = 900 + 200 * rng.uniform();
        // Scanner drift: a linear rise of 1–3 % over the run (in col(X)), plus the stop-band drift with
        // a voxel-specific sign (it is not smooth, see planted-signals.ts, so it must not dominate
        // the global signal that the outlier rule reads).
        const linear = o.drift ? base * 0.02 * (0.5 + rng.uniform()) : 0;
        const driftW = stopDrift ? base * 0.01 * rng.normal() : 0;
        for (let m = 0; m < 6; m++) weights[m] = motion ? base * 0.01 * rng.normal() * (m < 3 ? 1 : 50) : 0;
        const spikeAmp = base * 0.05 * (0.8 + 0.4 * rng.uniform());
        const noiseSd = base * o.noise;
        const inMpfc = (x - mpfc[0]) ** 2 + (y - mpfc[1]) ** 2 + (z - mpfc[2]) ** 2 <= r2;
        const inPrec = (x - precuneus[0]) ** 2 + (y - precuneus[1]) ** 2 + (z - precuneus[2]) ** 2 <= r2;
        const signal = inMpfc ? s1 : inPrec ? s2 : null;
        for (let t = 0; t < n; t++) {
          let value = base + linear * trend[t];
          if (stopDrift) value += driftW * stopDrift[t];
          if (motion) for (let m = 0; m < 6; m++) value += weights[m] * motion.data[t * 6 + m];
          if (spikeAt[t] >= 0) value += spikeAmp;
          if (signal) value += signal[t];
          if (noiseSd > 0) value += noiseSd * rng.normal();
          data[t * nVox + v] = value;
        }
      }
    }
  }

  // The planted outliers must be exactly what the ART rule flags on this image's global signal.
  const globalSignal = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    const off = t * nVox;
    for (let v = 0; v < nVox; v++) if (brainMask[v]) s += data[off + v];
    globalSignal[t] = s / brainVoxels;
  }
  const flagged = detectOutliers({ globalSignal, motion, mode: scrub }).scans;
  if (flagged.join(',') !== outlierScans.join(',')) {
    throw new KrpError('phantom.outliers-mismatch',
      `The phantom's planted outliers (${outlierScans.join(', ') || 'none'}) differ from what the global-signal/motion rule flags (${flagged.join(', ') || 'none'}). Use fewer spikes or another seed.`,
      { planted: outlierScans.join(','), flagged: flagged.join(',') });
  }

  return {
    image: { dims: [nx, ny, nz, n], affine, data, trSeconds: o.trSeconds },
    motion,
    plantedR,
    plantedZ: o.z,
    outlierScans,
    spikeScans,
    motionJumpScans: jumpScans,
    signals: { mpfc: s1, precuneus: s2 },
    design,
    band,
    scrub,
    rois: { mpfc: { centreMm: mpfc, radiusMm: o.plantedRadiusMm }, precuneus: { centreMm: precuneus, radiusMm: o.plantedRadiusMm } },
    brainMask,
    brainVoxels,
    options: o,
  };
}

