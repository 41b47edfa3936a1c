/**
 * The in-memory images the preprocessing steps hand each other (DICOM conversion → realignment →
 * slice timing → coregistration → normalization → resampling → smoothing). Plain data, so each
 * step is a pure function that can be tested alone against planted truth.
 *
 * Conventions (the same as the NIfTI reader and the denoising steps):
 * - voxel order x fastest, then y, then z (NIfTI order); values float32 after scaling;
 * - `affine` is the 4×4 voxel→world matrix, row-major, world = RAS+ millimetres (NIfTI sform/qform),
 *   as shared/imaging/affine.ts uses it. itk-wasm/elastix images are LPS: convert at that border only.
 */
import type { Vec3Tuple } from '../../../shared/imaging/affine';

/** One 3D image. */
export interface Volume {
  dims: Vec3Tuple;
  /** voxel (i, j, k) → world (x, y, z) in mm, RAS+, row-major 4×4. */
  affine: number[];
  data: Float32Array;
}

/** A 4D series on one grid: one Float32Array per volume (each dims[0]·dims[1]·dims[2] long). */
export interface Series {
  dims: Vec3Tuple;
  affine: number[];
  volumes: Float32Array[];
  /** Repetition time in seconds. */
  tr: number;
}

/**
 * Rigid motion of one volume relative to the reference, in SPM's rp_*.txt convention:
 * [x, y, z] translations in mm, then [pitch, roll, yaw] rotations in radians about x, y, z.
 */
export type RigidParameters = [number, number, number, number, number, number];

/** What the BIDS sidecar of a converted BOLD series says that preprocessing uses. */
export interface BoldTiming {
  /** Repetition time in seconds. */
  repetitionTime: number;
  /** Acquisition time of each slice (along the slice axis, in slice order), seconds from volume start. */
  sliceTiming: number[] | null;
  /** BIDS PhaseEncodingDirection, e.g. "j-", or null when unknown. */
  phaseEncodingDirection: string | null;
}
