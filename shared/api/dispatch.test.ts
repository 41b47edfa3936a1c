/** The receiving end: sender, method and arguments are checked before any handler runs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { METHOD_NAMES } from '../api';
import { KrpError } from '../errors';
import { createDispatcher, type ApiHandlers } from './dispatch';

function spyHandlers() {
  const calls: { method: string; args: unknown }[] = [];
  const handlers = Object.fromEntries(METHOD_NAMES.map((m) => [m, (args: unknown) => { calls.push({ method: m, args }); return { echoed: args }; }])) as unknown as ApiHandlers;
  return { calls, handlers };
}
const trusted = (url: string | null) => url === 'app://krp/index.html';

test('a valid call from the app page reaches its handler with the parsed argument', async () => {
  const { calls, handlers } = spyHandlers();
  const dispatch = createDispatcher(handlers, { isTrustedSender: trusted });
  const result = await dispatch('patients.list', { search: ' KET ' }, 'app://krp/index.html');
  assert.deepEqual(result, { ok: true, value: { echoed: { search: 'KET' } } });
  assert.deepEqual(calls, [{ method: 'patients.list', args: { search: 'KET' } }]);
});

test('untrusted senders, unknown methods and bad arguments never reach a handler', async () => {
  const { calls, handlers } = spyHandlers();
  const dispatch = createDispatcher(handlers, { isTrustedSender: trusted });
  const cases: [unknown, unknown, string | null, string][] = [
    ['patients.list', {}, 'https://evil.example/', 'ipc.untrusted-sender'],
    ['patients.list', {}, null, 'ipc.untrusted-sender'],
    ['patients.drop', {}, 'app://krp/index.html', 'ipc.unknown-method'],
    ['__proto__', {}, 'app://krp/index.html', 'ipc.unknown-method'],
    [{ toString: () => 'patients.list' }, {}, 'app://krp/index.html', 'ipc.unknown-method'],
    ['patients.create', { displayCode: 7 }, 'app://krp/index.html', 'ipc.invalid-argument'],
    ['infusions.add', { patientId: 1, startedAt: '2025-06-01T09:00', weightKg: -1 }, 'app://krp/index.html', 'ipc.invalid-argument'],
  ];
  for (const [method, args, sender, code] of cases) {
    const result = await dispatch(method, args, sender);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.error.code, code, `${String(method)} from ${sender}`);
      assert.ok(result.error.message.length > 20);
    }
  }
  assert.deepEqual(calls, []);
});

test('a handler refusal passes through unchanged; an unexpected failure becomes "internal" and is logged', async () => {
  const { handlers } = spyHandlers();
  const seen: string[] = [];
  handlers['patients.open'] = () => { throw new KrpError('record.unknown-patient', 'There is no patient with id 9.', { id: 9 }); };
  handlers['audit.verify'] = () => { throw new TypeError('boom'); };
  const dispatch = createDispatcher(handlers, { isTrustedSender: trusted, onInternalError: (m, e) => seen.push(`${m}: ${(e as Error).message}`) });
  assert.deepEqual(await dispatch('patients.open', { patientId: 9 }, 'app://krp/index.html'),
    { ok: false, error: { code: 'record.unknown-patient', message: 'There is no patient with id 9.', details: { id: 9 } } });
  const internal = await dispatch('audit.verify', {}, 'app://krp/index.html');
  assert.equal(internal.ok, false);
  if (!internal.ok) assert.equal(internal.error.code, 'internal');
  assert.deepEqual(seen, ['audit.verify: boom']);
});
