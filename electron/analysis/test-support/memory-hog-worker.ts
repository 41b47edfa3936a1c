/**
 * A stand-in analysis worker that, once started, allocates JavaScript objects without end, so
 * that V8 stops it at its heap limit: for testing that a dying worker is reported, not fatal.
 */
import { parentPort } from 'node:worker_threads';

const hoard: unknown[] = [];
parentPort?.on('message', (message: { type: string }) => {
  if (message.type !== 'start') return;
  for (;;) hoard.push(Array.from({ length: 1024 }, (_, i) => ({ i, s: `x${i}` })));
});
