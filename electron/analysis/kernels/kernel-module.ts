/**
 * A kernel's compiled WebAssembly module from its committed bytes (the base64 of a kernels/*.wasm.ts
 * file): compiled once per thread and reused for every instance; null where this engine cannot run
 * it (no WebAssembly, or no SIMD / shared memory, which the kernels use).
 */
const compiled = new Map<string, WebAssembly.Module | null>();

export function kernelModule(base64: string): WebAssembly.Module | null {
  let module = compiled.get(base64);
  if (module === undefined) {
    const bytes = Buffer.from(base64, 'base64');
    module = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    compiled.set(base64, module);
  }
  return module;
}
