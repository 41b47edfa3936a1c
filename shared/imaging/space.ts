/**
 * decideSpace: is this image in MNI space, so that MNI coordinates (the mPFC and precuneus seeds)
 * can be used on it? The rule and its tolerance are explained in docs/nifti-input.md.
 * Pure (no Node, no DOM).
 */
import { KrpError } from '../errors';
import type { SpaceDecision } from './analysis-types';
import { applyAffine, affineVoxelSizes, isAxisAligned } from './affine';
import { XFORM, type NiftiHeaderSummary } from './nifti-header';

type Vec3 = [number, number, number];

/** A standard MNI field of view: the world bounding box (mm) of the voxel centres. */
export interface MniBox {
  name: string;
  source: string;
  min: Vec3;
  max: Vec3;
}

/** Standard bounding boxes of images written in MNI space by the common pipelines. */
export const MNI_BOXES: readonly MniBox[] = [
  {
    name: 'SPM12 default bounding box', min: [-78, -112, -70], max: [78, 76, 85],
    source: 'SPM12 spm_cfg_norm / spm_get_defaults normalise.write.bb = [-78 -112 -70; 78 76 85]',
  },
  {
    name: 'SPM5/SPM8 default bounding box', min: [-78, -112, -50], max: [78, 76, 85],
    source: 'SPM5/SPM8 spm_defaults defaults.normalise.write.bb = [-78 -112 -50; 78 76 85]',
  },
  {
    name: 'FSL MNI152', min: [-90, -126, -72], max: [90, 90, 108],
    source: 'FSL data/standard MNI152_T1_{1,2}mm (2 mm: 91×109×91, sform [-2 0 0 90; 0 2 0 -126; 0 0 2 -72]); same extent at 1 and 3 mm',
  },
  {
    name: 'MNI152NLin2009cAsym (fMRIPrep/TemplateFlow)', min: [-96, -132, -78], max: [96, 96, 114],
    source: 'TemplateFlow tpl-MNI152NLin2009cAsym res-1 193×229×193 at 1 mm and res-2 97×115×97 at 2 mm, origin (-96, -132, -78)',
  },
  {
    name: 'MNI152NLin6Asym (TemplateFlow)', min: [-91, -126, -72], max: [90, 91, 109],
    source: 'TemplateFlow tpl-MNI152NLin6Asym res-1 182×218×182, origin (-91, -126, -72)',
  },
];

/** Minimum tolerance per face, mm. */
export const FOV_TOLERANCE_MIN_MM = 10;
/** Tolerance per face in voxels (the larger of this and FOV_TOLERANCE_MIN_MM applies). */
export const FOV_TOLERANCE_VOXELS = 2;

const CODE_NAMES: Record<number, string> = {
  [XFORM.UNKNOWN]: 'UNKNOWN', [XFORM.SCANNER_ANAT]: 'SCANNER_ANAT', [XFORM.ALIGNED_ANAT]: 'ALIGNED_ANAT',
  [XFORM.TALAIRACH]: 'TALAIRACH', [XFORM.MNI_152]: 'MNI_152', [XFORM.TEMPLATE_OTHER]: 'TEMPLATE_OTHER',
};

const BRING_INSTEAD =
  'Bring the series normalised to MNI space instead: from fMRIPrep, the file named like ' +
  '…_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz; from SPM, the normalised 4D image (w-prefixed, e.g. wrsub-01_bold.nii).';

/** World bounding box (mm) of the voxel centres of a grid of `dims` (first three used) through `affine`. */
export function fieldOfView(dims: readonly number[], affine: readonly number[]): { min: Vec3; max: Vec3 } {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const i of [0, dims[0] - 1]) {
    for (const j of [0, dims[1] - 1]) {
      for (const k of [0, dims[2] - 1]) {
        const p = applyAffine(affine, [i, j, k]);
        for (let a = 0; a < 3; a++) {
          min[a] = Math.min(min[a], p[a]);
          max[a] = Math.max(max[a], p[a]);
        }
      }
    }
  }
  return { min, max };
}

/** Tolerance (mm) on each face for an image with these voxel sizes: max(2 voxels, 10 mm). */
export function fovToleranceMm(voxelSizesMm: readonly number[]): number {
  return Math.max(FOV_TOLERANCE_VOXELS * Math.max(...voxelSizesMm), FOV_TOLERANCE_MIN_MM);
}

/** The standard box whose faces are all within `toleranceMm` of the field of view (closest first), or null. */
export function matchMniBox(fov: { min: Vec3; max: Vec3 }, toleranceMm: number): MniBox | null {
  let best: MniBox | null = null;
  let bestDeviation = Infinity;
  for (const box of MNI_BOXES) {
    let worst = 0;
    for (let a = 0; a < 3; a++) {
      worst = Math.max(worst, Math.abs(fov.min[a] - box.min[a]), Math.abs(fov.max[a] - box.max[a]));
    }
    if (worst <= toleranceMm && worst < bestDeviation) {
      best = box;
      bestDeviation = worst;
    }
  }
  return best;
}

function formatFov(fov: { min: Vec3; max: Vec3 }): string {
  const r = (v: number) => String(Math.round(v * 10) / 10);
  return `x ${r(fov.min[0])}…${r(fov.max[0])}, y ${r(fov.min[1])}…${r(fov.max[1])}, z ${r(fov.min[2])}…${r(fov.max[2])} mm`;
}

/**
 * Decides whether `h` is in MNI space. Accepts: code 4 (MNI_152); codes 2, 3, 5 with an axis-aligned
 * affine whose field of view matches a standard MNI box (assumed MNI); with assumeMni, anything that
 * has an affine (basis 'override'). Otherwise throws KrpError space.scanner / space.no-orientation /
 * space.not-mni, saying why and what to bring instead.
 */
export function decideSpace(h: NiftiHeaderSummary, options: { assumeMni: boolean }): SpaceDecision {
  const affine = h.affine;
  const code = h.spaceCode;
  const codeName = CODE_NAMES[code] ?? 'non-standard';
  const which = `${h.affineSource} code ${code} (${codeName})`;
  if (!affine || h.affineSource === 'none') {
    throw new KrpError('space.no-orientation',
      `The image has no usable orientation (sform and qform codes are 0), so no position in the brain can be located in it${options.assumeMni ? ', even when MNI space is assumed' : ''}. ${BRING_INSTEAD}`,
      { sformCode: h.sformCode, qformCode: h.qformCode });
  }
  if (code === XFORM.MNI_152) {
    return { accepted: true, basis: 'mni-code', matchedTemplate: null, message: `${which}: the image is in MNI space.` };
  }
  const fov = fieldOfView(h.dims, affine);
  const tolerance = fovToleranceMm(affineVoxelSizes(affine));
  const aligned = isAxisAligned(affine);
  const box = aligned ? matchMniBox(fov, tolerance) : null;
  const templateCode = code === XFORM.ALIGNED_ANAT || code === XFORM.TALAIRACH || code === XFORM.TEMPLATE_OTHER;
  if (templateCode && box) {
    return {
      accepted: true, basis: 'assumed-mni', matchedTemplate: box.name,
      message: `${which} with a field of view (${formatFov(fov)}) matching the ${box.name}: assumed MNI.`,
    };
  }
  if (options.assumeMni) {
    return {
      accepted: true, basis: 'override', matchedTemplate: null,
      message: `${which}, field of view ${formatFov(fov)}: not shown to be MNI; MNI space assumed by the user's override.`,
    };
  }
  if (code === XFORM.SCANNER_ANAT) {
    throw new KrpError('space.scanner',
      `The image is in scanner space (${which}): it has not been normalised to MNI space, so the mPFC and precuneus coordinates would fall in the wrong place. ${BRING_INSTEAD}`,
      { spaceCode: code });
  }
  if (!templateCode) {
    throw new KrpError('space.not-mni',
      `The image's ${h.affineSource} code is ${code}, which is not a NIfTI space code the app knows, so it cannot tell whether the image is in MNI space. ${BRING_INSTEAD}`,
      { spaceCode: code });
  }
  const why = !aligned
    ? 'its voxel axes are rotated relative to the world axes (oblique), which images resampled to an MNI template never are'
    : `its field of view (${formatFov(fov)}) matches no standard MNI bounding box (SPM, FSL MNI152, fMRIPrep MNI152NLin2009cAsym or MNI152NLin6Asym, within ${tolerance} mm per face)`;
  throw new KrpError('space.not-mni',
    `The image says ${which}, but ${why}, so the app cannot tell whether it is in MNI space. ${BRING_INSTEAD}`,
    { spaceCode: code });
}
