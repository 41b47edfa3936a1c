/**
 * The seed-to-voxel smoothing (preprocess/smooth.ts's separable Gaussian: same kernel, same edge
 * renormalisation) in WebAssembly SIMD (smooth-kernel.wat), for the K coefficient volumes of one
 * analysis: the workspace is made once per grid box and reused for every volume.
 *
 * Layout: x fastest, each x line stored with `half_x` zeros on both sides and padded to a multiple
 * of 4 floats (`stride`), so the x pass reads whole windows without bounds checks and the y and z
 * passes combine contiguous rows. Put values in with `index(x, y, z)` into `input`, call
 * `smooth()`, read the result at the same indices of the array it returns.
 *
 * Precision: float32 products and sums over ≤ 2·⌈4σ⌉ + 1 taps (≈ 1e-7 relative), where
 * smoothVolume sums in float64; the seed map's correlations do not see the difference.
 */
import type { Vec3Tuple } from '../../../shared/imaging/affine';
import { affineVoxelSizes } from '../../../shared/imaging/affine';
import { edgeScale, gaussianKernel, SIGMA_TO_FWHM } from '../preprocess/smooth';
import { kernelModule } from './kernel-module';
import { align16 } from './shared-heap';
import { WASM_BASE64 } from './smooth-kernel.wasm';

const PAGE = 65536;

type ConvolveLines = (src: number, dst: number, lines: number, strideBytes: number, outBytes: number, halfBytes: number, k: number, taps: number, scale: number) => void;
type ConvolveRows = (src: number, dst: number, n: number, rowBytes: number, outer: number, slabBytes: number, weights: number, half: number) => void;

/** n × taps: row i holds kernel[t] · scale[i] (the weights of output row i). */
function rowWeights(kernel: Float64Array, n: number): Float32Array {
  const taps = kernel.length;
  const scale = edgeScale(kernel, n);
  const w = new Float32Array(n * taps);
  for (let i = 0; i < n; i++) for (let t = 0; t < taps; t++) w[i * taps + t] = kernel[t] * scale[i];
  return w;
}

export class WasmSmoother {
  /** Values to smooth, in the padded layout (zero everywhere else; `clear()` before refilling). */
  readonly input: Float32Array;
  private readonly output: Float32Array;
  private readonly dims: Vec3Tuple;
  private readonly stride: number;
  private readonly halfX: number;
  private readonly run: () => void;

  private constructor(dims: Vec3Tuple, stride: number, halfX: number, input: Float32Array, output: Float32Array, run: () => void) {
    this.dims = dims;
    this.stride = stride;
    this.halfX = halfX;
    this.input = input;
    this.output = output;
    this.run = run;
  }

  /**
   * A workspace for volumes of `dims` on a grid with `affine` (voxel sizes from its columns),
   * FWHM in mm > 0; null where WebAssembly SIMD is unavailable.
   */
  static create(dims: Vec3Tuple, affine: readonly number[], fwhmMm: number): WasmSmoother | null {
    const module = fwhmMm > 0 ? kernelModule(WASM_BASE64) : null;
    if (module === null) return null;
    const sizes = affineVoxelSizes(affine);
    const kernels = [0, 1, 2].map((a) => gaussianKernel(fwhmMm / SIGMA_TO_FWHM / sizes[a]));
    const [nx, ny, nz] = dims;
    const halfX = (kernels[0].length - 1) / 2;
    const outX = Math.ceil(nx / 4) * 4;
    const stride = Math.ceil((outX + 2 * halfX) / 4) * 4;
    const volumeFloats = stride * ny * nz;
    const wy = rowWeights(kernels[1], ny);
    const wz = rowWeights(kernels[2], nz);
    const scaleX = new Float32Array(outX);
    scaleX.set(edgeScale(kernels[0], nx));
    const kx = Float32Array.from(kernels[0]);
    // Memory: two volumes, then the x kernel, x scale and the y and z weight tables.
    const aOffset = 0;
    const bOffset = aOffset + volumeFloats * 4;
    const kOffset = bOffset + volumeFloats * 4;
    const sOffset = kOffset + align16(kx.length * 4);
    const wyOffset = sOffset + scaleX.length * 4;
    const wzOffset = wyOffset + align16(wy.length * 4);
    const end = wzOffset + align16(wz.length * 4) + 16;
    const memory = new WebAssembly.Memory({ initial: Math.ceil(end / PAGE) });
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    const convolveLines = exports.convolveLines as ConvolveLines;
    const convolveRows = exports.convolveRows as ConvolveRows;
    const heap = new Float32Array(memory.buffer);
    heap.set(kx, kOffset / 4);
    heap.set(scaleX, sOffset / 4);
    heap.set(wy, wyOffset / 4);
    heap.set(wz, wzOffset / 4);
    const a = heap.subarray(aOffset / 4, aOffset / 4 + volumeFloats);
    const b = heap.subarray(bOffset / 4, bOffset / 4 + volumeFloats);
    const rowBytes = stride * 4;
    const run = () => {
      // x: A → B (B's padding: left never written, right written as 0 by the zero scale).
      convolveLines(aOffset, bOffset, ny * nz, rowBytes, outX * 4, halfX * 4, kOffset, kx.length, sOffset);
      // y: B → A, each z slab; z: A → B, one slab of whole planes.
      convolveRows(bOffset, aOffset, ny, rowBytes, nz, rowBytes * ny, wyOffset, (kernels[1].length - 1) / 2);
      convolveRows(aOffset, bOffset, nz, rowBytes * ny, 1, rowBytes * ny * nz, wzOffset, (kernels[2].length - 1) / 2);
    };
    return new WasmSmoother([nx, ny, nz], stride, halfX, a, b, run);
  }

  /** Position of voxel (x, y, z) of the box in `input` and in the result. */
  index(x: number, y: number, z: number): number {
    return (z * this.dims[1] + y) * this.stride + this.halfX + x;
  }

  /** Zeroes `input` (its padding must stay zero). */
  clear(): void {
    this.input.fill(0);
  }

  /** Smooths `input` (which it overwrites) and returns the result, valid until the next call. */
  smooth(): Float32Array {
    this.run();
    return this.output;
  }
}
