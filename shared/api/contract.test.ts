/** The IPC contract's validation: every bad argument is refused with a message naming the field. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ARG_SCHEMAS, METHOD_NAMES, isMethodName, parseArgs } from '../api';
import { KrpError } from '../errors';

function refusal(fn: () => unknown): KrpError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof KrpError, `expected KrpError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a refusal');
}

test('every method has a schema and a namespace.verb name', () => {
  assert.equal(METHOD_NAMES.length, Object.keys(ARG_SCHEMAS).length);
  for (const name of METHOD_NAMES) assert.match(name, /^[a-z]+\.[a-zA-Z]+$/);
});

test('prototype names are not methods', () => {
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'patients', 'patients.list.x', 42, null]) {
    assert.equal(isMethodName(name), false, String(name));
  }
  assert.equal(isMethodName('patients.list'), true);
});

test('a valid new patient passes, trimmed, with optional fields left out', () => {
  const args = parseArgs('patients.create', { displayCode: '  KET-001 ', sex: 'female', birthYear: 1970, hospitalId: null });
  assert.deepEqual(args, { displayCode: 'KET-001', sex: 'female', birthYear: 1970, hospitalId: null });
});

test('bad patient fields are refused with the field and what is allowed', () => {
  let e = refusal(() => parseArgs('patients.create', { displayCode: '' }));
  assert.equal(e.code, 'ipc.invalid-argument');
  assert.equal(e.details.field, 'patients.create(args).displayCode');
  assert.match(e.message, /displayCode: expected text of 1–40 characters, got ""/);

  e = refusal(() => parseArgs('patients.create', { displayCode: 'A', sex: 'f' }));
  assert.match(e.message, /sex: expected one of female, male, other, unknown, got "f"/);

  e = refusal(() => parseArgs('patients.create', { displayCode: 'A', birthYear: 1970.5 }));
  assert.match(e.message, /birthYear: expected a whole number from 1900 to 2200, or null, got 1970.5/);

  e = refusal(() => parseArgs('patients.create', { displayCode: 'A', birthDate: '2001-02-29' }));
  assert.match(e.message, /birthDate: expected a date written YYYY-MM-DD/);

  e = refusal(() => parseArgs('patients.create', { displayCode: 'A', isAdmin: true }));
  assert.match(e.message, /unknown field "isAdmin"/);

  e = refusal(() => parseArgs('patients.create', { displayCode: 'A\u0000B' }));
  assert.equal(e.details.field, 'patients.create(args).displayCode');
});

test('the argument itself must be a plain object', () => {
  for (const raw of [undefined, null, 'x', 3, [], new Date()]) {
    const e = refusal(() => parseArgs('patients.list', raw));
    assert.equal(e.details.field, 'patients.list(args)');
  }
  const proto = Object.create({ evil: 1 }) as object;
  refusal(() => parseArgs('session.get', proto));
});

test('assessment items: exact counts and item ranges, named by index', () => {
  const base = { patientId: 1, infusionId: 2, timePoint: 'pre', recordedAt: '2025-06-01T09:00', nrs: 7 };
  assert.deepEqual(parseArgs('assessments.add', { ...base, hadsItems: Array(14).fill(3), pcsItems: null }).hadsItems, Array(14).fill(3));

  let e = refusal(() => parseArgs('assessments.add', { ...base, hadsItems: Array(13).fill(0) }));
  assert.match(e.message, /hadsItems: expected a list of exactly 14 items/);

  const hads = Array(14).fill(0);
  hads[4] = 4;
  e = refusal(() => parseArgs('assessments.add', { ...base, hadsItems: hads }));
  assert.equal(e.details.field, 'assessments.add(args).hadsItems[4]');

  const pcs: unknown[] = Array(13).fill(null);
  pcs[12] = '2';
  e = refusal(() => parseArgs('assessments.add', { ...base, pcsItems: pcs }));
  assert.match(e.message, /pcsItems\[12\]: expected a whole number from 0 to 4, or null, got "2"/);

  e = refusal(() => parseArgs('assessments.add', { ...base, nrs: 11 }));
  assert.match(e.message, /nrs: expected a whole number from 0 to 10, or null, got 11/);
  e = refusal(() => parseArgs('assessments.add', { ...base, timePoint: 'post30' }));
  assert.match(e.message, /timePoint: expected one of pre, post60/);
  e = refusal(() => parseArgs('assessments.add', { ...base, recordedAt: '01/06/2025 09:00' }));
  assert.match(e.message, /recordedAt: expected .*YYYY-MM-DDTHH:MM/);
  e = refusal(() => parseArgs('assessments.add', { ...base, patientId: 0 }));
  assert.equal(e.details.field, 'assessments.add(args).patientId');
});

test('infusion numbers: weight, dose and duration ranges; NaN and Infinity refused', () => {
  const base = { patientId: 1, startedAt: '2025-06-01T09:00', weightKg: 60 };
  assert.equal(parseArgs('infusions.add', { ...base, doseMgPerKg: 0.5 }).doseMgPerKg, 0.5);
  for (const [field, value] of [['weightKg', 0], ['weightKg', 401], ['weightKg', Number.NaN], ['weightKg', Number.POSITIVE_INFINITY], ['doseMgPerKg', 0], ['durationMin', 30.5]] as const) {
    const e = refusal(() => parseArgs('infusions.add', { ...base, [field]: value }));
    assert.equal(e.details.field, `infusions.add(args).${field}`);
  }
});

test('list query: filters, sorts and page size are closed sets', () => {
  assert.deepEqual(parseArgs('patients.list', { search: 'KET', responder: 'responder', sort: 'z', limit: 50 }), { search: 'KET', responder: 'responder', sort: 'z', limit: 50 });
  assert.match(refusal(() => parseArgs('patients.list', { sort: 'name' })).message, /sort: expected one of updated, code, z, reduction/);
  assert.match(refusal(() => parseArgs('patients.list', { limit: 501 })).message, /limit: expected a whole number from 1 to 500/);
  assert.match(refusal(() => parseArgs('patients.list', { search: 'x'.repeat(101) })).message, /search: expected text of 0–100 characters, got a 101-character text/);
});

test('session: user name required, password kept as typed and never echoed, language ja or en', () => {
  assert.deepEqual(parseArgs('session.signIn', { username: ' 山田 ', password: ' pass word ', language: 'ja' }), { username: '山田', password: ' pass word ', language: 'ja' });
  assert.match(refusal(() => parseArgs('session.signIn', { username: '   ', password: 'x', language: 'ja' })).message, /username: expected text of 1–64 characters/);
  assert.match(refusal(() => parseArgs('session.signIn', { username: 'A', password: 'x', language: 'de' })).message, /language: expected one of ja, en/);
  const hidden = refusal(() => parseArgs('session.signIn', { username: 'A', password: 'y'.repeat(600), language: 'ja' })).message;
  assert.ok(!hidden.includes('yyy') && /password/.test(hidden), 'a refused password is not echoed');
});

test('methods without arguments accept only {}', () => {
  for (const m of ['app.info', 'session.get', 'audit.verify', 'records.backup', 'records.restore'] as const) {
    assert.deepEqual(parseArgs(m, {}), {});
    assert.match(refusal(() => parseArgs(m, { path: '/etc/passwd' })).message, /unknown field "path"/);
  }
});
