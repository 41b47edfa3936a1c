/**
 * Checking and summing questionnaire item arrays (index 0 = item 1). Shared by HADS and PCS.
 */
import { KrpError } from '../errors';

/**
 * Refuses an item array that is not `count` long or holds a value that is not an integer in
 * 0..max (null = unanswered is allowed). `scale` names the questionnaire in the message, `code`
 * prefixes the error code (e.g. `record.hads`).
 */
export function checkItems(items: readonly (number | null)[], count: number, max: number, scale: string, code: string): void {
  if (!Array.isArray(items) || items.length !== count) {
    throw new KrpError(`${code}-item-count`,
      `${scale} needs exactly ${count} item scores (use an empty value for an unanswered item); got ${Array.isArray(items) ? items.length : 'no list'}.`,
      { field: scale, expected: count });
  }
  items.forEach((value, index) => {
    if (value === null) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
      throw new KrpError(`${code}-item-out-of-range`,
        `${scale} item ${index + 1} is ${JSON.stringify(value)}: each item is a whole number from 0 to ${max} as printed on the form. Correct item ${index + 1}.`,
        { field: `${scale} item ${index + 1}`, item: index + 1, max });
    }
  });
}

/** Sum and count of the answered items among the given 1-based item numbers. */
export function sumItems(items: readonly (number | null)[], itemNumbers: readonly number[]): { sum: number; answered: number } {
  let sum = 0;
  let answered = 0;
  for (const n of itemNumbers) {
    const v = items[n - 1];
    if (v !== null && v !== undefined) { sum += v; answered += 1; }
  }
  return { sum, answered };
}

/**
 * Prorated scale score: the plain sum when every item is answered, else the mean of the answered
 * items × the number of items, rounded half up; null when more than `maxMissing` items are missing.
 */
export function proratedScore(sum: number, answered: number, itemCount: number, maxMissing: number): number | null {
  const missing = itemCount - answered;
  if (missing === 0) return sum;
  if (missing > maxMissing || answered === 0) return null;
  return Math.round((sum * itemCount) / answered);
}
