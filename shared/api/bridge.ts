/**
 * Builds the `window.krp` object from the contract. The Electron preload calls it with an
 * ipcRenderer transport; the e2e stand-in calls the very same function inside the page with a
 * Playwright binding transport, so both ends have exactly the same shape.
 */
import { EVENT_NAMES, METHOD_NAMES, type EventName, type KrpBridge } from '../api';
import { toBridgeError, type Envelope } from './envelope';

export interface BridgeTransport {
  /** Sends one call; resolves to its envelope (never rejects for a refused call). */
  invoke(method: string, args: unknown): Promise<Envelope>;
  /** Delivers every payload of `event` to `listener` until the returned function is called. */
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** One async function per contract method, grouped by namespace, plus `on(event, listener)`. */
export function buildBridge(transport: BridgeTransport): KrpBridge {
  const api: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    const [ns, verb] = method.split('.') as [string, string];
    const group = (api[ns] ??= {}) as Record<string, unknown>;
    group[verb] = async (args: unknown = {}) => {
      const envelope = await transport.invoke(method, args);
      if (envelope.ok) return envelope.value;
      throw toBridgeError(envelope.error);
    };
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!EVENT_NAMES.includes(event)) throw toBridgeError({ code: 'ipc.unknown-event', message: `Unknown event "${String(event)}".`, details: {} });
    if (typeof listener !== 'function') throw toBridgeError({ code: 'ipc.invalid-argument', message: 'on(event, listener): the listener must be a function.', details: {} });
    return transport.subscribe(event, listener);
  };
  return api as KrpBridge;
}
