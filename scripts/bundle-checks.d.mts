/** Types for scripts/bundle-checks.mjs. */
export const SANDBOX_PRELOAD_MODULES: readonly string[];
export const SANDBOX_ELECTRON_EXPORTS: readonly string[];
export const SANDBOX_PRELOAD_GLOBALS: readonly string[];
export function requireCalls(code: string): { literal: string[]; dynamic: number };
export function sandboxedPreloadProblems(code: string): string[];
export function rendererProblems(code: string): string[];
