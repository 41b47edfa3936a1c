/**
 * Head-motion measures from realignment parameters. Motion is an N×6 Matrix, one row per scan:
 * translations x, y, z in mm, then rotations about x, y, z in radians (SPM rp_*.txt order; the
 * fMRIPrep trans_x…rot_z columns are the same order and units).
 */
import { zeros, type Matrix } from './matrix';

function checkMotion(motion: Matrix): void {
  if (motion.cols !== 6) throw new Error(`motion must have 6 columns (3 translations, 3 rotations), got ${motion.cols}`);
}

/**
 * CONN's first temporal derivative of each column: central difference with edge replication
 * (pad with the first and last rows), d_t = (m_{t+1} − m_{t−1}) / 2, so d_0 = (m_1 − m_0)/2 and
 * d_{N−1} = (m_{N−1} − m_{N−2})/2. Units per scan. Works for any number of columns.
 */
export function motionDerivatives(motion: Matrix): Matrix {
  const { rows: n, cols } = motion;
  const out = zeros(n, cols);
  for (let t = 0; t < n; t++) {
    const prev = Math.max(t - 1, 0);
    const next = Math.min(t + 1, n - 1);
    for (let j = 0; j < cols; j++) out.data[t * cols + j] = (motion.data[next * cols + j] - motion.data[prev * cols + j]) / 2;
  }
  return out;
}

/**
 * Framewise displacement (Power et al. 2012), mm per scan: FD_0 = 0,
 * FD_t = Σ|Δ translation| + radius·Σ|Δ rotation| (rotations in radians on a sphere of `radiusMm`).
 */
export function framewiseDisplacement(motion: Matrix, radiusMm = 50): Float64Array {
  checkMotion(motion);
  const n = motion.rows;
  const fd = new Float64Array(n);
  for (let t = 1; t < n; t++) {
    let s = 0;
    for (let j = 0; j < 6; j++) {
      const d = Math.abs(motion.data[t * 6 + j] - motion.data[(t - 1) * 6 + j]);
      s += j < 3 ? d : radiusMm * d;
    }
    fd[t] = s;
  }
  return fd;
}

/**
 * The rigid-body 4×4 (row-major) of SPM's spm_matrix for [tx, ty, tz (mm), pitch, roll, yaw (rad)]:
 * T · Rx(pitch) · Ry(roll) · Rz(yaw), with SPM's sign convention.
 */
export function rigidTransform(params6: ArrayLike<number>): number[] {
  const [tx, ty, tz, rx, ry, rz] = [0, 1, 2, 3, 4, 5].map((i) => params6[i]);
  const cx = Math.cos(rx), sx = Math.sin(rx);
  const cy = Math.cos(ry), sy = Math.sin(ry);
  const cz = Math.cos(rz), sz = Math.sin(rz);
  const R1 = [1, 0, 0, 0, cx, sx, 0, -sx, cx];
  const R2 = [cy, 0, sy, 0, 1, 0, -sy, 0, cy];
  const R3 = [cz, sz, 0, -sz, cz, 0, 0, 0, 1];
  const mul = (a: number[], b: number[]) => {
    const o = new Array<number>(9).fill(0);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) o[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j];
    return o;
  };
  const R = mul(mul(R1, R2), R3);
  return [R[0], R[1], R[2], tx, R[3], R[4], R[5], ty, R[6], R[7], R[8], tz, 0, 0, 0, 1];
}

/**
 * The points ART/CONN uses for its composite motion: the face centres of the box
 * x ±70, y −110…70, z −45…75 mm.
 */
export const COMPOSITE_MOTION_POINTS_MM: readonly (readonly [number, number, number])[] = [
  [70, -20, 15], [-70, -20, 15], [0, -110, 15], [0, 70, 15], [0, -20, -45], [0, -20, 75],
];

/**
 * ART/CONN scan-to-scan composite motion, mm: for each t ≥ 1 the largest distance, over the six
 * box face centres, between a point's positions under the rigid transforms of scans t−1 and t.
 * Element 0 is 0.
 */
export function compositeMotion(motion: Matrix): Float64Array {
  checkMotion(motion);
  const n = motion.rows;
  const out = new Float64Array(n);
  const place = (A: number[], p: readonly number[]) => [0, 1, 2].map((i) => A[i * 4] * p[0] + A[i * 4 + 1] * p[1] + A[i * 4 + 2] * p[2] + A[i * 4 + 3]);
  let prev = n > 0 ? rigidTransform(motion.data.subarray(0, 6)) : [];
  for (let t = 1; t < n; t++) {
    const cur = rigidTransform(motion.data.subarray(t * 6, t * 6 + 6));
    let worst = 0;
    for (const p of COMPOSITE_MOTION_POINTS_MM) {
      const a = place(prev, p);
      const b = place(cur, p);
      worst = Math.max(worst, Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]));
    }
    out[t] = worst;
    prev = cur;
  }
  return out;
}
