import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isKrpError } from '../../../shared/errors';
import { MAX_HEAP_PAGES, SharedHeap } from './shared-heap';

test('regions are 16-byte aligned, zeroed, disjoint, and early views stay valid when the heap grows', () => {
  const heap = SharedHeap.create();
  assert.ok(heap !== null, 'shared WebAssembly memory is available in this Node');
  const a = heap.alloc(10);
  const b = heap.alloc(3);
  assert.equal(a.offset % 16, 0);
  assert.equal(b.offset % 16, 0);
  assert.ok(b.offset >= a.offset + 10);
  const early = heap.f32(a.offset, 2);
  early[1] = 42.5;
  const big = heap.alloc(5 << 20); // grows the memory
  assert.ok(heap.memory.buffer.byteLength >= big.offset + (5 << 20));
  const view = heap.u8(big.offset, 5 << 20);
  assert.ok(view.every((v) => v === 0));
  early[0] = 7;
  assert.deepEqual(Array.from(heap.f32(a.offset, 2)), [7, 42.5], 'a view made before the growth still reads and writes the memory');
  const attached = SharedHeap.attach(heap.memory);
  assert.equal(attached.f32(a.offset, 2)[1], 42.5);
});

test('more than a 32-bit memory can hold is refused as too large, before anything is allocated', () => {
  const heap = SharedHeap.create()!;
  const before = heap.memory.buffer.byteLength;
  assert.throws(() => heap.alloc(MAX_HEAP_PAGES * 65536), (e: unknown) => isKrpError(e) && e.code === 'analysis.too-large');
  assert.equal(heap.memory.buffer.byteLength, before);
  assert.throws(() => heap.alloc(-1), RangeError);
});
