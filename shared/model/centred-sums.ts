/**
 * The two-pass sums every straight-line statistic here is built from (means first, then centred
 * cross-products: stable where one pass of raw sums would cancel), plus the raw squares the
 * degeneracy checks compare against.
 */
export interface CentredSums {
  n: number;
  meanX: number;
  meanY: number;
  /** Σ(x − x̄)², Σ(y − ȳ)², Σ(x − x̄)(y − ȳ). */
  sxx: number;
  syy: number;
  sxy: number;
  /** Σx², Σy². */
  sumX2: number;
  sumY2: number;
}

/** The sums of two equal-length series (the caller checks the lengths and n ≥ 1). */
export function centredSums(x: ArrayLike<number>, y: ArrayLike<number>): CentredSums {
  const n = x.length;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) { meanX += x[i]; meanY += y[i]; }
  meanX /= n;
  meanY /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let sumX2 = 0;
  let sumY2 = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
    sumX2 += x[i] * x[i];
    sumY2 += y[i] * y[i];
  }
  return { n, meanX, meanY, sxx, syy, sxy, sumX2, sumY2 };
}
