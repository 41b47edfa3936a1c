/**
 * The analyses running in the main process as the renderer sees them: one entry per patient,
 * fed by the contract's `analysis.progress` / `analysis.finished` events (which carry the patient)
 * and by the jobId `imaging.analyze` returned. Lives outside React so a job keeps its progress
 * when the user switches tabs or screens; components read it with `useAnalysisJob`.
 */
import { useSyncExternalStore } from 'react';
import type { AnalysisJobEnd, AnalysisJobProgress, PreprocessingFindings } from '../../shared/api-imaging';
import type { AnalysisStage } from '../../shared/imaging/analysis-types';
import type { PreprocessStep } from '../../shared/imaging/preprocessing-types';
import type { KrpBridge } from '../../shared/api';

export type JobView =
  | { status: 'running'; jobId: string; stage: AnalysisStage | null; step: PreprocessStep | null; fraction: number; cancelling: boolean }
  | { status: 'done'; jobId: string; analysisId: number; z: number }
  | { status: 'cancelled'; jobId: string }
  | { status: 'failed'; jobId: string; error: { code: string; message: string }; findings: PreprocessingFindings | null };

const jobs = new Map<number, JobView>();
const listeners = new Set<() => void>();
let subscribedTo: KrpBridge | null = null;

function publish(patientId: number, view: JobView): void {
  jobs.set(patientId, view);
  for (const l of listeners) l();
}

/** Applies a progress event (ignored once the job has ended). */
export function applyProgress(p: AnalysisJobProgress): void {
  const current = jobs.get(p.patientId);
  if (current && current.jobId === p.jobId && current.status !== 'running') return;
  publish(p.patientId, { status: 'running', jobId: p.jobId, stage: p.stage, step: p.step ?? null, fraction: p.fraction, cancelling: current?.status === 'running' && current.jobId === p.jobId ? current.cancelling : false });
}

/** Applies the end of a job. */
export function applyEnd(end: AnalysisJobEnd): void {
  if (end.status === 'done') publish(end.patientId, { status: 'done', jobId: end.jobId, analysisId: end.analysisId, z: end.z });
  else if (end.status === 'cancelled') publish(end.patientId, { status: 'cancelled', jobId: end.jobId });
  else publish(end.patientId, { status: 'failed', jobId: end.jobId, error: end.error, findings: end.findings ?? null });
}

/** Records a job the renderer just started (unless its events already arrived). */
export function jobStarted(patientId: number, jobId: string): void {
  const current = jobs.get(patientId);
  if (current && current.jobId === jobId) return;
  publish(patientId, { status: 'running', jobId, stage: null, step: null, fraction: 0, cancelling: false });
}

/** Marks the patient's running job as being cancelled (the end event follows). */
export function jobCancelling(patientId: number): void {
  const current = jobs.get(patientId);
  if (current?.status === 'running') publish(patientId, { ...current, cancelling: true });
}

/** Forgets the patient's finished job (after its message was shown). */
export function clearJob(patientId: number): void {
  const current = jobs.get(patientId);
  if (current && current.status !== 'running') { jobs.delete(patientId); for (const l of listeners) l(); }
}

/** Subscribes the store to the bridge's events once per bridge. */
export function connectJobStore(bridge: KrpBridge): void {
  if (subscribedTo === bridge) return;
  subscribedTo = bridge;
  bridge.on('analysis.progress', applyProgress);
  bridge.on('analysis.finished', applyEnd);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

/** The patient's current or last job, or null. */
export function peekJob(patientId: number): JobView | null {
  return jobs.get(patientId) ?? null;
}

/** The patient's current or last job, or null (re-renders on every change). */
export function useAnalysisJob(patientId: number): JobView | null {
  return useSyncExternalStore(subscribe, () => peekJob(patientId));
}
