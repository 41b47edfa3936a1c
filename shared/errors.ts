/**
 * One error type for every refusal the user should read: bad input, impossible requests.
 * `code` is stable (dotted, e.g. `nifti.not-nifti`, `record.duplicate-hospital-id`) so the UI can
 * show its own translated text with `details`; `message` is a complete English sentence that says
 * what is wrong and what to do, used by the CLI and logs.
 */
export class KrpError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, string | number>>;

  constructor(code: string, message: string, details: Record<string, string | number> = {}) {
    super(message);
    this.name = 'KrpError';
    this.code = code;
    this.details = details;
  }
}

export function isKrpError(value: unknown): value is KrpError {
  return value instanceof KrpError ||
    (typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'KrpError' &&
      typeof (value as { code?: unknown }).code === 'string');
}

/** Plain-object form of an error for crossing a thread or IPC boundary. */
export interface SerializedError {
  code: string;
  message: string;
  details: Record<string, string | number>;
}

export function serializeError(error: unknown): SerializedError {
  if (isKrpError(error)) return { code: error.code, message: error.message, details: { ...error.details } };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Unexpected internal error: ${message}`, details: {} };
}

export function deserializeError(error: SerializedError): KrpError {
  return new KrpError(error.code, error.message, error.details);
}
