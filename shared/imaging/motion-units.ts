/**
 * Rotation units of 6-column motion files. SPM's rp_*.txt and FSL's .par store radians, but
 * PyMVPA/FSL-style text exports and some scanners write degrees; read as radians, degrees inflate
 * framewise displacement ~57-fold (the real Haxby run: mean FD 2.0 mm instead of 0.04 mm).
 *
 * Decided, unless the user chose, from the values ('auto'):
 *  - any |rotation| > 0.3 is degrees (0.3 rad ≈ 17°: no usable resting-state run turns that far);
 *  - else, when the rotations read as radians would move a point 50 mm from the centre by more
 *    than 1 mm (range over the run) and by more than 20 times the translations' range, degrees:
 *    real heads turn and shift together (the two are of similar size in mm), while degrees read
 *    as radians make rotation-displacement dwarf the translations.
 * fMRIPrep tables document radians and are taken as such. Pure.
 */
import type { MotionRotationUnits, MotionUnitsCode, QcParams } from './analysis-types';
import type { Matrix } from './matrix';

export const MAX_PLAUSIBLE_RADIANS = 0.3;
const RADIUS_MM = 50;

export interface MotionUnitsDecision {
  rotations: 'radians' | 'degrees';
  basis: 'format' | 'detected' | 'option';
  message: string;
  /** The same as `message`, coded for the app's languages. */
  code: MotionUnitsCode;
  params: QcParams;
}

function ranges(motion: Matrix): { maxAbsRot: number; rotRange: number; transRange: number } {
  let maxAbsRot = 0;
  let rotRange = 0;
  let transRange = 0;
  for (let j = 0; j < 6; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < motion.rows; t++) {
      const v = motion.data[t * 6 + j];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (j >= 3) maxAbsRot = Math.max(maxAbsRot, Math.abs(v));
    }
    if (j < 3) transRange = Math.max(transRange, hi - lo);
    else rotRange = Math.max(rotRange, hi - lo);
  }
  return { maxAbsRot, rotRange, transRange };
}

/** The units of `motion`'s rotation columns (3–5, SPM order) for a file of `format`. */
export function decideRotationUnits(motion: Matrix, format: string, choice: MotionRotationUnits = 'auto'): MotionUnitsDecision {
  if (choice !== 'auto') {
    return { rotations: choice, basis: 'option', code: choice === 'degrees' ? 'option-degrees' : 'option-radians', params: {}, message: `Rotations taken as ${choice}, as chosen in the analysis options.` };
  }
  if (format === 'fmriprep-tsv') {
    return { rotations: 'radians', basis: 'format', code: 'fmriprep', params: {}, message: 'Rotations in radians, as fMRIPrep documents for its rot_x/y/z columns.' };
  }
  const { maxAbsRot, rotRange, transRange } = ranges(motion);
  if (maxAbsRot > MAX_PLAUSIBLE_RADIANS) {
    return { rotations: 'degrees', basis: 'detected', code: 'detected-large', params: { largest: maxAbsRot.toPrecision(3), limit: MAX_PLAUSIBLE_RADIANS }, message: `Rotations read as degrees: the largest is ${maxAbsRot.toPrecision(3)}, implausible in radians (above ${MAX_PLAUSIBLE_RADIANS}). Choose radians in the options if that is wrong.` };
  }
  const rotMm = RADIUS_MM * rotRange;
  if (rotMm > 1 && rotMm > 20 * transRange) {
    return { rotations: 'degrees', basis: 'detected', code: 'detected-ratio', params: { rotationMm: rotMm.toPrecision(3), translationMm: transRange.toPrecision(3) }, message: `Rotations read as degrees: in radians they would move the head surface by ${rotMm.toPrecision(3)} mm while the translations span only ${transRange.toPrecision(3)} mm, which no real head does. Choose radians in the options if that is wrong.` };
  }
  return { rotations: 'radians', basis: 'detected', code: 'detected-radians', params: {}, message: 'Rotations in radians (SPM/FSL convention; their size is plausible in radians).' };
}

/** A copy of `motion` with rotations in radians. */
export function rotationsToRadians(motion: Matrix, units: 'radians' | 'degrees'): Matrix {
  if (units === 'radians') return motion;
  const data = Float64Array.from(motion.data);
  for (let t = 0; t < motion.rows; t++) for (let j = 3; j < 6; j++) data[t * 6 + j] *= Math.PI / 180;
  return { rows: motion.rows, cols: 6, data };
}
