/**
 * Steps "build confounds" and "detect outliers": the design matrix CONN 17 regresses out by
 * default — constant and linear trend; the 6 realignment parameters and their first derivatives
 * when motion is known; aCompCor (mean + principal components of white-matter and CSF signals) when
 * tissue masks or an fMRIPrep table bring them; one column per outlier scan (scrubbing).
 */
import type { MotionRotationUnits, ScrubMode } from '../../../shared/imaging/analysis-types';
import { decideRotationUnits, rotationsToRadians, type MotionUnitsDecision } from '../../../shared/imaging/motion-units';
import type { TissueComponents } from './tissue-gram';
import type { ParsedConfounds } from '../../../shared/imaging/confounds';
import { buildDesignMatrix } from '../../../shared/imaging/design-matrix';
import { framewiseDisplacement } from '../../../shared/imaging/motion';
import { detectOutliers, type OutlierDetection } from '../../../shared/imaging/outliers';
import { hconcat, sliceRows, type Matrix } from '../../../shared/imaging/matrix';
import { KrpError } from '../../../shared/errors';

export interface ConfoundsFile {
  /** The file, parsed (parseConfounds) before the long pass. */
  parsed: ParsedConfounds;
  fileName: string;
}

export interface BuildConfoundsInput {
  /** Retained scans and how many initial volumes were dropped before them. */
  scans: number;
  dropped: number;
  totalVolumes: number;
  confounds: ConfoundsFile | null;
  /** aCompCor of the eroded WM and CSF masks' voxel series (steps/tissue-gram.ts), when masks were given. */
  tissue: { wm: TissueComponents | null; csf: TissueComponents | null };
  globalSignal: ArrayLike<number>;
  scrub: ScrubMode;
  acompcorComponents: number;
  /** Rotation units of a 6-column motion file ('auto': decided from the values, motion-units.ts). */
  motionRotationUnits?: MotionRotationUnits;
  /** Motion parameters handed over directly (all volumes × 6, mm and radians, SPM order), used when no confounds file brings motion. */
  motionParameters?: Matrix | null;
}

export interface BuiltConfounds {
  X: Matrix;
  names: string[];
  parsed: ParsedConfounds | null;
  motion: Matrix | null;
  fd: Float64Array | null;
  acompcorSource: 'tissue-masks' | 'confounds-file' | null;
  motionUnits: MotionUnitsDecision | null;
  outliers: { scans: number[]; byGlobalSignal: number[]; byMotion: number[]; fromFile: number[] };
  /** The outlier rules' per-scan measures and thresholds (for the QC plots). */
  detection: OutlierDetection;
}

export function buildConfounds(input: BuildConfoundsInput): BuiltConfounds {
  const { scans, dropped } = input;
  let parsed: ParsedConfounds | null = null;
  let motion: Matrix | null = null;
  let fileAcompcor: { matrix: Matrix; names: string[] } | null = null;
  let fromFile: number[] = [];
  let motionUnits: MotionUnitsDecision | null = null;
  if (input.confounds !== null) {
    parsed = input.confounds.parsed;
    if (parsed.rows !== input.totalVolumes) {
      throw new KrpError('confounds.row-count',
        `The confounds file ${input.confounds.fileName} has ${parsed.rows} rows but the image has ${input.totalVolumes} volumes: choose the confounds file that belongs to this run.`,
        { rows: parsed.rows, volumes: input.totalVolumes });
    }
    if (parsed.motion !== null) {
      motionUnits = decideRotationUnits(parsed.motion, parsed.format, input.motionRotationUnits);
      motion = sliceRows(rotationsToRadians(parsed.motion, motionUnits.rotations), dropped, dropped + scans);
    }
    if (parsed.acompcor !== null) {
      fileAcompcor = { matrix: sliceRows(parsed.acompcor.matrix, dropped, dropped + scans), names: parsed.acompcor.names };
    }
    fromFile = parsed.outlierScans.map((s) => s - dropped).filter((s) => s >= 0 && s < scans);
  }

  if (motion === null && input.motionParameters) {
    if (input.motionParameters.rows !== input.totalVolumes || input.motionParameters.cols !== 6) {
      throw new KrpError('confounds.row-count',
        `The motion parameters have ${input.motionParameters.rows} rows of ${input.motionParameters.cols} values but the image has ${input.totalVolumes} volumes: 6 values per volume are needed.`,
        { rows: input.motionParameters.rows, volumes: input.totalVolumes });
    }
    motionUnits = { rotations: 'radians', basis: 'format', code: 'preprocessing', params: {}, message: 'Rotations in radians, as handed over by preprocessing.' };
    motion = sliceRows(input.motionParameters, dropped, dropped + scans);
  }

  const detected = detectOutliers({ globalSignal: input.globalSignal, motion, mode: input.scrub });
  const outlierScans = [...new Set([...detected.scans, ...fromFile])].sort((a, b) => a - b);

  let acompcor: Matrix | null = null;
  let acompcorNames: string[] = [];
  let acompcorSource: BuiltConfounds['acompcorSource'] = null;
  const tissueParts: Matrix[] = [];
  for (const [name, series] of [['wm', input.tissue.wm], ['csf', input.tissue.csf]] as const) {
    if (series === null) continue;
    if (series.components === null) {
      throw new KrpError('analysis.tissue-mask-small',
        `The ${name.toUpperCase()} mask leaves only ${series.voxels} usable voxels after erosion on this scan: too few for aCompCor. Check that the mask is in MNI space, or leave it out.`,
        { tissue: name, voxels: series.voxels });
    }
    const { components } = series;
    tissueParts.push(components);
    for (let c = 0; c < components.cols; c++) acompcorNames.push(c === 0 ? `${name}_mean` : `${name}_pc${c}`);
  }
  if (tissueParts.length > 0) {
    acompcor = hconcat(...tissueParts);
    acompcorSource = 'tissue-masks';
  } else if (fileAcompcor !== null) {
    acompcor = fileAcompcor.matrix;
    acompcorNames = fileAcompcor.names;
    acompcorSource = 'confounds-file';
  }

  const { X, names } = buildDesignMatrix({ scans, motion, acompcor, acompcorNames, outlierScans });
  return {
    X,
    names,
    parsed,
    motion,
    fd: motion === null ? null : framewiseDisplacement(motion),
    acompcorSource,
    motionUnits,
    outliers: { scans: outlierScans, byGlobalSignal: detected.byGlobalSignal, byMotion: detected.byMotion, fromFile },
    detection: detected,
  };
}
