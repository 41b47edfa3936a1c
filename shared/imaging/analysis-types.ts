/**
 * The connectivity analysis as data: its settings (everything that changes the number), its result,
 * quality control and provenance. Shared by the worker, the CLI, the record store and the UI.
 */
import type { PreprocessingSummary } from './preprocessing-types';
import type { NiftiHeaderSummary } from './nifti-header';
import type { QcImages, QcSeries } from './qc-series-types';

export type Vec3 = [number, number, number];

export type RoiSpec =
  | { kind: 'sphere'; centreMm: Vec3; radiusMm: number }
  | { kind: 'mask'; path: string; sha256?: string };

export type ScrubMode = 'off' | 'intermediate' | 'conservative' | 'fd';

export interface BandPass {
  lowHz: number;
  highHz: number;
}

export interface AnalysisSettings {
  rois: { mpfc: RoiSpec; precuneus: RoiSpec };
  /** Volumes removed from the start before anything else (non-steady-state). */
  dropInitialVolumes: number;
  /** null: no band-pass (regression only). */
  band: BandPass | null;
  scrub: ScrubMode;
  /** Overrides the header's TR (seconds); required when the header has none. */
  trSecondsOverride: number | null;
  /** Advanced: accept an image whose space could not be shown to be MNI. Recorded in provenance. */
  assumeMni: boolean;
  /** Number of aCompCor components per tissue (mean + PCs), CONN default 5; 0 turns aCompCor off. */
  acompcorComponents: number;
  /**
   * Units of the rotations in a 6-column motion file: 'auto' (default) decides from the values
   * (see shared/imaging/motion-units.ts). Describes the data, so it is not part of the settings hash.
   */
  motionRotationUnits?: MotionRotationUnits;
  /**
   * Where aCompCor's WM/CSF masks come from when the user gives none and no confounds table brings
   * aCompCor columns: 'mni' = the bundled MNI 2009c tissue maps (CONN's default denoising);
   * 'none' = no aCompCor (stated in QC). Default 'mni'; absent (analyses stored before it became
   * the default) means 'none'. Changes the number: part of the settings hash.
   */
  acompcorDefaultMasks?: 'mni' | 'none';
  /**
   * In-app preprocessing only: a B-spline (nonlinear) refinement after the affine normalization to
   * MNI. Off by default (absent = off); changes the number, so it is part of the settings hash when
   * on. Set back to off for an input that needed no normalization (nothing was refined).
   */
  nonlinearNormalization?: boolean;
}

export type MotionRotationUnits = 'auto' | 'radians' | 'degrees';

/** CONN's default-mode network centres (MNI mm) and a 10 mm radius. */
export const DEFAULT_MPFC_CENTRE: Vec3 = [1, 55, -3];
export const DEFAULT_PRECUNEUS_CENTRE: Vec3 = [1, -61, 38];
export const DEFAULT_ROI_RADIUS_MM = 10;

export const DEFAULT_ANALYSIS_SETTINGS: AnalysisSettings = {
  rois: {
    mpfc: { kind: 'sphere', centreMm: DEFAULT_MPFC_CENTRE, radiusMm: DEFAULT_ROI_RADIUS_MM },
    precuneus: { kind: 'sphere', centreMm: DEFAULT_PRECUNEUS_CENTRE, radiusMm: DEFAULT_ROI_RADIUS_MM },
  },
  dropInitialVolumes: 0,
  band: { lowHz: 0.008, highHz: 0.09 },
  scrub: 'intermediate',
  trSecondsOverride: null,
  assumeMni: false,
  acompcorComponents: 5,
  acompcorDefaultMasks: 'mni',
};

export type SpaceBasis = 'mni-code' | 'assumed-mni' | 'override';

export interface SpaceDecision {
  accepted: true;
  basis: SpaceBasis;
  /** Which standard MNI box the field of view matched, when basis is assumed-mni. */
  matchedTemplate: string | null;
  /** One sentence for QC, e.g. "sform code 2 with a field of view matching the SPM12 bounding box: assumed MNI". */
  message: string;
}

export interface RoiQc {
  /** Voxels whose centre lies in the ROI and inside the field of view. */
  voxelsInRoi: number;
  /** Voxels used (finite and non-constant time series). */
  voxels: number;
  excludedNonFinite: number;
  excludedConstant: number;
  /** Fraction of the ROI's nominal voxels (the whole sphere or mask) inside the field of view. */
  coverageFov: number;
  /** Fraction of the ROI's voxels inside the brain mask. */
  coverageBrain: number;
  /** Mean over ROI voxels of mean/sd of the raw series. */
  tsnr: number;
  centreMm: Vec3 | null;
}

export type QcWarningCode =
  | 'short-usable-data'
  | 'roi-partly-outside-fov'
  | 'roi-partly-outside-brain'
  | 'band-above-nyquist'
  | 'no-motion-model'
  | 'many-outliers'
  | 'non-finite-voxels'
  | 'assumed-mni'
  | 'space-override'
  | 'low-degrees-of-freedom'
  | 'motion-in-degrees'
  | 'no-acompcor';

export interface QcWarning {
  code: QcWarningCode;
  /** Plain words for a physician: what it means and what to do. */
  message: string;
}

export interface AnalysisQc {
  volumes: { total: number; dropped: number; used: number; flagged: number; usableSeconds: number };
  trSeconds: number;
  trSource: 'header' | 'override';
  motion: { modelled: boolean; source: string | null; meanFdMm: number | null; maxFdMm: number | null };
  /** 0-based indices (after dropping initial volumes) of scans regressed out as outliers. */
  outlierScans: number[];
  outlierSources: { globalSignal: number; motion: number; confoundsFile: number };
  rois: { mpfc: RoiQc; precuneus: RoiQc };
  brainVoxels: number;
  nonFiniteVoxels: number;
  space: SpaceDecision;
  confoundColumns: string[];
  warnings: QcWarning[];
  /** Independent values left after regression and band-pass, and what took the rest. */
  degreesOfFreedom?: { regressors: number; confoundRank: number; scrubbed: number; scans: number; inBand: number; residual: number };
  /** Where the aCompCor regressors came from and which masks or columns were used. */
  acompcor?: AcompcorQc;
  /** The rotation units assumed for the motion parameters and why (code + params for the UI's language). */
  motionUnits?: { rotations: 'radians' | 'degrees'; basis: 'format' | 'detected' | 'option'; message: string; code?: MotionUnitsCode; params?: QcParams };
  /** Brain-mask voxels left out because their intensity was extreme (> 1000 × global). */
  extremeVoxels?: number;
  /** Per-volume series for the QC plots (FD, global signal, DVARS, flags) and the carpet layout (qc-series-types.ts). */
  series?: QcSeries;
}

/** Values a coded QC sentence is filled with (renderer/i18n: `qc.acompcor.<code>`, `qc.motionUnits.<code>`). */
export type QcParams = Record<string, string | number>;

/** Why the rotations were taken in the units shown (catalogue key `qc.motionUnits.<code>`). */
export type MotionUnitsCode = 'fmriprep' | 'preprocessing' | 'option-radians' | 'option-degrees' | 'detected-large' | 'detected-ratio' | 'detected-radians';

/**
 * Where aCompCor came from (catalogue key `qc.acompcor.<code>`): the user's masks, the bundled MNI
 * tissue maps, an fMRIPrep table's columns (params.set 'wm-csf' | 'combined', params.basis
 * 'sidecar' | 'version' | 'column-names'), or off (zero components, default disabled, masks too small).
 */
export type AcompcorQcCode = 'user-masks' | 'mni-tissue-maps' | 'confounds-file' | 'off-zero-components' | 'off-disabled' | 'off-masks-too-small';

export interface AcompcorQc {
  source: 'user-masks' | 'mni-tissue-maps' | 'confounds-file' | 'off';
  /** Plain words (English, for the CLI and logs): which masks (or fMRIPrep column set) and how many components each. */
  message: string;
  /** The same in code + params, translated by the app (absent in analyses stored before issue 11). */
  code?: AcompcorQcCode;
  params?: QcParams;
  /** Voxels of each eroded mask on the BOLD grid (masks only). */
  wmVoxels: number | null;
  csfVoxels: number | null;
  /** fMRIPrep column names used (confounds file only). */
  columns: string[];
}

export interface AnalysisProvenance {
  appVersion: string;
  startedAt: string;
  finishedAt: string;
  input: { path: string; sha256: string; header: NiftiHeaderSummary };
  confounds: { path: string; sha256: string; format: string } | null;
  masks: { wm: { path: string; sha256: string } | null; csf: { path: string; sha256: string } | null };
  settings: AnalysisSettings;
  /** SHA-256 of the canonical JSON of everything that changes the number (used to pool a site's patients). */
  settingsHash: string;
  steps: string[];
  /** DICOM or native-space input: what preprocessing did (registration metrics, motion); absent otherwise. */
  preprocessing?: PreprocessingSummary | null;
  /** The registration check PNG stored with the analysis (path relative to the data folder). */
  registrationImage?: { path: string; sha256: string } | null;
  /** The tSNR image and carpet plot stored with the analysis (paths relative to the data folder). */
  qcImages?: QcImages | null;
}

/**
 * The study's metric (CONN seed-to-voxel, the paper's "Z値（平均）"): the mean over the precuneus
 * ROI's voxels of the voxel-wise Fisher z with the mPFC seed, the seed taken from the unsmoothed
 * data and the voxel series from data smoothed `fwhmMm` (docs/denoising.md, "Two metrics").
 */
export interface SeedToVoxelMean {
  /** Mean over `voxels` of atanh(r(seed, smoothed voxel series)). */
  meanZ: number;
  /** Precuneus voxels averaged: the ROI's usable voxels inside the analysis (brain) mask. */
  voxels: number;
  /** Gaussian smoothing of the voxel series, FWHM in mm (CONN default 8). */
  fwhmMm: number;
}

export interface AnalysisResult {
  /** ROI-to-ROI: Pearson r of the cleaned mPFC and precuneus mean signals (unsmoothed data). */
  r: number;
  /** ROI-to-ROI Fisher z = atanh(r). */
  z: number;
  /**
   * Seed-to-voxel mean z in the precuneus (the study's metric); null when too few precuneus voxels
   * lie in the analysis mask; absent in results from before it existed.
   */
  seedToVoxel?: SeedToVoxelMean | null;
  /** Cleaned ROI mean signals (after regression and band-pass), for the plot. */
  signals: { mpfc: number[]; precuneus: number[]; trSeconds: number };
  qc: AnalysisQc;
  provenance: AnalysisProvenance;
}

/** Progress events posted by the worker. */
export interface AnalysisProgress {
  stage: AnalysisStage;
  /** 0..1 over the whole job. */
  fraction: number;
}

export type AnalysisStage =
  | 'hashing'
  | 'reading'
  | 'confounds'
  | 'outliers'
  | 'denoising'
  | 'seed-map'
  | 'writing';
