/**
 * The seed map's matrix product in WebAssembly SIMD (seed-map-kernel.wat). The time-major data
 * lives in the module's own memory — load-bold writes it there directly, so it is never copied —
 * beside two small scratch areas: the block of coefficients C and Gᵀ in float32.
 *
 * Precision: float32 products and sums over ≤ a few hundred scans of offset-removed data (see
 * load-bold.ts) give coefficients to ~1e-6 relative, far below what a displayed z map needs. The
 * patient's ROI-to-ROI z is computed separately in float64.
 */
import { KrpError } from '../../../shared/errors';
import { finishBlock, unitSeed, type SeedMapInput } from '../steps/seed-map';
import { WASM_BASE64 } from './seed-map-kernel.wasm';

const BLOCK = 1024;
const PAGE = 65536;
const MAX_PAGES = 65536;

type Accumulate = (c: number, gT: number, d: number, K4: number, N: number, nbBytes: number, rowBytes: number, strideBytes: number) => void;

export class WasmSeedMap {
  private readonly memory: WebAssembly.Memory;
  private readonly accumulate: Accumulate;
  private readonly scans: number;
  private readonly maxK4: number;
  private readonly cOffset = 0;
  private readonly gOffset: number;
  private readonly dataOffset: number;
  private dataLength = 0;

  private constructor(memory: WebAssembly.Memory, accumulate: Accumulate, scans: number, maxK4: number, gOffset: number, dataOffset: number) {
    this.memory = memory;
    this.accumulate = accumulate;
    this.scans = scans;
    this.maxK4 = maxK4;
    this.gOffset = gOffset;
    this.dataOffset = dataOffset;
  }

  /** A workspace for `scans` scans, or null where WebAssembly SIMD is unavailable. */
  static create(scans: number): WasmSeedMap | null {
    const bytes = Buffer.from(WASM_BASE64, 'base64');
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return null;
    const maxK4 = Math.ceil(scans / 4) * 4 + 4;
    const cBytes = maxK4 * BLOCK * 4;
    const gOffset = align16(cBytes);
    const dataOffset = align16(gOffset + scans * maxK4 * 4);
    const memory = new WebAssembly.Memory({ initial: Math.ceil(dataOffset / PAGE) + 1, maximum: MAX_PAGES });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    return new WasmSeedMap(memory, instance.exports.accumulate as Accumulate, scans, maxK4, gOffset, dataOffset);
  }

  /** The storage for scans × V float32 values (plus padding the kernel may read past the end). */
  allocateData(length: number): Float32Array {
    const needed = this.dataOffset + (length + 8) * 4;
    const pages = Math.ceil(needed / PAGE);
    if (pages > MAX_PAGES) {
      throw new KrpError('analysis.too-large', 'The image is too large to analyse in memory (over 4 GB of in-brain data).');
    }
    const current = this.memory.buffer.byteLength / PAGE;
    if (pages > current) this.memory.grow(pages - current);
    this.dataLength = length;
    return new Float32Array(this.memory.buffer, this.dataOffset, length);
  }

  /** Fisher z per kept voxel, as seedMapZ in seed-map.ts, with `input.data` from allocateData. */
  compute(input: SeedMapInput): Float32Array {
    const seed = unitSeed(input.seedCoefficients);
    const z = new Float32Array(input.V).fill(NaN);
    this.eachBlock(input, (C, i0, nb) => finishBlock(C, BLOCK, input.G.rows, nb, seed, input.include, i0, z));
    return z;
  }

  /**
   * The cleaned coefficients G·d of every voxel written over the data itself (rows 0 … K−1 of
   * the time-major buffer, K ≤ scans): block by block, each block's columns are read in full
   * before its coefficients replace them. `data` holds coefficients afterwards, not series.
   */
  coefficientsInPlace(input: Omit<SeedMapInput, 'seedCoefficients' | 'include'>): void {
    const { V, data } = input;
    const K = input.G.rows;
    this.eachBlock(input, (C, i0, nb) => {
      for (let k = 0; k < K; k++) data.set(C.subarray(k * BLOCK, k * BLOCK + nb), k * V + i0);
    });
  }

  private eachBlock(input: Omit<SeedMapInput, 'seedCoefficients' | 'include'>, onBlock: (C: Float32Array, i0: number, nb: number) => void): void {
    const { scans: N, V, G } = input;
    if (N !== this.scans || input.data.buffer !== this.memory.buffer || input.data.length !== this.dataLength) {
      throw new Error('WasmSeedMap: data is not this workspace\'s');
    }
    const K = G.rows;
    const K4 = Math.ceil(K / 4) * 4;
    if (K4 > this.maxK4) throw new Error(`WasmSeedMap: ${K} coefficients exceed the workspace`);
    const heap = new Float32Array(this.memory.buffer);
    // Gᵀ, zero-padded to K4 columns.
    const gT = heap.subarray(this.gOffset / 4, this.gOffset / 4 + N * K4);
    gT.fill(0);
    for (let k = 0; k < K; k++) for (let t = 0; t < N; t++) gT[t * K4 + k] = G.data[k * N + t];
    const C = heap.subarray(this.cOffset / 4, this.cOffset / 4 + K4 * BLOCK);
    for (let i0 = 0; i0 < V; i0 += BLOCK) {
      if (input.signal?.aborted) throw new KrpError('analysis.cancelled', 'The analysis was cancelled.');
      const nb = Math.min(BLOCK, V - i0);
      const nbPadded = Math.ceil(nb / 4) * 4;
      C.fill(0);
      this.accumulate(this.cOffset, this.gOffset, this.dataOffset + i0 * 4, K4, N, nbPadded * 4, V * 4, BLOCK * 4);
      onBlock(C, i0, nb);
      input.onProgress?.(Math.min(1, (i0 + nb) / V));
    }
  }
}

function align16(n: number): number {
  return Math.ceil(n / 16) * 16;
}
