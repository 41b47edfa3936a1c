/**
 * aCompCor's input for one noise tissue, read straight from the engine's float32 data
 * (load-bold.ts, time-major, offset-removed): a block of voxels at a time is gathered, detrended
 * and folded into the N × N sums (shared/imaging/acompcor.ts). Memory: one N × 128 float64 block
 * and the N × N sums, whatever the size of the mask.
 */
import { GRAM_BLOCK, TissueGramBuilder, type TissueGram } from '../../../shared/imaging/acompcor';
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
