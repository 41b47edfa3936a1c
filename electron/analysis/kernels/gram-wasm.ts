/**
 * aCompCor's N × N sums (shared/imaging/acompcor.ts, TissueGramBuilder) in WebAssembly SIMD
 * (gram-kernel.wat, f64x2: float64 throughout, only the order of the additions differs from the
 * TypeScript loop). The block and the sums live in the module's memory.
 */
import { GRAM_BLOCK, type GramStorage } from '../../../shared/imaging/acompcor';
import { kernelModule } from './kernel-module';
import { WASM_BASE64 } from './gram-kernel.wasm';

const PAGE = 65536;

type Gram = (y: number, g: number, n: number, rowBytes: number, countBytes: number, gRowBytes: number) => void;

/** Storage for `scans` scans, or null where WebAssembly SIMD is unavailable. */
export function wasmGramStorage(scans: number): GramStorage | null {
  const module = kernelModule(WASM_BASE64);
  if (module === null) return null;
  const n2 = scans + (scans & 1);
  const blockBytes = n2 * GRAM_BLOCK * 8;
  const gramBytes = n2 * n2 * 8;
  const memory = new WebAssembly.Memory({ initial: Math.ceil((blockBytes + gramBytes) / PAGE) + 1 });
  const gram = new WebAssembly.Instance(module, { env: { memory } }).exports.gram as Gram;
  return {
    block: new Float64Array(memory.buffer, 0, n2 * GRAM_BLOCK),
    gram: new Float64Array(memory.buffer, blockBytes, n2 * n2),
    accumulate: (countPadded) => gram(0, blockBytes, scans, GRAM_BLOCK * 8, countPadded * 8, n2 * 8),
  };
}
