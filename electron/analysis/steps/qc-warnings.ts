/**
 * Step "QC": the warnings a physician should read before trusting the number, each in plain words
 * with what to do. Pure: facts in, warnings out.
 */
import type { QcWarning, RoiQc, SpaceDecision } from '../../../shared/imaging/analysis-types';
import { LOW_RESIDUAL_DOF } from '../../../shared/imaging/degrees-of-freedom';

export const MIN_USABLE_SECONDS = 300;
export const ROI_BRAIN_COVERAGE_WARNING = 0.9;
export const OUTLIER_FRACTION_WARNING = 0.2;

export interface QcFacts {
  usableSeconds: number;
  scans: number;
  flagged: number;
  rois: { mpfc: RoiQc; precuneus: RoiQc };
  bandAboveNyquist: boolean;
  trSeconds: number;
  motionModelled: boolean;
  nonFiniteVoxels: number;
  space: SpaceDecision;
  /** Independent values left after regression and band-pass (degrees-of-freedom.ts). */
  residualDof: number;
  /** The QC sentence when rotations were detected as degrees, else null. */
  motionInDegrees: string | null;
  /** Why aCompCor did not run, or null when it did. */
  acompcorOff: string | null;
}

const ROI_NAMES = { mpfc: 'mPFC', precuneus: 'precuneus' } as const;

export function qcWarnings(f: QcFacts): QcWarning[] {
  const warnings: QcWarning[] = [];
  if (f.usableSeconds < MIN_USABLE_SECONDS) {
    warnings.push({ code: 'short-usable-data', message: `Only ${(f.usableSeconds / 60).toFixed(1)} minutes of usable data remain after removing outlier scans (at least 5 minutes are recommended): the connectivity estimate is less reliable. Consider repeating the scan if this patient's result matters.` });
  }
  for (const key of ['mpfc', 'precuneus'] as const) {
    const roi = f.rois[key];
    if (roi.coverageFov < 1) {
      warnings.push({ code: 'roi-partly-outside-fov', message: `${Math.round((1 - roi.coverageFov) * 100)}% of the ${ROI_NAMES[key]} ROI lies outside the image's field of view, so its signal comes from part of the region only. Check the slice coverage of the scan.` });
    }
    if (roi.coverageBrain < ROI_BRAIN_COVERAGE_WARNING) {
      warnings.push({ code: 'roi-partly-outside-brain', message: `${Math.round((1 - roi.coverageBrain) * 100)}% of the ${ROI_NAMES[key]} ROI falls outside the brain signal of this scan (signal dropout or imperfect normalisation); their signal is still averaged, as CONN does. Look at the ROI outline on the mean image.` });
    }
  }
  if (f.flagged / f.scans > OUTLIER_FRACTION_WARNING) {
    warnings.push({ code: 'many-outliers', message: `${f.flagged} of ${f.scans} scans (${Math.round((100 * f.flagged) / f.scans)}%) were flagged as outliers (movement or signal jumps). The patient moved a lot; interpret the result with caution.` });
  }
  if (f.bandAboveNyquist) {
    warnings.push({ code: 'band-above-nyquist', message: `With a repetition time of ${f.trSeconds} s the highest frequency the scan can show is ${(1 / (2 * f.trSeconds)).toFixed(3)} Hz, below the filter's upper edge: the filter keeps everything up to that limit. Results are comparable only with scans of similar TR.` });
  }
  if (!f.motionModelled) {
    warnings.push({ code: 'no-motion-model', message: 'No motion parameters were given, so head motion was not regressed out and motion outliers could not be detected; movement can inflate connectivity. Import the realignment file (SPM rp_*.txt or the fMRIPrep confounds table) with the scan.' });
  }
  if (f.nonFiniteVoxels > 0) {
    warnings.push({ code: 'non-finite-voxels', message: `${f.nonFiniteVoxels} brain voxels contain invalid values (NaN/Inf) in some volumes and were left out.` });
  }
  if (f.residualDof < LOW_RESIDUAL_DOF) {
    warnings.push({ code: 'low-degrees-of-freedom', message: `Only ${f.residualDof} independent values remain after removing confounds, outlier scans and out-of-band frequencies (${LOW_RESIDUAL_DOF} or more are recommended): the z is imprecise. A longer scan or less movement would help.` });
  }
  if (f.acompcorOff !== null) warnings.push({ code: 'no-acompcor', message: `${f.acompcorOff} White-matter and CSF noise was not regressed out; physiological noise may inflate connectivity.` });
  if (f.motionInDegrees !== null) warnings.push({ code: 'motion-in-degrees', message: f.motionInDegrees });
  if (f.space.basis === 'assumed-mni') warnings.push({ code: 'assumed-mni', message: f.space.message });
  if (f.space.basis === 'override') warnings.push({ code: 'space-override', message: f.space.message });
  return warnings;
}
