import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditChanges } from './audit-changes';

test('an update shows each changed field before → after; list items by number; bookkeeping left out', () => {
  const before = { id: 3, nrs: 7, recordedAt: '2025-05-01T09:50', hadsItems: [1, 2, 0], updatedAt: 'a', deletedAt: null };
  const after = { id: 3, nrs: 8, recordedAt: '2025-05-01T09:50', hadsItems: [1, 3, null], updatedAt: 'b', deletedAt: null };
  assert.deepEqual(auditChanges(before, after), [
    { field: 'nrs', before: '7', after: '8' },
    { field: 'hads 2', before: '2', after: '3' },
    { field: 'hads 3', before: '0', after: '—' },
  ]);
});

test('a removal shows the deletion; a create or an access has no changes', () => {
  assert.deepEqual(auditChanges({ deletedAt: null, deletionReason: null }, { deletedAt: '2025-06-01T12:00:00Z', deletionReason: 'duplicate' }), [
    { field: 'deletedAt', before: '—', after: '2025-06-01T12:00:00Z' },
    { field: 'deletionReason', before: '—', after: 'duplicate' },
  ]);
  assert.deepEqual(auditChanges(null, { id: 1 }), []);
  assert.deepEqual(auditChanges(null, null), []);
});
