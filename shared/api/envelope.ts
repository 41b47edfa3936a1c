/**
 * What crosses the IPC boundary for one call: the result, or the refusal as plain data (Electron's
 * structured clone and contextBridge drop an Error's own fields, so errors travel as objects).
 */
import type { SerializedError } from '../errors';

export type Envelope = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** The error a bridge call rejects with: a plain object that `isKrpError` recognises. */
export interface BridgeError extends SerializedError {
  name: 'KrpError';
}

/** Turns an error envelope into the plain rejection value the renderer receives. */
export function toBridgeError(error: SerializedError): BridgeError {
  return { name: 'KrpError', code: error.code, message: error.message, details: { ...error.details } };
}
