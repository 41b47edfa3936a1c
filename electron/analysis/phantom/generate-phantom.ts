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
import { hconcat, zeros, type Matrix } from '../../../shared/imaging/matrix';
import { detectOutliers } from '../../../shared/imaging/outliers';
import { phantomMotion } from './phantom-motion';
import { plantedPair, stopBandDrift } from './planted-signals';
import { seededRng, type Rng } from './rng';
import { tissueProbabilities } from './tissue-maps';

/** SD of each white-matter and CSF nuisance course in a voxel of pure tissue (4 % and 6 % of the baseline 1000). */
const WM_NUISANCE_SD = 40;
const CSF_NUISANCE_SD = 60;
/** Course 0 of each tissue has the same sign in every voxel at this fraction of the SD (so the tissue mean carries it). */
const COHERENT_FRACTION = 0.15;
const NUISANCE_COURSES = 5;
/** Course 1's weight near the ROIs (same sign), in SDs: the leak that biases an analysis without aCompCor. */
const NEAR_ROI_GAIN = 3;

/** Series as the columns of an N × k matrix. */
function columns(series: Float64Array[]): Matrix {
  const n = series[0].length;
  const m = zeros(n, series.length);
  series.forEach((s, j) => { for (let t = 0; t < n; t++) m.data[t * series.length + j] = s[t]; });
  return m;
}

/**
 * Five unit-SD in-band courses per tissue (CONN's aCompCor size: mean + 4 PCs), orthogonal to X,
 * to each other and across tissues, so that aCompCor's five columns per tissue are exactly this
 * structure (plus tiny noise) and no column is a noise direction.
 */
function tissueNuisance(X: Matrix, trSeconds: number, band: BandPass, rng: Rng): { wm: Float64Array[]; csf: Float64Array[] } {
  const courses: Float64Array[] = [];
  while (courses.length < 2 * NUISANCE_COURSES) {
    const pair = plantedPair(courses.length === 0 ? X : hconcat(X, columns(courses)), trSeconds, band, 0, 1, rng);
    courses.push(pair.s1, pair.s2);
  }
  return { wm: courses.slice(0, NUISANCE_COURSES), csf: courses.slice(NUISANCE_COURSES) };
}

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
  /**
   * Tissue-aware (default true): the planted signal lives in grey matter only (weighted by the MNI
   * 2009c grey-matter probability) and two nuisance sets, one in white matter and one in CSF
   * (weighted by their probabilities), leak into the ROIs, so that only aCompCor recovers the
   * planted z. false: the signal fills the planted spheres and there is no tissue nuisance.
   */
  tissue?: boolean;
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
  /** The design matrix the engine builds before aCompCor (constant, trend, motion + derivatives, one-hots). */
  design: { X: Matrix; names: string[] };
  /** The planted white-matter and CSF nuisance time courses (unit SD; in-band, orthogonal to the design and to the planted signals), or null. */
  nuisance: { wm: Float64Array[]; csf: Float64Array[] } | null;
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
    tissue: o.tissue ?? true,
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
  // Tissue nuisance first (two in-band courses per tissue, orthogonal to the design and each other),
  // then the planted pair orthogonal to those too: aCompCor removes the nuisance and keeps the signal.
  const nuisance = o.tissue ? tissueNuisance(design.X, o.trSeconds, band, rng) : null;
  const signalDesign = nuisance === null ? design.X : hconcat(design.X, columns([...nuisance.wm, ...nuisance.csf]));
  const { s1, s2 } = plantedPair(signalDesign, o.trSeconds, band, plantedR, sd, rng);
  const tissue = o.tissue ? tissueProbabilities({ dims: [nx, ny, nz], affine }) : null;
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
  const wmWeights = new Float64Array(NUISANCE_COURSES);
  const csfWeights = new Float64Array(NUISANCE_COURSES);
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
        // Tissue-aware: white noise scales with grey matter (a tenth of it in pure WM/CSF), so that
        // aCompCor's principal components are the planted structure, not noise (docs/denoising.md).
        const noiseSd = base * o.noise * (tissue ? 0.1 + 0.9 * tissue.gm[v] : 1);
        const dMpfc = (x - mpfc[0]) ** 2 + (y - mpfc[1]) ** 2 + (z - mpfc[2]) ** 2;
        const dPrec = (x - precuneus[0]) ** 2 + (y - precuneus[1]) ** 2 + (z - precuneus[2]) ** 2;
        const signal = dMpfc <= r2 ? s1 : dPrec <= r2 ? s2 : null;
        // Grey-matter voxels only (probability ≥ 0.5, weighted by it): the eroded WM/CSF masks aCompCor reads carry no signal.
        const gm = tissue ? (tissue.gm[v] >= 0.5 ? tissue.gm[v] : 0) : 1;
        // Nuisance weights per course: course 0 the same sign everywhere (small, so the global signal
        // the outlier rule reads stays calm), course 1 the same sign within 20 mm of an ROI (so it
        // leaks into both ROIs alike) and random elsewhere, courses 2–4 random sign.
        const nearRoi = Math.min(dMpfc, dPrec) <= 400;
        const leak = (p: number, amplitude: number, out: Float64Array) => {
          for (let c = 0; c < NUISANCE_COURSES; c++) {
            const w = c === 0 ? COHERENT_FRACTION * (1 + 0.2 * rng.normal()) : c === 1 && nearRoi ? NEAR_ROI_GAIN * (1 + 0.2 * rng.normal()) : rng.normal();
            out[c] = amplitude * p * w;
          }
        };
        if (nuisance && tissue) { leak(tissue.wm[v], WM_NUISANCE_SD, wmWeights); leak(tissue.csf[v], CSF_NUISANCE_SD, csfWeights); }
        for (let t = 0; t < n; t++) {
          let value = base + linear * trend[t];
          if (stopDrift) value += driftW * stopDrift[t];
          if (motion) for (let m = 0; m < 6; m++) value += weights[m] * motion.data[t * 6 + m];
          if (spikeAt[t] >= 0) value += spikeAmp;
          if (signal) value += gm * signal[t];
          if (nuisance) for (let c = 0; c < NUISANCE_COURSES; c++) value += wmWeights[c] * nuisance.wm[c][t] + csfWeights[c] * nuisance.csf[c][t];
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
    nuisance,
    band,
    scrub,
    rois: { mpfc: { centreMm: mpfc, radiusMm: o.plantedRadiusMm }, precuneus: { centreMm: precuneus, radiusMm: o.plantedRadiusMm } },
    brainMask,
    brainVoxels,
    options: o,
  };
}

