// What each built bundle may assume about its runtime, checked on the bundle itself after esbuild
// wrote it (scripts/bundles.mjs fails the build on any problem):
//   preload   Electron's sandboxed preload: a polyfilled `require` that loads only `electron`,
//             `events`, `timers`, `url` (also with `node:`); globals Buffer, process,
//             clearImmediate, setImmediate (plus `global`, `exports`, `module`). No __filename,
//             __dirname, import.meta, dynamic require, fs or any other Node module.
//   renderer  a web page (ES module): no require at all, no __filename/__dirname.
// Main, worker and CLI run in Node and are not restricted here.

/** Modules the sandboxed preload's polyfilled require can load (Electron docs, "Process Sandboxing"). */
export const SANDBOX_PRELOAD_MODULES = Object.freeze(['electron', 'events', 'timers', 'url', 'node:events', 'node:timers', 'node:url']);

/** The renderer-process modules `require('electron')` offers in a sandboxed preload. */
export const SANDBOX_ELECTRON_EXPORTS = Object.freeze(['contextBridge', 'crashReporter', 'ipcRenderer', 'nativeImage', 'webFrame', 'webUtils']);

/** Globals the sandboxed preload gets besides the web page's own. */
export const SANDBOX_PRELOAD_GLOBALS = Object.freeze(['require', 'process', 'Buffer', 'global', 'setImmediate', 'clearImmediate', 'exports', 'module']);

const NODE_ONLY_FREE_NAMES = ['__filename', '__dirname', 'import.meta', 'import_meta_url'];

/** Every `require(...)` in `code`: literal module names, and whether any call is not a literal. */
export function requireCalls(code) {
  const literal = [];
  let dynamic = 0;
  for (const match of code.matchAll(/(?<![\w$.])require\s*\(\s*([^)]*?)\s*\)/g)) {
    const arg = match[1];
    const quoted = /^(["'`])([^"'`]+)\1$/.exec(arg);
    if (quoted) literal.push(quoted[2]);
    else dynamic += 1;
  }
  return { literal, dynamic };
}

/** Problems that would stop `code` from running as Electron's sandboxed preload; empty when fine. */
export function sandboxedPreloadProblems(code) {
  const problems = [];
  const { literal, dynamic } = requireCalls(code);
  for (const name of new Set(literal)) {
    if (!SANDBOX_PRELOAD_MODULES.includes(name)) problems.push(`require("${name}"): the sandboxed preload can only require ${SANDBOX_PRELOAD_MODULES.join(', ')}`);
  }
  if (dynamic > 0) problems.push(`${dynamic} require() call(s) with a computed module name: the sandbox cannot load them`);
  for (const name of NODE_ONLY_FREE_NAMES) {
    if (code.includes(name)) problems.push(`uses ${name}, which a sandboxed preload does not have`);
  }
  return problems;
}

/** Problems that would stop `code` from running as a plain web page (the sandboxed renderer). */
export function rendererProblems(code) {
  const problems = [];
  const { literal, dynamic } = requireCalls(code);
  for (const name of new Set(literal)) problems.push(`require("${name}"): the renderer has no require`);
  if (dynamic > 0) problems.push(`${dynamic} require() call(s): the renderer has no require`);
  // import.meta is fine here: the renderer is an ES module page.
  for (const name of ['__filename', '__dirname', 'import_meta_url']) {
    if (code.includes(name)) problems.push(`uses ${name}, which a web page does not have`);
  }
  return problems;
}
