/**
 * A very small runtime schema language for the IPC contract: each schema both validates an unknown
 * value (throwing a KrpError whose message names the method, the field and what is allowed) and
 * gives the TypeScript type of the value it accepts (`Infer<typeof schema>`). Objects are strict:
 * a key the schema does not name is refused, so nothing unexpected reaches a service.
 * Pure TypeScript: used by the preload, the main process, the renderer and the e2e stand-in.
 */
import { KrpError } from '../errors';

export interface Schema<T> {
  /** Returns the value (typed) or throws a KrpError `ipc.invalid-argument`; `path` names the field. */
  parse(value: unknown, path: string): T;
  /** Short English description of what is accepted, used in messages. */
  readonly describe: string;
  /** True for `optional(...)`: the key may be absent from its object. */
  readonly optional?: boolean;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

/** The one error for a refused argument; `path` is like `args.hads[3]`. */
export function invalidArgument(path: string, expected: string, got: unknown): KrpError {
  return new KrpError(
    'ipc.invalid-argument',
    `Invalid argument ${path}: expected ${expected}, got ${describeValue(got)}. Correct the value and try again.`,
    { field: path, expected },
  );
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 40 ? `a ${value.length}-character text` : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Text of `min`..`max` characters after trimming (the trimmed text is returned); optional RegExp. */
export function text(opts: { min?: number; max: number; pattern?: RegExp; patternHint?: string }): Schema<string> {
  const min = opts.min ?? 0;
  const describe = `text of ${min}–${opts.max} characters${opts.patternHint ? ` (${opts.patternHint})` : ''}`;
  return {
    describe,
    parse(value, path) {
      if (typeof value !== 'string') throw invalidArgument(path, describe, value);
      const trimmed = value.trim();
      // eslint-disable-next-line no-control-regex
      if (trimmed.length < min || trimmed.length > opts.max || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(trimmed)) {
        throw invalidArgument(path, describe, value);
      }
      if (opts.pattern && !opts.pattern.test(trimmed)) throw invalidArgument(path, describe, value);
      return trimmed;
    },
  };
}

/** A finite number in [min, max]; `integer` demands a whole number. */
export function number(opts: { min: number; max: number; integer?: boolean }): Schema<number> {
  const describe = `${opts.integer ? 'a whole number' : 'a number'} from ${opts.min} to ${opts.max}`;
  return {
    describe,
    parse(value, path) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < opts.min || value > opts.max ||
        (opts.integer && !Number.isInteger(value))) {
        throw invalidArgument(path, describe, value);
      }
      return value;
    },
  };
}

export function boolean(): Schema<boolean> {
  const describe = 'true or false';
  return {
    describe,
    parse(value, path) {
      if (typeof value !== 'boolean') throw invalidArgument(path, describe, value);
      return value;
    },
  };
}

/** One of a fixed list of strings. */
export function oneOf<const V extends readonly string[]>(values: V): Schema<V[number]> {
  const describe = `one of ${values.join(', ')}`;
  return {
    describe,
    parse(value, path) {
      if (typeof value !== 'string' || !values.includes(value)) throw invalidArgument(path, describe, value);
      return value as V[number];
    },
  };
}

/** A calendar date written YYYY-MM-DD that exists (no 2025-02-30). */
export function isoDate(): Schema<string> {
  const describe = 'a date written YYYY-MM-DD';
  return {
    describe,
    parse(value, path) {
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw invalidArgument(path, describe, value);
      const [y, m, d] = value.split('-').map(Number) as [number, number, number];
      const date = new Date(Date.UTC(y, m - 1, d));
      if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900 || y > 2200) {
        throw invalidArgument(path, describe, value);
      }
      return value;
    },
  };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  const describe = `${inner.describe}, or null`;
  return {
    describe,
    parse(value, path) {
      if (value === null) return null;
      try {
        return inner.parse(value, path);
      } catch (error) {
        // Say "…, or null" when the value itself (not a nested field) was refused.
        if (error instanceof KrpError && error.details.field === path) throw invalidArgument(path, describe, value);
        throw error;
      }
    },
  };
}

/** The key may be absent (or undefined) in its object. */
export function optional<T>(inner: Schema<T>): Schema<T | undefined> {
  return {
    describe: `${inner.describe} (optional)`,
    optional: true,
    parse(value, path) {
      return value === undefined ? undefined : inner.parse(value, path);
    },
  };
}

/** A list; `length` fixes its length exactly, otherwise at most `max` items. */
export function list<T>(item: Schema<T>, opts: { length?: number; max?: number }): Schema<T[]> {
  const describe = opts.length !== undefined ? `a list of exactly ${opts.length} items` : `a list of at most ${opts.max ?? 1000} items`;
  return {
    describe,
    parse(value, path) {
      if (!Array.isArray(value)) throw invalidArgument(path, describe, value);
      if (opts.length !== undefined ? value.length !== opts.length : value.length > (opts.max ?? 1000)) {
        throw invalidArgument(path, describe, value);
      }
      return value.map((v, i) => item.parse(v, `${path}[${i}]`));
    },
  };
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : undefined extends Infer<S[K]> ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
export type InferShape<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> };
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** A plain object with exactly these keys (optional ones may be missing); any other key is refused. */
export function object<S extends Shape>(shape: S): Schema<Flatten<InferShape<S>>> {
  const keys = Object.keys(shape);
  const describe = keys.length === 0 ? 'an empty object' : `an object with ${keys.join(', ')}`;
  return {
    describe,
    parse(value, path) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidArgument(path, describe, value);
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw invalidArgument(path, describe, value);
      for (const key of Object.keys(value)) {
        if (!Object.prototype.hasOwnProperty.call(shape, key)) {
          throw new KrpError('ipc.invalid-argument', `Invalid argument ${path}: unknown field "${key}". Remove it and try again.`, { field: `${path}.${key}`, expected: describe });
        }
      }
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const parsed = shape[key]!.parse((value as Record<string, unknown>)[key], `${path}.${key}`);
        if (parsed !== undefined) out[key] = parsed;
      }
      return out as Flatten<InferShape<S>>;
    },
  };
}
