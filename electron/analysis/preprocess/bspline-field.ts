/**
 * elastix's B-spline transform (BSplineTransform, cubic) as a function of position, evaluated here
 * from its transform parameter map — no transformix call: T(p) = p + Σ_k c_k β³(ξ(p) − k), where
 * ξ(p) is p's continuous index in the control-point grid (GridOrigin, GridSpacing, GridDirection) and
 * the coefficients c_k are listed all x first, then all y, then all z (x-fastest grid order).
 *
 * elastix works in LPS; `warpRas` takes and returns RAS+ millimetres. As in ITK, a point whose
 * 4×4×4 support reaches outside the control grid is not moved.
 */
import { KrpError } from '../../../shared/errors';
import type { Vec3Tuple } from '../../../shared/imaging/affine';
import type { Grid3 } from './resample';

export interface BsplineField {
  /** Control points per axis. */
  size: Vec3Tuple;
  /** LPS position (mm) of control point (0, 0, 0). */
  origin: Vec3Tuple;
  /** Control point spacing (mm) per grid axis. */
  spacing: Vec3Tuple;
  /** Grid axes in LPS, row-major 3×3 (world × index). */
  direction: number[];
  /** 3 × size[0]·size[1]·size[2] coefficients (mm, LPS): all x, then all y, then all z. */
  coefficients: Float64Array;
}

/** Largest control grid accepted from a parameter map (a 2 mm-spaced grid over a head is far below). */
const MAX_CONTROL_POINTS = 2_000_000;

function numbers(map: Record<string, string[]>, key: string, count: number | null): number[] {
  const values = (map[key] ?? []).map(Number);
  if ((count !== null && values.length !== count) || !values.every(Number.isFinite)) {
    throw new KrpError('registration.failed', `The nonlinear registration returned an unreadable ${key} (${values.length} values). Turn the nonlinear refinement off and analyse again; report it if it persists.`);
  }
  return values;
}

/** The B-spline field of one elastix transform parameter map (Transform "BSplineTransform", order 3). */
export function bsplineFromParameterMap(map: Record<string, string[]>): BsplineField {
  if (map.Transform?.[0] !== 'BSplineTransform') {
    throw new KrpError('registration.failed', `The nonlinear registration returned a ${map.Transform?.[0] ?? 'missing'} transform instead of a B-spline. Report it.`);
  }
  const order = map.BSplineTransformSplineOrder ? Number(map.BSplineTransformSplineOrder[0]) : 3;
  if (order !== 3) throw new KrpError('registration.failed', `B-spline order ${order} is not supported (3 is). Report it.`);
  const size = numbers(map, 'GridSize', 3) as Vec3Tuple;
  const index = numbers(map, 'GridIndex', 3);
  if (!size.every((n) => Number.isInteger(n) && n >= 4) || size[0] * size[1] * size[2] > MAX_CONTROL_POINTS || index.some((i) => i !== 0)) {
    throw new KrpError('registration.failed', `The nonlinear registration returned an unusable control grid (${size.join('×')}). Report it.`);
  }
  const spacing = numbers(map, 'GridSpacing', 3) as Vec3Tuple;
  if (!spacing.every((s) => s > 0)) throw new KrpError('registration.failed', 'The nonlinear registration returned a control grid with no spacing. Report it.');
  const origin = numbers(map, 'GridOrigin', 3) as Vec3Tuple;
  const direction = map.GridDirection ? numbers(map, 'GridDirection', 9) : [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const n = size[0] * size[1] * size[2];
  const coefficients = Float64Array.from(numbers(map, 'TransformParameters', 3 * n));
  // elastix writes GridDirection column-major (ITK's matrix in the parameter file is written per column).
  const d = [direction[0], direction[3], direction[6], direction[1], direction[4], direction[7], direction[2], direction[5], direction[8]];
  return { size, origin, spacing, direction: d, coefficients };
}

/** Cubic B-spline weights of the four control points from floor(ξ) − 1, for fractional part t. */
function weights(t: number, out: Float64Array, o: number): void {
  const s = 1 - t;
  out[o] = (s * s * s) / 6;
  out[o + 1] = (3 * t * t * t - 6 * t * t + 4) / 6;
  out[o + 2] = (-3 * t * t * t + 3 * t * t + 3 * t + 1) / 6;
  out[o + 3] = (t * t * t) / 6;
}

/** A reusable evaluator: RAS point → its displaced RAS point (p + displacement). */
export function bsplineWarp(field: BsplineField): (p: readonly number[], out: number[]) => void {
  const [nx, ny, nz] = field.size;
  const n = nx * ny * nz;
  const c = field.coefficients;
  const d = field.direction;
  // Inverse of the (orthonormal up to scale) direction: solve with the transpose after checking.
  const inv = invert3(d);
  const w = new Float64Array(12);
  const q = [0, 0, 0];
  const xi = [0, 0, 0];
  const start = [0, 0, 0];
  return (p, out) => {
    // RAS → LPS.
    q[0] = -p[0]; q[1] = -p[1]; q[2] = p[2];
    const r0 = q[0] - field.origin[0], r1 = q[1] - field.origin[1], r2 = q[2] - field.origin[2];
    xi[0] = (inv[0] * r0 + inv[1] * r1 + inv[2] * r2) / field.spacing[0];
    xi[1] = (inv[3] * r0 + inv[4] * r1 + inv[5] * r2) / field.spacing[1];
    xi[2] = (inv[6] * r0 + inv[7] * r1 + inv[8] * r2) / field.spacing[2];
    let inside = true;
    for (let a = 0; a < 3; a++) {
      start[a] = Math.floor(xi[a]) - 1;
      if (!(start[a] >= 0 && start[a] + 3 <= field.size[a] - 1)) inside = false;
      weights(xi[a] - Math.floor(xi[a]), w, a * 4);
    }
    let dx = 0, dy = 0, dz = 0;
    if (inside) {
      for (let k = 0; k < 4; k++) {
        const wz = w[8 + k];
        const bz = (start[2] + k) * nx * ny;
        for (let j = 0; j < 4; j++) {
          const wyz = w[4 + j] * wz;
          const b = bz + (start[1] + j) * nx + start[0];
          for (let i = 0; i < 4; i++) {
            const weight = w[i] * wyz;
            dx += weight * c[b + i];
            dy += weight * c[n + b + i];
            dz += weight * c[2 * n + b + i];
          }
        }
      }
    }
    // LPS displacement → RAS.
    out[0] = p[0] - dx;
    out[1] = p[1] - dy;
    out[2] = p[2] + dz;
  };
}

function invert3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  if (!(Math.abs(det) > 1e-9)) throw new KrpError('registration.failed', 'The nonlinear registration returned a degenerate control grid. Report it.');
  return [
    (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
    (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
    (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det,
  ];
}

/**
 * The deformation on a grid: for every voxel (x fastest), the RAS world position it is moved to
 * (3 float32 per voxel), plus the mean and largest displacement (mm) over the grid.
 */
export function deformationOnGrid(field: BsplineField, grid: Grid3): { positions: Float32Array; meanMm: number; maxMm: number } {
  const warp = bsplineWarp(field);
  const [nx, ny, nz] = grid.dims;
  const m = grid.affine;
  const positions = new Float32Array(nx * ny * nz * 3);
  const p = [0, 0, 0];
  const out = [0, 0, 0];
  let sum = 0, max = 0, o = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    p[0] = m[0] * i + m[1] * j + m[2] * k + m[3];
    p[1] = m[4] * i + m[5] * j + m[6] * k + m[7];
    p[2] = m[8] * i + m[9] * j + m[10] * k + m[11];
    warp(p, out);
    const length = Math.hypot(out[0] - p[0], out[1] - p[1], out[2] - p[2]);
    sum += length;
    if (length > max) max = length;
    positions[o++] = out[0]; positions[o++] = out[1]; positions[o++] = out[2];
  }
  return { positions, meanMm: sum / (nx * ny * nz), maxMm: max };
}
