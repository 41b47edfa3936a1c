/**
 * Meaning checks of the record's inputs (ranges, formats, dates not in the future). Each refusal is
 * a KrpError with a `record.*` code, `details.field` naming the field, and a message saying what
 * is wrong and what to do. The IPC layer checks shapes; these run again in the store regardless.
 */
import { KrpError } from '../../../shared/errors';
import { isInFuture, parseInstant, type ParsedInstant } from '../../../shared/record/dates';
import { SEXES, type Sex } from '../../../shared/record/types';
import { checkTextValue } from '../../../shared/input/identifier';

/** Refuses with code `record.invalid-<kind>` naming `field`. */
export function refuse(kind: string, field: string, message: string, extra: Record<string, string | number> = {}): never {
  throw new KrpError(`record.${kind}`, message, { field, ...extra });
}

/** A finite number in [min, max] (inclusive), else KrpError; `unit` is for the message. */
export function checkNumber(value: unknown, field: string, min: number, max: number, unit = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    refuse('not-a-number', field, `${field} must be a number${unit ? ` in ${unit}` : ''}; got ${JSON.stringify(value) ?? String(value)}. Enter a number.`);
  }
  if (value < min || value > max) {
    refuse('out-of-range', field, `${field} is ${value}${unit ? ` ${unit}` : ''}: it must be between ${min} and ${max}${unit ? ` ${unit}` : ''}. Check the value and its unit.`, { min, max });
  }
  return value;
}

/** A whole number in [min, max]. */
export function checkInteger(value: unknown, field: string, min: number, max: number): number {
  const n = checkNumber(value, field, min, max);
  if (!Number.isInteger(n)) refuse('out-of-range', field, `${field} is ${n}: it must be a whole number from ${min} to ${max}.`, { min, max });
  return n;
}

/** A row id that is a positive whole number. */
export function checkId(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    refuse('invalid-id', field, `${field} must be the id of an existing record; got ${JSON.stringify(value) ?? String(value)}.`);
  }
  return value;
}

/** Trimmed text of at most `max` characters; empty allowed unless `required`. */
export function checkText(value: unknown, field: string, max: number, required = false): string {
  if (typeof value !== 'string') refuse('invalid-text', field, `${field} must be text.`);
  const text = value.trim();
  if (required && text.length === 0) refuse('missing-field', field, `${field} is required. Enter it before saving.`);
  if (text.length > max) refuse('text-too-long', field, `${field} is ${text.length} characters long; at most ${max} are allowed.`, { max });
  return text;
}

/** True/false/null (not yet checked). */
export function checkFlag(value: unknown, field: string): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'boolean') refuse('invalid-flag', field, `${field} must be yes, no or not yet checked.`);
  return value;
}

export function checkSex(value: unknown): Sex {
  if (value === undefined) return 'unknown';
  if (!SEXES.includes(value as Sex)) refuse('invalid-sex', 'sex', `Sex must be one of ${SEXES.join(', ')}; got ${JSON.stringify(value)}.`);
  return value as Sex;
}

/**
 * A date or date-time (per `form`) that is a real calendar day and not after now.
 * `form`: 'date' = YYYY-MM-DD only, 'datetime' = date-time only, 'either'.
 */
export function checkInstant(value: unknown, field: string, form: 'date' | 'datetime' | 'either', nowMs: number): ParsedInstant {
  const expected = form === 'date' ? 'a date YYYY-MM-DD' : form === 'datetime' ? 'a date and time YYYY-MM-DDTHH:MM' : 'a date YYYY-MM-DD or date and time YYYY-MM-DDTHH:MM';
  const parsed = typeof value === 'string' ? parseInstant(value) : null;
  if (!parsed || (form === 'date' && parsed.kind !== 'date') || (form === 'datetime' && parsed.kind !== 'datetime')) {
    refuse('invalid-date', field, `${field} must be ${expected} (a real calendar day); got ${JSON.stringify(value) ?? String(value)}.`);
  }
  if (isInFuture(parsed, nowMs)) {
    refuse('date-in-future', field, `${field} ${String(value)} is in the future. Enter the date it actually happened.`);
  }
  return parsed;
}

/** 64 lowercase hex digits (SHA-256). */
export function checkSha256(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value)) {
    refuse('invalid-hash', field, `${field} must be a SHA-256 as 64 lowercase hex digits.`);
  }
  return value;
}

/** A deletion reason: required text. */
export function checkReason(value: unknown): string {
  return checkCleanText(value, 'Deletion reason', 500, { required: true });
}

const TEXT_PROBLEM_WORDS: Record<string, string> = {
  'control-character': 'a control character',
  'line-break': 'a line break (this field is a single line)',
  'bidi-control': 'a text-direction control character (it can make the value look different from what is stored)',
  'invisible-character': 'an invisible character (it makes look-alike values differ)',
  'lone-surrogate': 'a broken character (lone surrogate)',
};

/**
 * Text a clinician types (identifiers, names, notes, reasons): NFKC-normalized and trimmed by the
 * shared rules (shared/input), refusing control, bidi, invisible and broken characters by name.
 */
export function checkCleanText(value: unknown, field: string, max: number, options: { required?: boolean; multiline?: boolean } = {}): string {
  if (typeof value !== 'string') refuse('invalid-text', field, `${field} must be text.`);
  const checked = checkTextValue(value, { maxLength: max, required: options.required, multiline: options.multiline });
  if (checked.ok) return checked.value;
  if (checked.problem === 'empty') refuse('missing-field', field, `${field} is required. Enter it before saving.`);
  if (checked.problem === 'too-long') refuse('text-too-long', field, `${field} is longer than ${max} characters. Shorten it.`, { max });
  refuse(checked.problem, field, `${field} contains ${TEXT_PROBLEM_WORDS[checked.problem]} (${checked.codePoint}). Remove it and type the value again.`,
    { codePoint: checked.codePoint ?? '' });
}

/** The reason for a correction or removal: required, one line of at most 500 characters. */
export function checkCorrectionReason(value: unknown, field = 'Reason for the correction'): string {
  return checkCleanText(value, field, 500, { required: true });
}
