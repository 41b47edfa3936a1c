/** window.krp as built from the contract: shape, error form, events. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { METHOD_NAMES } from '../api';
import { isKrpError } from '../errors';
import { buildBridge } from './bridge';
import type { Envelope } from './envelope';

test('one function per method, grouped by namespace, plus on()', async () => {
  const sent: [string, unknown][] = [];
  const bridge = buildBridge({
    invoke: async (method, args) => { sent.push([method, args]); return { ok: true, value: method } satisfies Envelope; },
    subscribe: () => () => undefined,
  }) as unknown as Record<string, Record<string, (a?: unknown) => Promise<unknown>>>;
  for (const method of METHOD_NAMES) {
    const [ns, verb] = method.split('.') as [string, string];
    assert.equal(typeof bridge[ns]![verb], 'function', method);
    assert.equal(await bridge[ns]![verb]!({}), method);
  }
  assert.deepEqual(Object.keys(bridge).sort(), [...new Set(METHOD_NAMES.map((m) => m.split('.')[0]!)), 'on'].sort());
  await bridge.app!.info!();
  assert.deepEqual(sent.at(-1), ['app.info', {}]);
});

test('a refused call rejects with a plain object that isKrpError recognises', async () => {
  const bridge = buildBridge({
    invoke: async () => ({ ok: false, error: { code: 'record.duplicate-display-code', message: 'Taken.', details: { field: 'displayCode' } } }),
    subscribe: () => () => undefined,
  });
  await assert.rejects(bridge.patients.create({ displayCode: 'A' }), (e: unknown) => {
    assert.ok(isKrpError(e));
    assert.equal(Object.getPrototypeOf(e), Object.prototype, 'plain object: survives structured clone');
    assert.deepEqual(e, { name: 'KrpError', code: 'record.duplicate-display-code', message: 'Taken.', details: { field: 'displayCode' } });
    return true;
  });
});

test('events: subscribe through the transport, unsubscribe, unknown events refused', () => {
  const listeners = new Set<(p: unknown) => void>();
  const bridge = buildBridge({
    invoke: async () => ({ ok: true, value: null }),
    subscribe: (_event, listener) => { listeners.add(listener); return () => listeners.delete(listener); },
  });
  const got: unknown[] = [];
  const off = bridge.on('analysis.progress', (p) => got.push(p));
  for (const l of listeners) l({ jobId: 'j1', stage: 'reading', fraction: 0.25 });
  off();
  assert.equal(listeners.size, 0);
  assert.deepEqual(got, [{ jobId: 'j1', stage: 'reading', fraction: 0.25 }]);
  assert.throws(() => bridge.on('shell.exec' as 'analysis.progress', () => undefined), (e: unknown) => isKrpError(e) && (e as { code: string }).code === 'ipc.unknown-event');
});
