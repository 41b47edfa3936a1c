/**
 * The patient's z among the site's patients, as data for the strip plot on the imaging tab: the
 * other patients' z (the patient's own calibration point left out), a deterministic vertical
 * spread so equal values do not hide each other, and the patient's mid-rank percentile.
 */
import { percentileRank } from '../../shared/model/percentile';

export interface SiteDistribution {
  /** The other patients, x = z, y = spread in [−0.4, 0.4]. */
  others: { x: number; y: number }[];
  n: number;
  /** Mid-rank percentile (0–100) of the patient's z among the others; null when there are none. */
  percentile: number | null;
  min: number | null;
  max: number | null;
}

/** Golden-ratio spread: the i-th point's vertical offset, the same on every draw. */
export function spread(i: number): number {
  return (((i * 0.6180339887) % 1) - 0.5) * 0.8;
}

export function siteDistribution(points: readonly { patientId: string; z: number }[], patientId: number, z: number): SiteDistribution {
  const others = points.filter((p) => p.patientId !== String(patientId) && Number.isFinite(p.z));
  const zs = others.map((p) => p.z);
  return {
    others: zs.map((x, i) => ({ x, y: spread(i) })),
    n: zs.length,
    percentile: percentileRank(zs, z),
    min: zs.length ? Math.min(...zs) : null,
    max: zs.length ? Math.max(...zs) : null,
  };
}
