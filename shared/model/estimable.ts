/**
 * The typed "cannot estimate" outcome: statistics on degenerate input (all z equal, n = 2, one
 * class only, zero residual variance...) return a reason instead of NaN or Infinity.
 */

export type CannotEstimateCode =
  | 'too-few-points'
  | 'all-z-equal'
  | 'all-outcomes-equal'
  | 'zero-residual-variance'
  | 'one-class-only'
  | 'non-finite-input'
  | 'constant-predictions';

export type CannotEstimate = {
  status: 'cannot-estimate';
  code: CannotEstimateCode;
  /** One English sentence: what is missing and what would make the estimate possible. */
  message: string;
};

export type Estimable<T> = { status: 'ok'; value: T } | CannotEstimate;

/** Wraps a computed value. */
export function ok<T>(value: T): Estimable<T> {
  return { status: 'ok', value };
}

/** A "cannot estimate" outcome with its reason. */
export function cannotEstimate(code: CannotEstimateCode, message: string): CannotEstimate {
  return { status: 'cannot-estimate', code, message };
}

/** The value, or null when it could not be estimated. */
export function valueOrNull<T>(result: Estimable<T>): T | null {
  return result.status === 'ok' ? result.value : null;
}

/** A "cannot estimate" for inputs containing NaN or ±Infinity, or undefined when all are finite. */
export function nonFiniteInput(values: ArrayLike<number>, what: string): CannotEstimate | undefined {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      return cannotEstimate('non-finite-input', `${what} ${i + 1} is ${values[i]}: only finite numbers can be used.`);
    }
  }
  return undefined;
}
