/**
 * The one border with @itk-wasm/elastix (elastix 5.2 compiled to WebAssembly): registers two
 * volumes and returns the transform as a RAS+ world→world 4×4 matrix (fixed → moving, the way
 * elastix maps points). Everything else in the pipeline works in RAS+; the LPS flip happens here.
 *
 * - elastix runs in a child thread of its own (elastix-thread.ts: loaded offline from node_modules
 *   by absolute path, never the browser entry whose default is a CDN), so cancel stops it at once.
 * - C++ exceptions reach JavaScript as a bare number: they become KrpError `registration.failed`.
 * - Parameter maps are written here (the package defaults, plus a fixed random seed so a run is
 *   repeatable); only the resulting parameters are used — resampling is done in TypeScript.
 */
import { KrpError } from '../../../shared/errors';
import { affineVoxelSizes, multiplyAffine } from '../../../shared/imaging/affine';
import { runElastix } from './elastix-thread';
import { resampleOnto } from './resample';
import type { Volume } from './volume';

export type RegistrationKind = 'rigid' | 'affine';

export interface RegisterOptions {
  kind: RegistrationKind;
  /** Resolution levels of the pyramid (default 3). */
  resolutions?: number;
  /** Iterations per level (default 256). */
  iterations?: number;
  /** Random samples per iteration (default 2048). */
  samples?: number;
  /**
   * A starting guess (RAS world→world, fixed → moving, 4×4 row-major) applied before the search;
   * the result includes it. Default identity.
   */
  initial?: number[];
  /** Parameter-map entries that replace the defaults (e.g. Metric, sampler), for experiments and special steps. */
  overrides?: Record<string, string[]>;
  signal?: AbortSignal;
  /** Called when elastix starts computing (tests cancel from here). */
  onStarted?: () => void;
}

export interface RegisterResult {
  /** RAS+ world (mm) of the fixed image → RAS+ world of the moving image, 4×4 row-major. */
  fixedToMoving: number[];
  /** The elastix parameters as found (for the record). */
  parameters: number[];
}

/** The RAS↔LPS flip (its own inverse). */
const FLIP = [-1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

interface ItkImage {
  imageType: { dimension: number; componentType: string; pixelType: string; components: number };
  name: string;
  origin: number[];
  spacing: number[];
  direction: Float64Array;
  size: number[];
  metadata: Map<string, unknown>;
  data: Float32Array;
}

/** A Volume as an itk-wasm image: spacing from the affine's column lengths, LPS origin and direction. */
export function toItkImage(volume: Volume): ItkImage {
  const lps = multiplyAffine(FLIP, volume.affine);
  const spacing = affineVoxelSizes(volume.affine);
  const direction = new Float64Array(9);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) direction[r * 3 + c] = lps[r * 4 + c] / spacing[c];
  return {
    imageType: { dimension: 3, componentType: 'float32', pixelType: 'Scalar', components: 1 },
    name: 'image',
    origin: [lps[3], lps[7], lps[11]],
    spacing: [...spacing],
    direction,
    size: [...volume.dims],
    metadata: new Map(),
    data: volume.data,
  };
}

/** The parameter map for one registration (elastix's defaults for the kind, fixed seed). */
export function parameterMap(options: RegisterOptions): Record<string, string[]> {
  return {
    AutomaticParameterEstimation: ['true'],
    AutomaticScalesEstimation: ['true'],
    CheckNumberOfSamples: ['true'],
    DefaultPixelValue: ['0'],
    FixedImagePyramid: ['FixedSmoothingImagePyramid'],
    MovingImagePyramid: ['MovingSmoothingImagePyramid'],
    ImageSampler: ['RandomCoordinate'],
    Interpolator: ['LinearInterpolator'],
    MaximumNumberOfIterations: [String(options.iterations ?? 256)],
    MaximumNumberOfSamplingAttempts: ['8'],
    Metric: ['AdvancedMattesMutualInformation'],
    NewSamplesEveryIteration: ['true'],
    NumberOfResolutions: [String(options.resolutions ?? 3)],
    NumberOfSamplesForExactGradient: ['4096'],
    NumberOfSpatialSamples: [String(options.samples ?? 2048)],
    Optimizer: ['AdaptiveStochasticGradientDescent'],
    Registration: ['MultiResolutionRegistration'],
    ResampleInterpolator: ['FinalLinearInterpolator'],
    Resampler: ['DefaultResampler'],
    ResultImageFormat: ['nii'],
    Transform: [options.kind === 'rigid' ? 'EulerTransform' : 'AffineTransform'],
    WriteIterationInfo: ['false'],
    WriteResultImage: ['false'],
    RandomSeed: ['121212'],
    ...options.overrides,
  };
}

/** ITK Euler3DTransform rotation (ZXY order: R = Rz · Rx · Ry), as elastix's EulerTransform uses it. */
export function eulerRotation(rx: number, ry: number, rz: number): number[] {
  const [cx, sx, cy, sy, cz, sz] = [Math.cos(rx), Math.sin(rx), Math.cos(ry), Math.sin(ry), Math.cos(rz), Math.sin(rz)];
  const X = [1, 0, 0, 0, cx, -sx, 0, sx, cx];
  const Y = [cy, 0, sy, 0, 1, 0, -sy, 0, cy];
  const Z = [cz, -sz, 0, sz, cz, 0, 0, 0, 1];
  return mul3(mul3(Z, X), Y);
}

function mul3(a: number[], b: number[]): number[] {
  const out = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) out[r * 3 + c] += a[r * 3 + k] * b[k * 3 + c];
  return out;
}

/**
 * One elastix transform parameter map → RAS world→world 4×4: p' = M (p − c) + c + t in LPS, then
 * flipped to RAS.
 */
export function transformFromParameterMap(map: Record<string, string[]>): number[] {
  const kind = map.Transform?.[0];
  const p = (map.TransformParameters ?? []).map(Number);
  const c = (map.CenterOfRotationPoint ?? ['0', '0', '0']).map(Number);
  let m: number[];
  let t: number[];
  if (kind === 'EulerTransform' && p.length === 6) {
    m = eulerRotation(p[0], p[1], p[2]);
    t = p.slice(3, 6);
  } else if (kind === 'AffineTransform' && p.length === 12) {
    m = p.slice(0, 9);
    t = p.slice(9, 12);
  } else {
    throw new KrpError('registration.failed', `The registration returned an unexpected transform (${kind ?? 'none'} with ${p.length} parameters). Try again; if it persists, report it.`);
  }
  if (![...m, ...t, ...c].every(Number.isFinite)) {
    throw new KrpError('registration.failed', 'The registration diverged (its transform is not finite). Check that both images show the same head.');
  }
  const lps = [
    m[0], m[1], m[2], 0, m[3], m[4], m[5], 0, m[6], m[7], m[8], 0, 0, 0, 0, 1,
  ];
  for (let r = 0; r < 3; r++) lps[r * 4 + 3] = c[r] + t[r] - (m[r * 3] * c[0] + m[r * 3 + 1] * c[1] + m[r * 3 + 2] * c[2]);
  return multiplyAffine(multiplyAffine(FLIP, lps), FLIP);
}

/**
 * Registers `moving` onto `fixed` (Mattes mutual information) and returns fixed-world → moving-world.
 * Throws KrpError registration.failed when elastix stops with an error, analysis.cancelled at once on cancel.
 */
export async function registerVolumes(fixed: Volume, moving: Volume, options: RegisterOptions): Promise<RegisterResult> {
  const cancelled = () => new KrpError('analysis.cancelled', 'The analysis was cancelled.');
  if (options.signal?.aborted) throw cancelled();
  const initial = options.initial ?? null;
  // A starting guess T0 (fixed → moving, any affine) is applied by resampling the moving image onto
  // the fixed grid through T0 first; what elastix then finds (T1) composes as T0 ∘ T1.
  const movingShifted: Volume = initial === null ? moving
    : resampleOnto(moving, { dims: fixed.dims, affine: fixed.affine }, initial);
  const map = parameterMap(options);
  const args = ['0', '0', '1', '2', '--memory-io', '--fixed', '1', '--moving', '2'];
  const produced = await runElastix({ maps: [map], fixed: toItkImage(fixed), moving: toItkImage(movingShifted), args }, options.signal, options.onStarted);
  if (produced.returnValue !== 0) {
    throw new KrpError('registration.failed', `The image registration failed: ${produced.stderr.trim().split('\n').slice(-2).join(' ') || `exit code ${produced.returnValue}`}. Check that both images show the same head and overlap.`);
  }
  const maps = produced.maps;
  if (!maps || maps.length === 0) throw new KrpError('registration.failed', 'The image registration returned no transform. Try again; if it persists, report it.');
  const found = transformFromParameterMap(maps[maps.length - 1]);
  return {
    fixedToMoving: initial === null ? found : multiplyAffine(initial, found),
    parameters: (maps[maps.length - 1].TransformParameters ?? []).map(Number),
  };
}
