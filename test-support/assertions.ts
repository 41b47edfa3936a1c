/** Shared test assertions. */
import assert from 'node:assert/strict';
import { isKrpError } from '../shared/errors';

/** For assert.throws/rejects: a KrpError with this code whose message matches `pattern`. */
export function refusedWith(code: string, pattern: RegExp) {
  return (e: unknown) => {
    assert.ok(isKrpError(e), `expected a KrpError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    return true;
  };
}
