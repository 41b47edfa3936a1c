/**
 * load-bold.ts's per-volume work in WebAssembly SIMD (ingest-kernel.wat), in the analysis's shared
 * heap: the volume buffer streamVolumes fills, the mean-image sums, the kept voxels' bookkeeping
 * and — through the seed map's workspace — the kept series itself all live there, so a volume is
 * never copied between JavaScript and WebAssembly. The arithmetic is load-bold's TypeScript loop's,
 * operation for operation (same bits; ingest-wasm.test.ts compares them).
 */
import { NIFTI_DATATYPE_BYTES, type NiftiHeaderSummary } from '../../../shared/imaging/nifti-header';
import type { VoxelSums } from '../steps/voxel-stats';
import { float32ViewOf, volumeToFloat32 } from '../nifti/convert-voxels';
import { kernelModule } from './kernel-module';
import type { SharedHeap } from './shared-heap';
import type { WasmSeedMap } from './seed-map-wasm';
import { WASM_BASE64 } from './ingest-kernel.wasm';

type AddToMean = (vol: number, meanSum: number, count: number, n4: number) => void;
type Ingest = (vol: number, kept: number, offset: number, row: number, prevRow: number, sum: number, sumSq: number,
  min: number, max: number, nonFinite: number, inBrain: number, V4: number, first: number, out: number) => void;

/** The kept voxels' arrays, in the heap (views of length V; the kernel works on V rounded up to 4). */
interface KeptRegions {
  V: number;
  V4: number;
  kept: number;
  offset: number;
  sum: number;
  sumSq: number;
  min: number;
  max: number;
  nonFinite: number;
  inBrain: number;
  out: number;
}

export class WasmIngest {
  /** The buffer streamVolumes fills with each volume's stored bytes. */
  readonly volumeBuffer: Uint8Array;
  private readonly series: WasmSeedMap;
  private readonly heap: SharedHeap;
  private readonly addToMeanKernel: AddToMean;
  private readonly ingestKernel: Ingest;
  private readonly header: Pick<NiftiHeaderSummary, 'datatype' | 'littleEndian' | 'sclSlope' | 'sclInter'>;
  private readonly nVoxels: number;
  private readonly n4: number;
  /** Where the float32 values are: the volume buffer itself (native float32) or a converted copy. */
  private readonly valuesOffset: number;
  private readonly converted: Float32Array | null;
  private readonly meanSumOffset: number;
  private readonly countOffset: number;
  private regions: KeptRegions | null = null;

  private constructor(module: WebAssembly.Module, series: WasmSeedMap, header: NiftiHeaderSummary, nVoxels: number) {
    const heap = series.heap;
    this.series = series;
    this.heap = heap;
    this.header = header;
    this.nVoxels = nVoxels;
    this.n4 = Math.ceil(nVoxels / 4) * 4;
    const exports = new WebAssembly.Instance(module, { env: { memory: heap.memory } }).exports;
    this.addToMeanKernel = exports.addToMean as AddToMean;
    this.ingestKernel = exports.ingest as Ingest;
    const volumeBytes = nVoxels * NIFTI_DATATYPE_BYTES[header.datatype];
    // At least n4 floats, so the kernels' last 4-voxel group reads zeros, never the next region.
    const volume = heap.alloc(Math.max(volumeBytes, this.n4 * 4));
    this.volumeBuffer = heap.u8(volume.offset, volumeBytes);
    if (float32ViewOf(this.volumeBuffer, header, nVoxels) !== null) {
      this.valuesOffset = volume.offset;
      this.converted = null;
    } else {
      this.valuesOffset = heap.alloc(this.n4 * 4).offset;
      this.converted = heap.f32(this.valuesOffset, nVoxels);
    }
    this.meanSumOffset = heap.alloc(this.n4 * 8).offset;
    this.countOffset = heap.alloc(this.n4 * 2).offset;
  }

  /**
   * The ingest for volumes of `header` into `series` (whose heap holds everything), or null where
   * WebAssembly SIMD is unavailable.
   */
  static create(series: WasmSeedMap, header: NiftiHeaderSummary): WasmIngest | null {
    const module = kernelModule(WASM_BASE64);
    if (module === null) return null;
    const [nx, ny, nz] = header.dims;
    return new WasmIngest(module, series, header, nx * ny * nz);
  }

  /** The current volume's float32 values (converting them when they are not native float32). */
  values(): Float32Array {
    if (this.converted !== null) volumeToFloat32(this.volumeBuffer, this.header, this.converted);
    return this.heap.f32(this.valuesOffset, this.nVoxels);
  }

  /** Adds the current volume to the mean-image sums (non-finite values counted instead). */
  addToMean(): void {
    this.addToMeanKernel(this.valuesOffset, this.meanSumOffset, this.countOffset, this.n4);
  }

  /** Σ of each voxel's finite values and its count of non-finite ones, so far. */
  meanSums(): { sum: Float64Array; nonFiniteCount: Uint16Array } {
    return { sum: this.heap.f64(this.meanSumOffset, this.nVoxels), nonFiniteCount: this.heap.u16(this.countOffset, this.nVoxels) };
  }

  /**
   * Makes the kept voxels' arrays once the first volume decided them: `kept` grid indices, their
   * first-volume `offset` and brain flags are copied in; the series (`scans` × V) is allocated as
   * the seed map's data.
   */
  keep(kept: Int32Array, offset: Float32Array, inBrain: Uint8Array, scans: number): { data: Float32Array; offset: Float32Array; sums: VoxelSums; nonFinite: Uint8Array; inBrain: Uint8Array } {
    const V = kept.length;
    const data = this.series.allocateData(scans * V);
    const V4 = Math.ceil(V / 4) * 4;
    const at = (bytes: number) => this.heap.alloc(bytes).offset;
    const r: KeptRegions = {
      V, V4, kept: at(V4 * 4), offset: at(V4 * 4), sum: at(V4 * 8), sumSq: at(V4 * 8), min: at(V4 * 4), max: at(V4 * 4),
      nonFinite: at(V4), inBrain: at(V4), out: at(16),
    };
    this.heap.i32(r.kept, V).set(kept);
    this.heap.f32(r.offset, V).set(offset);
    this.heap.u8(r.inBrain, V).set(inBrain);
    this.heap.f32(r.min, V4).fill(Infinity);
    this.heap.f32(r.max, V4).fill(-Infinity);
    this.regions = r;
    return {
      data,
      offset: this.heap.f32(r.offset, V),
      sums: { sum: this.heap.f64(r.sum, V), sumSq: this.heap.f64(r.sumSq, V), min: this.heap.f32(r.min, V), max: this.heap.f32(r.max, V) },
      nonFinite: this.heap.u8(r.nonFinite, V),
      inBrain: this.heap.u8(r.inBrain, V),
    };
  }

  /**
   * Stores scan `s` of the kept voxels into the series (its data row s) and updates their sums;
   * returns the scan's brain sums (Σ d and Σ (d − previous d)² over the in-brain kept voxels).
   */
  ingest(s: number): { brainSum: number; brainDiffSquares: number } {
    const r = this.regions;
    if (r === null) throw new Error('WasmIngest: keep() first');
    const { dataOffset } = this.series.layout();
    const row = dataOffset + s * r.V * 4;
    this.ingestKernel(this.valuesOffset, r.kept, r.offset, row, row - r.V * 4, r.sum, r.sumSq, r.min, r.max, r.nonFinite, r.inBrain, r.V4, s === 0 ? 1 : 0, r.out);
    const out = this.heap.f64(r.out, 2);
    return { brainSum: out[0], brainDiffSquares: out[1] };
  }
}
