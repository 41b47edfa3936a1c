/** The renderer's only door to the world: `window.krp`, exposed by the preload (or the e2e stand-in). */
import type { KrpBridge } from '../shared/api';

declare global {
  interface Window {
    krp?: KrpBridge;
  }
}

/** The bridge; throws when the page runs without a preload (opened outside the app). */
export function krp(): KrpBridge {
  if (!window.krp) throw new Error('window.krp is missing');
  return window.krp;
}
