/**
 * A second thread for the analysis's work after the read (the seed map's coefficient product and
 * smoothing, one tissue's aCompCor), so that it runs on both cores. The thread is the analysis
 * worker's own script started in its helper role (helper-thread.ts), found as the analysis worker
 * is (defaultWorkerPath), and started when the analysis starts, so it has booted by the time the
 * read ends.
 *
 * It works on the analysis's shared WebAssembly memory. Stopping (at the end of the analysis, or at
 * once on cancel) sets a flag in that memory, which the helper checks between blocks, and
 * terminates the thread. A helper that never became ready (its script missing, a failed start) is
 * simply not used: the analysis thread does all the work. One that dies while working makes the
 * analysis fail as a dead worker does (worker-death.ts): the data it was writing in place can no
 * longer be trusted.
 */
import { Worker } from 'node:worker_threads';
import { KrpError, deserializeError } from '../../../shared/errors';
import { createWorker, defaultWorkerPath } from '../analysis-job';
import type { SharedHeap } from '../kernels/shared-heap';
import { workerDied } from '../worker-death';
import { HELPER_ROLE, type FromHelper, type HelperTask, type ToHelper } from './helper-protocol';
import type { TissueComponents } from '../steps/tissue-gram';

/** From this many voxels × volumes (64 MiB of float32) on, 'auto' starts a helper. */
export const HELPER_MIN_VALUES = 1 << 24;
/** Its heap holds a few MiB of indices and messages; the data stays in the shared memory. */
const HELPER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };

interface Pending { resolve: (tissue: TissueComponents | undefined) => void; reject: (error: Error) => void }

export class AnalysisHelper {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private ready = false;
  private dead: Error | null = null;
  private stopFlag: Int32Array | null = null;
  private readyWaiters: Array<(ready: boolean) => void> = [];

  private constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (message: FromHelper) => this.receive(message));
    worker.on('error', (error) => this.die(error));
    worker.on('exit', (code) => this.die(new Error(`the helper thread ended (exit code ${code})`)));
  }

  /** Starts the helper thread (it boots in the background); null when no thread can be started. */
  static start(workerPath: string = defaultWorkerPath()): AnalysisHelper | null {
    try {
      return new AnalysisHelper(createWorker(workerPath, HELPER_LIMITS, { role: HELPER_ROLE }));
    } catch {
      return null;
    }
  }

  /**
   * The helper for an analysis of `values` voxels × volumes working in `heap` (null: no WebAssembly,
   * no helper): started, attached, when `threads` is 2, or 'auto' and the image is large enough
   * (HELPER_MIN_VALUES) for the second thread to pay for its start.
   */
  static startFor(heap: SharedHeap | null, values: number, threads: 'auto' | 1 | 2, signal?: AbortSignal): AnalysisHelper | null {
    if (heap === null || threads === 1 || (threads === 'auto' && values < HELPER_MIN_VALUES)) return null;
    const helper = AnalysisHelper.start();
    helper?.attach(heap);
    // A cancel stops the helper at once, also while the analysis thread waits for one of its tasks.
    if (helper !== null) signal?.addEventListener('abort', () => helper.stop(), { once: true });
    return helper;
  }

  /** Gives the helper the analysis's memory; `heap` gets a 4-byte stop flag. */
  attach(heap: SharedHeap): void {
    const { offset } = heap.alloc(4);
    this.stopFlag = heap.i32(offset, 1);
    this.worker.postMessage({ type: 'attach', memory: heap.memory, stopOffset: offset } satisfies ToHelper);
  }

  /** Resolves true once the thread has booted, false if it died first. */
  whenReady(): Promise<boolean> {
    if (this.ready || this.dead !== null) return Promise.resolve(this.ready && this.dead === null);
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** True once the thread has booted and can take tasks (ask right before splitting work). */
  get usable(): boolean {
    return this.ready && this.dead === null && this.stopFlag !== null;
  }

  /**
   * Runs `task` in the helper; resolves when it is done (with a tissue task's components). Rejects
   * with the task's own error, or as a dead worker when the thread died. A rejection nobody awaits
   * (the analysis failed first) is not reported as unhandled.
   */
  run(task: HelperTask): Promise<TissueComponents | undefined> {
    const promise = new Promise<TissueComponents | undefined>((resolve, reject) => {
      if (this.dead !== null) { reject(workerDied(this.dead)); return; }
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'task', id, task } satisfies ToHelper);
    });
    promise.catch(() => undefined);
    return promise;
  }

  /** Stops whatever the helper is doing and ends the thread; tasks still running end as cancelled. */
  stop(): void {
    if (this.stopFlag !== null) Atomics.store(this.stopFlag, 0, 1);
    this.die(new Error('the helper thread was stopped'), new KrpError('analysis.cancelled', 'The analysis was cancelled.'));
    void this.worker.terminate();
  }

  private receive(message: FromHelper): void {
    if (message.type === 'ready') {
      this.ready = true;
      for (const resolve of this.readyWaiters.splice(0)) resolve(this.dead === null);
      return;
    }
    const waiting = this.pending.get(message.id);
    if (waiting === undefined) return;
    this.pending.delete(message.id);
    if (message.type === 'done') waiting.resolve(message.tissue);
    else waiting.reject(deserializeError(message.error));
  }

  private die(error: Error, pendingError: Error = workerDied(error)): void {
    if (this.dead !== null) return;
    this.dead = error;
    for (const resolve of this.readyWaiters.splice(0)) resolve(false);
    for (const { reject } of this.pending.values()) reject(pendingError);
    this.pending.clear();
  }
}
