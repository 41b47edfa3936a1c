/**
 * The seed map's matrix product in WebAssembly SIMD (seed-map-kernel.wat). The time-major data
 * lives in the analysis's shared memory (shared-heap.ts) — the ingest kernel writes it there
 * directly, so it is never copied — beside Gᵀ in float32 and one block of coefficients C per
 * thread ("slot"): the product can run in two threads at once, each on its own voxel blocks
 * (parallel/), which read the same Gᵀ and write disjoint columns of the data.
 *
 * Precision: float32 products and sums over ≤ a few hundred scans of offset-removed data (see
 * load-bold.ts) give coefficients to ~1e-6 relative, far below what a displayed z map needs. The
 * patient's ROI-to-ROI z is computed separately in float64. Each block's sums run in the same order
 * whichever thread runs it, so one thread or two give the same bits.
 */
import { KrpError } from '../../../shared/errors';
import type { Matrix } from '../../../shared/imaging/matrix';
import { finishBlock, unitSeed, type SeedMapInput } from '../steps/seed-map';
import { kernelModule } from './kernel-module';
import { SharedHeap } from './shared-heap';
import { WASM_BASE64 } from './seed-map-kernel.wasm';

const BLOCK = 1024;
/** Threads that can run the product at once (each has its own block of C). */
export const SEED_MAP_SLOTS = 2;

type Accumulate = (c: number, gT: number, d: number, K4: number, N: number, nbBytes: number, rowBytes: number, strideBytes: number) => void;

/** Where a WasmSeedMap's regions are in its heap: all another thread needs to attach to it. */
export interface SeedMapLayout {
  scans: number;
  maxK4: number;
  cOffsets: number[];
  gOffset: number;
  dataOffset: number;
  dataLength: number;
}

/** Which of `count` contiguous shares of the voxel blocks to compute, with which C block. */
export interface BlockShare { index: number; count: number; slot: number }

export class WasmSeedMap {
  readonly heap: SharedHeap;
  private readonly accumulate: Accumulate;
  private readonly layoutNow: SeedMapLayout;
  private preparedK = -1;

  private constructor(module: WebAssembly.Module, heap: SharedHeap, layout: SeedMapLayout) {
    this.heap = heap;
    this.layoutNow = layout;
    this.accumulate = new WebAssembly.Instance(module, { env: { memory: heap.memory } }).exports.accumulate as Accumulate;
  }

  /** A workspace for `scans` scans in `heap` (a new one by default), or null where WebAssembly SIMD or shared memory is unavailable. */
  static create(scans: number, heap: SharedHeap | null = SharedHeap.create()): WasmSeedMap | null {
    const module = kernelModule(WASM_BASE64);
    if (heap === null || module === null) return null;
    const maxK4 = Math.ceil(scans / 4) * 4 + 4;
    const cOffsets = Array.from({ length: SEED_MAP_SLOTS }, () => heap.alloc(maxK4 * BLOCK * 4).offset);
    const gOffset = heap.alloc(scans * maxK4 * 4).offset;
    return new WasmSeedMap(module, heap, { scans, maxK4, cOffsets, gOffset, dataOffset: 0, dataLength: 0 });
  }

  /** The workspace another thread made, in its heap (attached here), to run a share of the product. */
  static attach(heap: SharedHeap, layout: SeedMapLayout, preparedK: number): WasmSeedMap {
    const module = kernelModule(WASM_BASE64);
    if (module === null) throw new Error('WebAssembly SIMD is not available in this thread');
    const map = new WasmSeedMap(module, heap, { ...layout, cOffsets: [...layout.cOffsets] });
    map.preparedK = preparedK;
    return map;
  }

  layout(): SeedMapLayout {
    return { ...this.layoutNow, cOffsets: [...this.layoutNow.cOffsets] };
  }

  /** The storage for scans × V float32 values (plus padding the kernels may touch past the end). */
  allocateData(length: number): Float32Array {
    if (this.layoutNow.dataLength > 0) throw new Error('WasmSeedMap: data already allocated');
    const { offset } = this.heap.alloc((length + 8) * 4);
    this.layoutNow.dataOffset = offset;
    this.layoutNow.dataLength = length;
    return this.data();
  }

  /** The data (a view of this thread's). */
  data(): Float32Array {
    return this.heap.f32(this.layoutNow.dataOffset, this.layoutNow.dataLength);
  }

  /** Fisher z per kept voxel, as seedMapZ in seed-map.ts, with `input.data` from allocateData. */
  compute(input: SeedMapInput): Float32Array {
    const seed = unitSeed(input.seedCoefficients);
    const z = new Float32Array(input.V).fill(NaN);
    this.checkData(input.data, input.scans);
    this.prepare(input.G);
    this.eachBlock(input.V, input.G.rows, { index: 0, count: 1, slot: 0 }, input, (C, i0, nb) => finishBlock(C, BLOCK, input.G.rows, nb, seed, input.include, i0, z));
    return z;
  }

  /** Writes Gᵀ (zero-padded to a multiple of 4 coefficients) for coefficientBlocks, in any thread. */
  prepare(G: Matrix): void {
    const { scans: N, maxK4, gOffset } = this.layoutNow;
    const K = G.rows;
    const K4 = Math.ceil(K / 4) * 4;
    if (G.cols !== N) throw new Error(`WasmSeedMap: G has ${G.cols} columns for ${N} scans`);
    if (K4 > maxK4) throw new Error(`WasmSeedMap: ${K} coefficients exceed the workspace`);
    const gT = this.heap.f32(gOffset, N * maxK4);
    gT.fill(0);
    for (let k = 0; k < K; k++) for (let t = 0; t < N; t++) gT[t * K4 + k] = G.data[k * N + t];
    this.preparedK = K;
  }

  /**
   * The cleaned coefficients G·d of the share's voxels written over the data itself (rows 0 … K−1
   * of the time-major buffer, K ≤ scans): block by block, each block's columns are read in full
   * before its coefficients replace them. Those columns hold coefficients afterwards, not series.
   * `prepare(G)` must have run (in any thread).
   */
  coefficientBlocks(V: number, share: BlockShare, hooks: { signal?: AbortSignal; stopped?: () => boolean; onProgress?: (f: number) => void } = {}): void {
    const K = this.preparedK;
    if (K < 0) throw new Error('WasmSeedMap: prepare(G) first');
    const data = this.data();
    this.eachBlock(V, K, share, hooks, (C, i0, nb) => {
      for (let k = 0; k < K; k++) data.set(C.subarray(k * BLOCK, k * BLOCK + nb), k * V + i0);
    });
  }

  private checkData(data: Float32Array, scans: number): void {
    const { dataOffset, dataLength } = this.layoutNow;
    if (scans !== this.layoutNow.scans || data.byteOffset !== dataOffset || data.length !== dataLength || !(data.buffer instanceof SharedArrayBuffer)) {
      throw new Error('WasmSeedMap: data is not this workspace\'s');
    }
  }

  private eachBlock(V: number, K: number, share: BlockShare, hooks: { signal?: AbortSignal; stopped?: () => boolean; onProgress?: (f: number) => void },
    onBlock: (C: Float32Array, i0: number, nb: number) => void): void {
    const { scans: N, dataOffset, cOffsets, gOffset } = this.layoutNow;
    if (N * V > this.layoutNow.dataLength) throw new Error('WasmSeedMap: data is not this workspace\'s');
    const K4 = Math.ceil(K / 4) * 4;
    const cOffset = cOffsets[share.slot];
    const C = this.heap.f32(cOffset, K4 * BLOCK);
    const blocks = Math.ceil(V / BLOCK);
    const first = Math.floor((blocks * share.index) / share.count);
    const last = Math.floor((blocks * (share.index + 1)) / share.count);
    for (let b = first; b < last; b++) {
      if (hooks.signal?.aborted || hooks.stopped?.()) throw new KrpError('analysis.cancelled', 'The analysis was cancelled.');
      const i0 = b * BLOCK;
      const nb = Math.min(BLOCK, V - i0);
      const nbPadded = Math.ceil(nb / 4) * 4;
      C.fill(0);
      this.accumulate(cOffset, gOffset, dataOffset + i0 * 4, K4, N, nbPadded * 4, V * 4, BLOCK * 4);
      onBlock(C, i0, nb);
      hooks.onProgress?.((b + 1 - first) / Math.max(1, last - first));
    }
  }
}
