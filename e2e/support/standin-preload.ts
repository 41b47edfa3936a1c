/**
 * The e2e stand-in for electron/preload.ts, run inside the page before any app script: it builds
 * `window.krp` with the very same shared/api/bridge.ts, over a Playwright binding
 * (`__krpInvoke`, served by the real services in the test process) instead of ipcRenderer.
 * Events pushed by the test arrive through `__krpEmit(event, payload)`.
 * Bundled to an IIFE by standin-bridge.ts; never part of the app.
 */
import type { EventName } from '../../shared/api';
import { buildBridge } from '../../shared/api/bridge';
import type { Envelope } from '../../shared/api/envelope';

type Invoke = (method: string, args: unknown) => Promise<Envelope>;
const host = globalThis as unknown as { __krpInvoke: Invoke; __krpEmit?: (event: string, payload: unknown) => void; krp?: unknown };

const listeners = new Map<string, Set<(payload: unknown) => void>>();
const bridge = buildBridge({
  invoke: (method, args) => host.__krpInvoke(method, args),
  subscribe(event: EventName, listener) {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => { set.delete(listener); };
  },
});

// contextBridge exposes a frozen, read-only copy; mirror that.
const freeze = (o: object): void => { Object.freeze(o); for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) freeze(v); };
freeze(bridge);
Object.defineProperty(host, 'krp', { value: bridge, writable: false, configurable: false, enumerable: true });
Object.defineProperty(host, '__krpEmit', {
  value: (event: string, payload: unknown) => { for (const l of listeners.get(event) ?? []) l(payload); },
  writable: false, configurable: false,
});
