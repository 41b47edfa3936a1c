/** Compiles WebAssembly text (with SIMD) to the module's bytes. */
export function compileWat(source: string, name: string): Buffer;
