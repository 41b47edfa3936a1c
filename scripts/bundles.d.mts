/** Types for scripts/bundles.mjs (used by the boot tests). */
export const ROOT: string;
export interface BundleEntry { name: 'main' | 'preload' | 'worker' | 'cli'; in: string; out: string }
export const BUNDLES: BundleEntry[];
/** Builds the bundles into `outDir` (emptied first); resolves to the failures (empty when fine). */
export function buildBundles(outDir: string, options?: { only?: BundleEntry['name'][] | null; renderer?: boolean; production?: boolean }): Promise<string[]>;
