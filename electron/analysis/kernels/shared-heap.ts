/**
 * The analysis's WebAssembly memory: one *shared* memory (a SharedArrayBuffer underneath) that the
 * stream step's ingest kernel writes the kept series into, the seed map's kernel reads, and a
 * helper thread (parallel/) can work on at the same time. Regions are taken from it in order by a
 * bump allocator and never freed (the heap lives for one analysis).
 *
 * A shared memory's views stay valid when it grows (unlike an ordinary one, whose buffer is
 * detached), so a region handed out early — the volume buffer streamVolumes fills — can still be
 * used after the kept series was allocated behind it.
 */
import { KrpError } from '../../../shared/errors';

const PAGE = 65536;
/** 4 GiB: the most a 32-bit WebAssembly memory can address. */
export const MAX_HEAP_PAGES = 65536;

export interface HeapRegion { offset: number; bytes: number }

export class SharedHeap {
  readonly memory: WebAssembly.Memory;
  private end: number;

  private constructor(memory: WebAssembly.Memory, end: number) {
    this.memory = memory;
    this.end = end;
  }

  /** A new heap, or null where shared WebAssembly memory is unavailable. */
  static create(): SharedHeap | null {
    if (typeof WebAssembly !== 'object' || typeof SharedArrayBuffer !== 'function') return null;
    try {
      // Offset 0 is left unused (16 bytes), so no region starts at the null address.
      return new SharedHeap(new WebAssembly.Memory({ initial: 1, maximum: MAX_HEAP_PAGES, shared: true }), 16);
    } catch {
      return null;
    }
  }

  /** The heap another thread made (its memory, posted to this thread), for working on its regions. */
  static attach(memory: WebAssembly.Memory): SharedHeap {
    return new SharedHeap(memory, memory.buffer.byteLength);
  }

  /** A region of `bytes` bytes (16-byte aligned, zeroed: fresh memory is never reused). */
  alloc(bytes: number): HeapRegion {
    if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`SharedHeap.alloc: ${bytes} bytes`);
    const offset = align16(this.end);
    const end = offset + align16(bytes);
    const pages = Math.ceil(end / PAGE);
    if (pages > MAX_HEAP_PAGES) {
      throw new KrpError('analysis.too-large', 'The image is too large to analyse in memory (over 4 GB of in-brain data).');
    }
    const current = this.memory.buffer.byteLength / PAGE;
    if (pages > current) this.memory.grow(pages - current);
    this.end = end;
    return { offset, bytes };
  }

  f32(offset: number, length: number): Float32Array { return new Float32Array(this.memory.buffer, offset, length); }
  f64(offset: number, length: number): Float64Array { return new Float64Array(this.memory.buffer, offset, length); }
  i32(offset: number, length: number): Int32Array { return new Int32Array(this.memory.buffer, offset, length); }
  u16(offset: number, length: number): Uint16Array { return new Uint16Array(this.memory.buffer, offset, length); }
  u8(offset: number, length: number): Uint8Array { return new Uint8Array(this.memory.buffer, offset, length); }
}

export function align16(n: number): number {
  return Math.ceil(n / 16) * 16;
}
