/** The renderer's job store: events in any order give the right state per patient. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEnd, applyProgress, clearJob, jobCancelling, jobStarted, peekJob } from './job-store';

test('progress that arrives before the start reply is kept, and the cancel flag survives progress', () => {
  applyProgress({ jobId: 'j1', patientId: 7, stage: 'reading', step: null, fraction: 0.2 });
  jobStarted(7, 'j1'); // imaging.analyze's reply arriving after the first event: no reset to 0
  assert.deepEqual(peekJob(7), { status: 'running', jobId: 'j1', stage: 'reading', step: null, fraction: 0.2, cancelling: false });
  jobCancelling(7);
  applyProgress({ jobId: 'j1', patientId: 7, stage: 'denoising', step: null, fraction: 0.5 });
  assert.deepEqual(peekJob(7), { status: 'running', jobId: 'j1', stage: 'denoising', step: null, fraction: 0.5, cancelling: true });
});

test('the preprocessing step of a progress event reaches the view, and leaves it when the analysis proper starts', () => {
  applyProgress({ jobId: 'p1', patientId: 9, stage: 'reading', step: 'realign', fraction: 0.3 });
  assert.deepEqual(peekJob(9), { status: 'running', jobId: 'p1', stage: 'reading', step: 'realign', fraction: 0.3, cancelling: false });
  applyProgress({ jobId: 'p1', patientId: 9, stage: 'denoising', step: null, fraction: 0.8 });
  assert.deepEqual(peekJob(9), { status: 'running', jobId: 'p1', stage: 'denoising', step: null, fraction: 0.8, cancelling: false });
});

test('the end wins over late progress; a cleared job makes room for the next; patients are separate', () => {
  applyEnd({ jobId: 'j1', patientId: 7, status: 'cancelled' });
  applyProgress({ jobId: 'j1', patientId: 7, stage: 'seed-map', step: null, fraction: 0.9 });
  assert.deepEqual(peekJob(7), { status: 'cancelled', jobId: 'j1' });
  clearJob(7);
  assert.equal(peekJob(7), null);
  jobStarted(7, 'j2');
  applyProgress({ jobId: 'j3', patientId: 8, stage: 'hashing', step: null, fraction: 0.01 });
  applyEnd({ jobId: 'j2', patientId: 7, status: 'done', analysisId: 3, z: 0.3 });
  assert.deepEqual(peekJob(7), { status: 'done', jobId: 'j2', analysisId: 3, z: 0.3 });
  assert.equal(peekJob(8)?.status, 'running');
  clearJob(8); // a running job is never cleared
  assert.equal(peekJob(8)?.status, 'running');
  applyEnd({ jobId: 'j3', patientId: 8, status: 'failed', error: { code: 'space.scanner', message: 'x' } });
  assert.deepEqual(peekJob(8), { status: 'failed', jobId: 'j3', error: { code: 'space.scanner', message: 'x' }, findings: null });
});
