/**
 * The receiving end of the contract, shared by the Electron IPC binding and the e2e stand-in
 * bridge: checks the sender, that the method exists and its argument parses, then calls the
 * handler; every outcome becomes an Envelope. A handler never sees an unparsed value.
 */
import { isMethodName, parseArgs, type MethodArgs, type MethodName, type MethodResult } from '../api';
import { KrpError, serializeError } from '../errors';
import type { Envelope } from './envelope';

/** One implementation per contract method (electron/services/api-handlers.ts builds them). */
export type ApiHandlers = {
  [M in MethodName]: (args: MethodArgs<M>) => MethodResult<M> | Promise<MethodResult<M>>;
};

export interface DispatchOptions {
  /** True when the frame URL that sent the call is the app's own page. */
  isTrustedSender(senderUrl: string | null): boolean;
  /** Sees every non-KrpError failure (for the log); the caller still gets an 'internal' envelope. */
  onInternalError?(method: string, error: unknown): void;
}

export type Dispatch = (method: unknown, args: unknown, senderUrl: string | null) => Promise<Envelope>;

/** Returns the function that serves one call: (method, raw args, sender frame URL) → Envelope. */
export function createDispatcher(handlers: ApiHandlers, options: DispatchOptions): Dispatch {
  return async (method, rawArgs, senderUrl) => {
    try {
      if (!options.isTrustedSender(senderUrl)) {
        throw new KrpError('ipc.untrusted-sender', `A call from ${senderUrl ?? 'an unknown frame'} was refused: only the app's own page may call it.`, { sender: String(senderUrl) });
      }
      if (!isMethodName(method)) {
        throw new KrpError('ipc.unknown-method', `There is no method "${String(method).slice(0, 80)}".`, { method: String(method).slice(0, 80) });
      }
      const args = parseArgs(method, rawArgs);
      const handler = handlers[method] as (a: typeof args) => unknown;
      const value = await handler(args);
      return { ok: true, value };
    } catch (error) {
      if (!(error instanceof KrpError)) options.onInternalError?.(String(method), error);
      return { ok: false, error: serializeError(error) };
    }
  };
}
