/**
 * 4×4 voxel→world affines (row-major, millimetres), and the NIfTI quaternion form (nifti1.h).
 * Pure: no Node, no DOM.
 */
import type { Affine } from './nifti-header';

export type Vec3Tuple = [number, number, number];

/** The 4×4 identity, row-major. */
export function identityAffine(): number[] {
  return [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
}

/** a · b for row-major 4×4 matrices (apply b first, then a). */
export function multiplyAffine(a: Affine, b: Affine): number[] {
  const out = new Array<number>(16).fill(0);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[i * 4 + k] * b[k * 4 + j];
      out[i * 4 + j] = s;
    }
  }
  return out;
}

/** The inverse of a 4×4 affine (last row 0 0 0 1). Throws when the 3×3 part is singular. */
export function invertAffine(m: Affine): number[] {
  const [a, b, c, tx, d, e, f, ty, g, h, k, tz] = m;
  const A = e * k - f * h;
  const B = -(d * k - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) throw new Error('invertAffine: the affine is singular');
  const inv = [
    A / det, -(b * k - c * h) / det, (b * f - c * e) / det,
    B / det, (a * k - c * g) / det, -(a * f - c * d) / det,
    C / det, -(a * h - b * g) / det, (a * e - b * d) / det,
  ];
  const out = new Array<number>(16).fill(0);
  for (let i = 0; i < 3; i++) {
    out[i * 4] = inv[i * 3];
    out[i * 4 + 1] = inv[i * 3 + 1];
    out[i * 4 + 2] = inv[i * 3 + 2];
    out[i * 4 + 3] = -(inv[i * 3] * tx + inv[i * 3 + 1] * ty + inv[i * 3 + 2] * tz);
  }
  out[15] = 1;
  return out;
}

/** World coordinates (mm) of voxel indices (i, j, k) (fractional allowed): affine · [i j k 1]. */
export function applyAffine(m: Affine, p: readonly [number, number, number]): Vec3Tuple {
  const [i, j, k] = p;
  return [
    m[0] * i + m[1] * j + m[2] * k + m[3],
    m[4] * i + m[5] * j + m[6] * k + m[7],
    m[8] * i + m[9] * j + m[10] * k + m[11],
  ];
}

/** Length (mm) of each voxel axis: the norms of the affine's first three columns. */
export function affineVoxelSizes(m: Affine): Vec3Tuple {
  const col = (j: number) => Math.hypot(m[j], m[4 + j], m[8 + j]);
  return [col(0), col(1), col(2)];
}

/**
 * The qform affine from the NIfTI quaternion (nifti1.h, method 2): R(b, c, d) with a = √(1−b²−c²−d²),
 * columns scaled by the voxel sizes pixdim (mm; non-positive → 1 as in nifti1_io), the third negated
 * when qfac (pixdim[0]) is −1 (0 counts as 1), translated by qoffset (mm).
 */
export function quaternionToAffine(
  b: number, c: number, d: number,
  qoffset: readonly [number, number, number],
  pixdim: readonly [number, number, number],
  qfac: number,
): number[] {
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    // Special case from nifti1_io: a 180° rotation; renormalise (b, c, d).
    const s = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= s; c *= s; d *= s;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  const xd = pixdim[0] > 0 ? pixdim[0] : 1;
  const yd = pixdim[1] > 0 ? pixdim[1] : 1;
  let zd = pixdim[2] > 0 ? pixdim[2] : 1;
  if (qfac < 0) zd = -zd;
  return [
    (a * a + b * b - c * c - d * d) * xd, 2 * (b * c - a * d) * yd, 2 * (b * d + a * c) * zd, qoffset[0],
    2 * (b * c + a * d) * xd, (a * a + c * c - b * b - d * d) * yd, 2 * (c * d - a * b) * zd, qoffset[1],
    2 * (b * d - a * c) * xd, 2 * (c * d + a * b) * yd, (a * a + d * d - c * c - b * b) * zd, qoffset[2],
    0, 0, 0, 1,
  ];
}

export interface QuaternionForm {
  b: number;
  c: number;
  d: number;
  qoffset: Vec3Tuple;
  pixdim: Vec3Tuple;
  qfac: 1 | -1;
}

/**
 * The quaternion form of an affine whose 3×3 part is a rotation times positive column scaling
 * (columns orthogonal within `tolerance`, relative), or null when it is not (shear): the inverse of
 * quaternionToAffine (nifti_mat44_to_quatern for the orthogonal case).
 */
export function affineToQuaternion(m: Affine, tolerance = 1e-4): QuaternionForm | null {
  const sizes = affineVoxelSizes(m);
  if (sizes.some((s) => !(s > 0) || !Number.isFinite(s))) return null;
  // Normalised columns r[:, j].
  const r = [0, 1, 2].map((row) => [0, 1, 2].map((j) => m[row * 4 + j] / sizes[j]));
  for (let p = 0; p < 3; p++) {
    for (let q = p + 1; q < 3; q++) {
      const dot = r[0][p] * r[0][q] + r[1][p] * r[1][q] + r[2][p] * r[2][q];
      if (Math.abs(dot) > tolerance) return null;
    }
  }
  const det =
    r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) -
    r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0]) +
    r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
  let qfac: 1 | -1 = 1;
  if (det < 0) {
    qfac = -1;
    for (let row = 0; row < 3; row++) r[row][2] = -r[row][2];
  }
  const [r11, r12, r13] = r[0];
  const [r21, r22, r23] = r[1];
  const [r31, r32, r33] = r[2];
  let a = r11 + r22 + r33 + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) { b = -b; c = -c; d = -d; }
  }
  return { b, c, d, qoffset: [m[3], m[7], m[11]], pixdim: sizes, qfac };
}

/**
 * True when every column of the 3×3 part has exactly one non-zero entry (within `tolerance` mm
 * relative to the column length): voxel axes run along world axes (possibly flipped or permuted).
 */
export function isAxisAligned(m: Affine, tolerance = 1e-3): boolean {
  const sizes = affineVoxelSizes(m);
  const rowsUsed = new Set<number>();
  for (let j = 0; j < 3; j++) {
    if (!(sizes[j] > 0)) return false;
    let dominant = -1;
    for (let row = 0; row < 3; row++) {
      const v = Math.abs(m[row * 4 + j]) / sizes[j];
      if (v > 1 - tolerance) dominant = row;
      else if (v > tolerance) return false;
    }
    if (dominant < 0 || rowsUsed.has(dominant)) return false;
    rowsUsed.add(dominant);
  }
  return true;
}
