/**
 * Rigid 4×4 world→world matrices in SPM's convention (spm_matrix / spm_imatrix, row-major here):
 * parameters [x, y, z, pitch, roll, yaw] give T·R1·R2·R3, with R1 about x, R2 about y, R3 about z
 * and SPM's signs (R1 = [1 0 0; 0 c s; 0 −s c], …).
 */
import type { RigidParameters } from './volume';

export function rigidMatrix(p: readonly number[]): number[] {
  const [tx, ty, tz, a, b, g] = p;
  const c1 = Math.cos(a), s1 = Math.sin(a), c2 = Math.cos(b), s2 = Math.sin(b), c3 = Math.cos(g), s3 = Math.sin(g);
  // R1·R2·R3 written out (rows).
  const r = [
    c2 * c3, c2 * s3, s2,
    -s1 * s2 * c3 - c1 * s3, -s1 * s2 * s3 + c1 * c3, s1 * c2,
    -c1 * s2 * c3 + s1 * s3, -c1 * s2 * s3 - s1 * c3, c1 * c2,
  ];
  return [r[0], r[1], r[2], tx, r[3], r[4], r[5], ty, r[6], r[7], r[8], tz, 0, 0, 0, 1];
}

/** The parameters of a rigid matrix (spm_imatrix without zooms or shears). */
export function rigidParameters(m: readonly number[]): RigidParameters {
  const clamp = (v: number) => Math.max(-1, Math.min(1, v));
  const roll = Math.asin(clamp(m[2]));
  let pitch: number;
  let yaw: number;
  if ((Math.abs(roll) - Math.PI / 2) ** 2 < 1e-9) {
    pitch = 0;
    yaw = Math.atan2(-m[4], -m[8] / m[2]);
  } else {
    const c = Math.cos(roll);
    pitch = Math.atan2(m[6] / c, m[10] / c);
    yaw = Math.atan2(m[1] / c, m[0] / c);
  }
  return [m[3], m[7], m[11], pitch, roll, yaw];
}
