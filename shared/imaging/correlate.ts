/** Pearson correlation of two cleaned ROI signals and its Fisher z transform. */
import { KrpError } from '../errors';

/**
 * Pearson's r = Σxy / √(Σx² Σy²) after demeaning each series (unitless, −1…1).
 * Returns NaN when either series has no variance (fisherZ then refuses it).
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new Error(`pearson: ${n} x values but ${y.length} y values`);
  if (n === 0) return NaN;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i] - mx, b = y[i] - my;
    sxy += a * b; sxx += a * a; syy += b * b;
  }
  if (!(sxx > 0) || !(syy > 0)) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Fisher's z = atanh(r). |r| = 1 or NaN (a constant or identical signal) is a KrpError. */
export function fisherZ(r: number): number {
  if (!Number.isFinite(r) || Math.abs(r) >= 1) {
    throw new KrpError('analysis.degenerate-correlation',
      Number.isNaN(r)
        ? 'The cleaned mPFC or precuneus signal has no variation left after denoising, so their connectivity is undefined. Check that both regions lie in the brain and that not every scan was flagged as an outlier.'
        : `The cleaned mPFC and precuneus signals are perfectly ${r > 0 ? 'correlated' : 'anti-correlated'} (r = ${r}), which real data never is: the two regions probably cover the same voxels or the image is synthetic. Check the regions and the image.`,
      { r: String(r) });
  }
  return Math.atanh(r);
}
