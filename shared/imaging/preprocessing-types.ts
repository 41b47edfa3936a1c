/**
 * In-app preprocessing (DICOM or native-space NIfTI → MNI) as data: its steps, progress and the
 * summary kept with the analysis. Shared by the worker, the CLI (--json "preprocessing") and the UI.
 */

/** The steps in CONN 17's default order (those that ran are listed in `stepsRun`). */
export type PreprocessStep =
  | 'convert' | 'realign' | 'slice-timing' | 'coregister' | 'normalize' | 'resample' | 'registration-qc';

export interface PreprocessProgress {
  step: PreprocessStep;
  /** 0..1 over the whole preprocessing (steps weighted by their usual duration). */
  fraction: number;
}

export interface PreprocessingSummary {
  input: 'dicom' | 'nifti';
  stepsRun: PreprocessStep[];
  /** Wall-clock seconds per step that ran. */
  durationsSeconds: Partial<Record<PreprocessStep, number>>;
  volumes: number;
  trSeconds: number;
  /** Voxel grid of the input EPI. */
  nativeGrid: { dims: [number, number, number]; voxelMm: [number, number, number] };
  sliceTiming: { applied: boolean; reason: string };
  realignment: {
    maxTranslationMm: number;
    maxRotationDeg: number;
    meanFdMm: number;
    maxFdMm: number;
  };
  registration: {
    /** 't1': EPI → T1 (rigid) then T1 → MNI (affine, skull-stripped); 'epi': EPI → EPI-contrast MNI reference. */
    via: 't1' | 'epi';
    /** Dice of the normalized mean EPI's own brain mask with the MNI brain mask, inside the field of view (gross failures). */
    agreement: number;
    /** Refusal threshold for `agreement`. */
    agreementThreshold: number;
    /**
     * Correlation ratio η² (0…1) of the normalized mean EPI with the MNI tissue classes (grey, white,
     * CSF, just outside the brain) inside the field of view: falls clearly for 3–10 mm errors. Absent
     * in summaries made before it existed; null when undefined.
     */
    tissueAgreement?: number | null;
    /** Below this the check asks for a look at the image (not a refusal). */
    tissueAgreementThreshold?: number;
    /**
     * The B-spline refinement after the affine normalization (a setting, off by default; T1 route
     * only): null or absent when it did not run; else the mean and largest displacement it applied on the MNI grid
     * (mm) and its duration (s).
     */
    nonlinear?: { meanDisplacementMm: number; maxDisplacementMm: number; seconds: number } | null;
    /** Whether the setting asked for it (it runs on the T1 route only: without a T1 it is not applied). */
    nonlinearRequested?: boolean;
    /** Fraction of the MNI brain inside the EPI's field of view. */
    brainCoverage: number;
    /** Fraction of each ROI inside the EPI's field of view (refused below roiCoverageThreshold). */
    roiCoverage: { mpfc: number; precuneus: number };
    roiCoverageThreshold: number;
    /** Correlation of the normalized image (T1 or EPI) with its own template, from the normalize step. */
    normalizationAgreement: number;
    /** T1 route only: fraction of the EPI inside the T1's field of view, and the EPI → T1 shift (mm). */
    t1Overlap: number | null;
    coregistrationShiftMm: number | null;
  };
  /** Per volume: the six realignment parameters (SPM rp: x, y, z mm; pitch, roll, yaw radians) and FD (mm, first 0), for the motion plot. */
  motion?: { parameters: number[][]; fdMm: number[] };
  /** The MNI grid the series was resampled to. */
  mniGrid: { dims: [number, number, number]; voxelMm: number };
}
