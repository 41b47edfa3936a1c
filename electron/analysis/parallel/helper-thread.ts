/**
 * The helper thread's side (helper-protocol.ts): it attaches to the analysis's shared memory and
 * runs the tasks it is given — each with the same code the analysis thread runs for its own share,
 * so one thread or two give the same bits. It checks the analysis's stop flag between blocks and
 * rows; a task that fails is reported (the analysis then fails with that error).
 */
import type { MessagePort } from 'node:worker_threads';
import { serializeError } from '../../../shared/errors';
import { KrpError } from '../../../shared/errors';
import { SharedHeap } from '../kernels/shared-heap';
import { WasmSeedMap } from '../kernels/seed-map-wasm';
import { WasmSmoother } from '../kernels/smooth-wasm';
import { smoothCoefficientRows } from '../steps/seed-to-voxel';
import { tissueComponentsFromData } from '../steps/tissue-gram';
import type { FromHelper, HelperTask, ToHelper } from './helper-protocol';

export function serveAnalysisHelper(port: MessagePort): void {
  let heap: SharedHeap | null = null;
  let stopFlag: Int32Array | null = null;
  const stopped = () => stopFlag !== null && Atomics.load(stopFlag, 0) !== 0;
  const post = (message: FromHelper) => port.postMessage(message);

  port.on('message', (message: ToHelper) => {
    if (message.type === 'attach') {
      heap = SharedHeap.attach(message.memory);
      stopFlag = heap.i32(message.stopOffset, 1);
      return;
    }
    const { id, task } = message;
    try {
      if (heap === null) throw new Error('the helper thread has no memory to work on');
      const tissue = runTask(heap, task, stopped);
      if (stopped()) throw new KrpError('analysis.cancelled', 'The analysis was cancelled.');
      post(tissue === undefined ? { type: 'done', id } : { type: 'done', id, tissue });
    } catch (error) {
      post({ type: 'failed', id, error: serializeError(error) });
    }
  });
  post({ type: 'ready' });
}

function runTask(heap: SharedHeap, task: HelperTask, stopped: () => boolean) {
  const { layout, V } = task;
  const data = heap.f32(layout.dataOffset, layout.dataLength);
  switch (task.type) {
    case 'tissue':
      return tissueComponentsFromData(data, layout.scans, V, task.members, task.components);
    case 'coefficients':
      WasmSeedMap.attach(heap, layout, task.K).coefficientBlocks(V, task.share, { stopped });
      return undefined;
    case 'smooth': {
      const smoother = WasmSmoother.create(task.box, task.affine, task.fwhmMm);
      if (smoother === null) throw new Error('WebAssembly SIMD is not available in the helper thread');
      smoothCoefficientRows(data, V, task.at, smoother, { first: task.first, step: task.step, K: task.K }, stopped);
      return undefined;
    }
  }
}
