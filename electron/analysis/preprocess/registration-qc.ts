/**
 * Step "registration QC", for a physician: does the normalized EPI sit on the MNI brain, and does
 * its field of view hold the two ROIs?
 *
 * - Agreement: Dice overlap, inside the EPI's field of view, of the normalized mean EPI's own brain
 *   mask (SPM's global-intensity rule) with the MNI brain mask. Contrast-free: EPI contrast varies
 *   with TR (CSF is dark at short TR), so a correlation with a fixed EPI reference measured
 *   nothing useful on real data. Below MIN_REGISTRATION_AGREEMENT the registration is refused
 *   (registration.diverged). It catches gross failures only (≥ 20 mm, wrong scale).
 * - Tissue agreement (tissue-agreement.ts): the correlation ratio of the normalized mean EPI with
 *   the MNI tissue classes; it moves clearly for 3–10 mm errors. Below MIN_TISSUE_AGREEMENT the
 *   check is flagged for the physician's look at the image, not refused (its level depends on the
 *   scan's contrast).
 * - ROI coverage: fraction of each ROI sphere's voxels inside the EPI's field of view; below
 *   MIN_ROI_FOV_COVERAGE the analysis is refused (registration.roi-not-covered).
 * - The check image: three planes through the ROIs (sagittal x = mPFC x, coronal through the
 *   precuneus, axial through the mPFC), the normalized mean EPI in grey, the MNI brain outline in
 *   yellow, the white-matter outline in cyan, the mPFC sphere in green and the precuneus in magenta.
 */
import { KrpError } from '../../../shared/errors';
import { applyAffine, invertAffine } from '../../../shared/imaging/affine';
import type { Vec3 } from '../../../shared/imaging/analysis-types';
import { sphereVoxels } from '../../../shared/imaging/sphere';
import type { MniReferences } from './mni-references';
import { encodePngRgb } from './png-encode';
import { resampleOnto, type Grid3 } from './resample';
import { tissueAgreement } from './tissue-agreement';
import { brainMaskDice } from './volume-ops';
import type { Volume } from './volume';

/** Least Dice accepted: real session 0.88; the same EPI moved 10 mm 0.83–0.85, 20 mm 0.76, scaled 0.85 0.68; phantom 25 mm off 0.78 (docs/preprocessing.md). */
export const MIN_REGISTRATION_AGREEMENT = 0.8;
/** Least fraction of each ROI inside the EPI's field of view. */
export const MIN_ROI_FOV_COVERAGE = 0.5;

export interface RoiSphere { label: 'mPFC' | 'precuneus'; centreMm: Vec3; radiusMm: number }

export interface RegistrationMetrics {
  /** Dice of the normalized mean EPI's brain mask with the MNI brain mask, inside the FOV. */
  agreement: number;
  /** Correlation ratio η² of the normalized mean EPI with the MNI tissue classes, inside the FOV (NaN when undefined). */
  tissueAgreement: number;
  /** Fraction of the MNI brain mask inside the EPI's field of view. */
  brainCoverage: number;
  roiCoverage: { mpfc: number; precuneus: number };
}

const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** A reference volume on `grid` (trilinear; probabilities ≥ 0.5 count as inside for masks). */
function onGrid(v: Volume, grid: Grid3): Float32Array {
  return resampleOnto(v, grid, IDENTITY).data;
}

/** Fraction of the sphere's nominal voxels (as if the grid had no edge) inside `fov`. */
export function roiFovCoverage(fov: Uint8Array, grid: Grid3, roi: RoiSphere): number {
  const { indices, nominal } = sphereVoxels(grid.dims, grid.affine, roi.centreMm, roi.radiusMm);
  let inside = 0;
  for (const i of indices) if (fov[i]) inside++;
  return nominal > 0 ? inside / nominal : 0;
}

/** The metrics of a normalized mean EPI (on `grid`, with its field-of-view mask). */
export function registrationMetrics(meanOnMni: Float32Array, fov: Uint8Array, grid: Grid3, refs: MniReferences, rois: { mpfc: RoiSphere; precuneus: RoiSphere }): RegistrationMetrics {
  const brain = onGrid(refs.brainMask, grid);
  let brainVoxels = 0, brainInFov = 0;
  for (let i = 0; i < fov.length; i++) {
    if (brain[i] < 0.5) continue;
    brainVoxels++;
    if (fov[i]) brainInFov++;
  }
  return {
    agreement: brainMaskDice(meanOnMni, brain, fov),
    tissueAgreement: tissueAgreement(meanOnMni, fov, grid, refs),
    brainCoverage: brainVoxels > 0 ? brainInFov / brainVoxels : 0,
    roiCoverage: { mpfc: roiFovCoverage(fov, grid, rois.mpfc), precuneus: roiFovCoverage(fov, grid, rois.precuneus) },
  };
}

/** Throws the specific refusal when the metrics fall below their thresholds. */
export function checkRegistration(metrics: RegistrationMetrics): void {
  if (!(metrics.agreement >= MIN_REGISTRATION_AGREEMENT)) {
    throw new KrpError('registration.diverged',
      `The EPI does not line up with the MNI brain after normalization (agreement ${Number.isFinite(metrics.agreement) ? metrics.agreement.toFixed(2) : 'undefined'}, at least ${MIN_REGISTRATION_AGREEMENT} is needed), so the ROIs would fall in the wrong place. Check that the right series was chosen; with a T1 from the same session the registration is more robust.`,
      { agreement: Number.isFinite(metrics.agreement) ? Math.round(metrics.agreement * 1000) / 1000 : -1, threshold: MIN_REGISTRATION_AGREEMENT });
  }
  for (const [key, label] of [['mpfc', 'mPFC'], ['precuneus', 'precuneus']] as const) {
    const coverage = metrics.roiCoverage[key];
    if (coverage < MIN_ROI_FOV_COVERAGE) {
      throw new KrpError('registration.roi-not-covered',
        `The EPI's field of view holds only ${Math.round(coverage * 100)} % of the ${label} ROI (at least ${MIN_ROI_FOV_COVERAGE * 100} % is needed), so its signal cannot be measured. The scan must cover the whole brain, including the ${label === 'mPFC' ? 'front of the brain above the eyes' : 'back of the brain near the midline'}.`,
        { roi: label, coveragePercent: Math.round(coverage * 100) });
    }
  }
}

// ---- the check image ------------------------------------------------------------------------

type Rgb = [number, number, number];
const YELLOW: Rgb = [255, 220, 0];
const CYAN: Rgb = [0, 200, 255];
const GREEN: Rgb = [40, 230, 40];
const MAGENTA: Rgb = [255, 60, 255];
/** Screen pixels per millimetre. */
const SCALE = 1.5;

interface Plane { axis: 0 | 1 | 2; at: number }

/** World extent of the grid (mm) on each axis. */
function extent(grid: Grid3): { min: number[]; max: number[] } {
  const a = applyAffine(grid.affine, [0, 0, 0]);
  const b = applyAffine(grid.affine, [grid.dims[0] - 1, grid.dims[1] - 1, grid.dims[2] - 1]);
  return { min: a.map((v, i) => Math.min(v, b[i])), max: a.map((v, i) => Math.max(v, b[i])) };
}

/**
 * PNG of the three planes side by side (neurological: left on the left; anterior/superior up or
 * right), each pixel sampled from the grid at its world position (nearest voxel).
 */
export function registrationImage(meanOnMni: Float32Array, grid: Grid3, refs: MniReferences, rois: { mpfc: RoiSphere; precuneus: RoiSphere }): Buffer {
  const brain = onGrid(refs.brainMask, grid);
  const white = onGrid(refs.white, grid);
  const { min, max } = extent(grid);
  const planes: Plane[] = [
    { axis: 0, at: rois.mpfc.centreMm[0] },
    { axis: 1, at: rois.precuneus.centreMm[1] },
    { axis: 2, at: rois.mpfc.centreMm[2] },
  ];
  // Screen axes per plane: [horizontal world axis, vertical world axis].
  const screenAxes: Record<0 | 1 | 2, [number, number]> = { 0: [1, 2], 1: [0, 2], 2: [0, 1] };
  const sizes = planes.map((p) => screenAxes[p.axis].map((a) => Math.round((max[a] - min[a]) * SCALE) + 1));
  const gap = 8;
  const width = sizes.reduce((s, [w]) => s + w, 0) + gap * (planes.length - 1);
  const height = Math.max(...sizes.map(([, h]) => h));
  const rgb = new Uint8Array(width * height * 3);
  // Grey scale: 2nd–98th percentile of the in-brain EPI.
  const values: number[] = [];
  for (let i = 0; i < meanOnMni.length; i += 7) if (brain[i] >= 0.5 && meanOnMni[i] > 0) values.push(meanOnMni[i]);
  values.sort((a, b) => a - b);
  const lo = values.length ? values[Math.floor(values.length * 0.02)] : 0;
  const hi = values.length ? values[Math.floor(values.length * 0.98)] : 1;
  const inverse = invertAffine(grid.affine);
  const voxelAt = (w: number[]): number => {
    const p = applyAffine(inverse, [w[0], w[1], w[2]]).map(Math.round);
    if (p.some((v, a) => v < 0 || v >= grid.dims[a])) return -1;
    return p[0] + grid.dims[0] * (p[1] + grid.dims[1] * p[2]);
  };
  let left = 0;
  planes.forEach((plane, n) => {
    const [ha, va] = screenAxes[plane.axis];
    const [w, h] = sizes[n];
    const label = new Int32Array(w * h).fill(-1);
    const brainIn = new Uint8Array(w * h);
    const whiteIn = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const world = [0, 0, 0];
        world[plane.axis] = plane.at;
        world[ha] = min[ha] + x / SCALE;
        world[va] = max[va] - y / SCALE;
        const v = voxelAt(world);
        label[y * w + x] = v;
        if (v >= 0) { brainIn[y * w + x] = brain[v] >= 0.5 ? 1 : 0; whiteIn[y * w + x] = white[v] >= 0.5 ? 1 : 0; }
        const grey = v < 0 ? 0 : Math.max(0, Math.min(255, Math.round(((meanOnMni[v] - lo) / (hi - lo || 1)) * 255)));
        const o = (y * width + left + x) * 3;
        rgb[o] = rgb[o + 1] = rgb[o + 2] = grey;
        for (const [roi, colour] of [[rois.mpfc, GREEN], [rois.precuneus, MAGENTA]] as const) {
          const d = Math.hypot(world[0] - roi.centreMm[0], world[1] - roi.centreMm[1], world[2] - roi.centreMm[2]);
          if (Math.abs(d - roi.radiusMm) < 0.6) { rgb[o] = colour[0]; rgb[o + 1] = colour[1]; rgb[o + 2] = colour[2]; }
        }
      }
    }
    const edge = (mask: Uint8Array, x: number, y: number) => mask[y * w + x] === 1 &&
      ((x > 0 && !mask[y * w + x - 1]) || (x < w - 1 && !mask[y * w + x + 1]) || (y > 0 && !mask[(y - 1) * w + x]) || (y < h - 1 && !mask[(y + 1) * w + x]));
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const colour = edge(brainIn, x, y) ? YELLOW : edge(whiteIn, x, y) ? CYAN : null;
        if (colour === null) continue;
        const o = (y * width + left + x) * 3;
        rgb[o] = colour[0]; rgb[o + 1] = colour[1]; rgb[o + 2] = colour[2];
      }
    }
    left += w + gap;
  });
  return encodePngRgb(width, height, rgb);
}
