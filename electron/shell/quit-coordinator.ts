/**
 * Clean shutdown: while the app runs, every write and every analysis registers here. On quit, new
 * work is refused, running analyses are asked to cancel, then the coordinator waits for every
 * pending write (and cancelled analysis) to settle before the database is closed.
 */
import { KrpError } from '../../shared/errors';

export interface Cancellable {
  cancel(): void;
}

export class QuitCoordinator {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly analyses = new Set<Cancellable>();
  private quitting = false;

  /** True once quit has begun. */
  get isQuitting(): boolean {
    return this.quitting;
  }

  /** Runs `work` as a tracked operation; refused with `app.quitting` once quit has begun. */
  track<T>(work: () => T | Promise<T>): Promise<T> {
    if (this.quitting) return Promise.reject(new KrpError('app.quitting', 'The app is closing; this action was not started. Open the app again to continue.'));
    const promise = Promise.resolve().then(work);
    this.pending.add(promise);
    const forget = () => { this.pending.delete(promise); };
    promise.then(forget, forget);
    return promise;
  }

  /** Registers a running analysis so quit can cancel it; returns the function that unregisters it. */
  registerAnalysis(job: Cancellable): () => void {
    this.analyses.add(job);
    return () => { this.analyses.delete(job); };
  }

  /** Number of operations not yet settled. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Begins quit: cancels running analyses, waits for pending work to settle (at most `timeoutMs`),
   * then runs `close` (e.g. closing the database). Resolves to whether everything settled in time.
   */
  async shutdown(close: () => void | Promise<void>, timeoutMs = 10_000): Promise<boolean> {
    this.quitting = true;
    for (const job of this.analyses) {
      try { job.cancel(); } catch { /* a job that cannot cancel still settles below */ }
    }
    let settledInTime = true;
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) { settledInTime = false; break; }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<'timeout'>((res) => { timer = setTimeout(() => res('timeout'), remaining); });
      const outcome = await Promise.race([Promise.allSettled([...this.pending]).then(() => 'settled' as const), timeout]);
      clearTimeout(timer);
      if (outcome === 'timeout') { settledInTime = false; break; }
    }
    await close();
    return settledInTime;
  }
}
