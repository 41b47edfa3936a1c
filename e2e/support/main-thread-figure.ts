/**
 * The main-thread figure of an analysis in the UI: how long the page's main thread was blocked
 * (Long Tasks API entries) while the worker ran. A measured figure for the e2e output and
 * `npm run bench`, never a pass/fail: it depends on machine load, not on the code alone.
 */
export interface LongTask {
  start: number;
  duration: number;
}

export interface MainThreadFigure {
  /** Wall time from the click on Analyse to the end on screen, ms. */
  analysisMs: number;
  /** Long tasks (> 50 ms by the API's definition) that began in that window. */
  count: number;
  longestMs: number;
  blockedMs: number;
  /** blockedMs / analysisMs: the share of the analysis during which the page could not respond. */
  blockedShare: number;
}

/** Summarises the long tasks that began between `startedAt` and `endedAt` (page clock, ms). */
export function mainThreadFigure(tasks: readonly LongTask[], startedAt: number, endedAt: number): MainThreadFigure {
  const during = tasks.filter((t) => t.start >= startedAt && t.start < endedAt);
  const blockedMs = during.reduce((sum, t) => sum + t.duration, 0);
  const analysisMs = Math.max(0, endedAt - startedAt);
  return {
    analysisMs,
    count: during.length,
    longestMs: during.reduce((m, t) => Math.max(m, t.duration), 0),
    blockedMs,
    blockedShare: analysisMs > 0 ? blockedMs / analysisMs : 0,
  };
}

/** One line for a log: `main-thread blocks during the analysis: …`. */
export function describeFigure(f: MainThreadFigure): string {
  return `main-thread blocks during the analysis: ${f.count} long task(s), longest ${f.longestMs.toFixed(0)} ms, `
    + `${f.blockedMs.toFixed(0)} ms blocked of ${f.analysisMs.toFixed(0)} ms (${(100 * f.blockedShare).toFixed(1)} %)`;
}
