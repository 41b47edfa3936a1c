/**
 * Realistic-looking head motion for a phantom: slow, small drifts of the six rigid-body
 * parameters (SPM rp order: mm, mm, mm, rad, rad, rad) and optional step "jumps".
 */
import { zeros, type Matrix } from '../../../shared/imaging/matrix';
import { compositeMotion } from '../../../shared/imaging/motion';
import type { Rng } from './rng';

/** Largest scan-to-scan composite motion (mm) allowed outside the planted jumps: below the conservative 0.5 mm. */
export const SMOOTH_MOTION_LIMIT_MM = 0.3;

/**
 * N × 6 smooth motion: each parameter a sum of three slow sinusoids (periods 40–200 s) with
 * amplitude ~0.3 mm / ~0.004 rad, scaled down if any scan-to-scan composite motion exceeds
 * SMOOTH_MOTION_LIMIT_MM. Then a persistent translation step of `jumpMm` along y at each jump scan.
 */
export function phantomMotion(volumes: number, trSeconds: number, jumpScans: number[], jumpMm: number, rng: Rng): Matrix {
  const m = zeros(volumes, 6);
  for (let j = 0; j < 6; j++) {
    const amplitude = j < 3 ? 0.3 : 0.004;
    for (let c = 0; c < 3; c++) {
      const period = 40 + 160 * rng.uniform();
      const phase = 2 * Math.PI * rng.uniform();
      const a = amplitude * (0.3 + 0.7 * rng.uniform()) / 2;
      for (let t = 0; t < volumes; t++) m.data[t * 6 + j] += a * Math.sin((2 * Math.PI * t * trSeconds) / period + phase);
    }
  }
  const worst = compositeMotion(m).reduce((a, b) => Math.max(a, b), 0);
  if (worst > SMOOTH_MOTION_LIMIT_MM) {
    const k = SMOOTH_MOTION_LIMIT_MM / worst;
    for (let i = 0; i < m.data.length; i++) m.data[i] *= k;
  }
  for (const s of jumpScans) for (let t = s; t < volumes; t++) m.data[t * 6 + 1] += jumpMm;
  return m;
}
