/**
 * aCompCor's input for one noise tissue, read straight from the engine's float32 data
 * (load-bold.ts, time-major, offset-removed): a block of voxels at a time is gathered, detrended
 * and folded into the N × N sums (shared/imaging/acompcor.ts). Memory: one N × 128 float64 block
 * and the N × N sums, whatever the size of the mask.
 */
import { GRAM_BLOCK, TissueGramBuilder, acompcorFromGram, type TissueGram } from '../../../shared/imaging/acompcor';
import type { Matrix } from '../../../shared/imaging/matrix';
import { wasmGramStorage } from '../kernels/gram-wasm';

/**
 * The TissueGram of the kept voxels `members` (kept positions) of `data` (scans × V); the products
 * in WebAssembly SIMD where available (`simd: false` forces the TypeScript loop).
 */
export function tissueGramFromData(data: Float32Array, scans: number, V: number, members: Int32Array, options: { simd?: boolean } = {}): TissueGram {
  const builder = new TissueGramBuilder(scans, options.simd === false ? undefined : wasmGramStorage(scans) ?? undefined);
  const block = builder.block;
  for (let m0 = 0; m0 < members.length; m0 += GRAM_BLOCK) {
    const count = Math.min(GRAM_BLOCK, members.length - m0);
    for (let t = 0; t < scans; t++) {
      const base = t * V;
      const row = t * GRAM_BLOCK;
      for (let v = 0; v < count; v++) block[row + v] = data[base + members[m0 + v]];
    }
    builder.add(count);
  }
  return builder.result();
}

/** One tissue's aCompCor regressors, or null when it has fewer usable voxels than components wanted. */
export interface TissueComponents {
  voxels: number;
  components: Matrix | null;
}

/** aCompCor (shared/imaging/acompcor.ts) of the kept voxels `members` of `data`: the Gram, then its components. */
export function tissueComponentsFromData(data: Float32Array, scans: number, V: number, members: Int32Array, nComponents: number): TissueComponents {
  if (members.length < nComponents || members.length === 0) return { voxels: members.length, components: null };
  const gram = tissueGramFromData(data, scans, V, members);
  return { voxels: gram.voxels, components: acompcorFromGram(gram, nComponents) };
}
