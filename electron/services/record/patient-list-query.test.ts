import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecordStore } from './record-store';
import { analysisInput, FIXED_NOW, TEST_ACTOR } from './record-fixtures';
import { naturalKey } from './patient-list-query';

test('natural key: digit runs compare as numbers, case ignored', () => {
  const codes = ['P-10', 'p-2', 'P-1', 'P-02b', 'Q-1'];
  assert.deepEqual([...codes].sort((a, b) => (naturalKey(a) < naturalKey(b) ? -1 : 1)), ['P-1', 'p-2', 'P-02b', 'P-10', 'Q-1']);
});

test('z sort in SQL: latest analysis of live scans, nulls last in both directions, paging with total', () => {
  const store = RecordStore.open(':memory:', { actor: TEST_ACTOR, now: () => FIXED_NOW });
  try {
    const zOf: Record<string, number | null> = { 'K-1': 0.3, 'K-2': null, 'K-3': -0.1, 'K-4': 0.3, 'K-5': 0.9 };
    for (const [code, z] of Object.entries(zOf)) {
      const p = store.createPatient({ displayCode: code });
      if (z === null) continue;
      const scan = store.addScan({ patientId: p.id, acquiredAt: '2025-01-01', originalPath: `/s/${code}`, sha256: 'a'.repeat(64), header: null });
      store.addAnalysis(analysisInput(scan.id, Math.tanh(z + 0.5)));
      store.addAnalysis(analysisInput(scan.id, Math.tanh(z))); // the latest counts
    }
    const codes = (q: object) => store.listPatients(q).items.map((i) => i.displayCode);
    assert.deepEqual(codes({ sort: 'z' }), ['K-3', 'K-1', 'K-4', 'K-5', 'K-2']);
    assert.deepEqual(codes({ sort: 'z', direction: 'desc' }), ['K-5', 'K-1', 'K-4', 'K-3', 'K-2']);
    assert.deepEqual(codes({ analysis: 'not-analysed' }), ['K-2']);
    const page = store.listPatients({ sort: 'z', limit: 2, offset: 2 });
    assert.deepEqual([page.total, page.items.map((i) => i.displayCode)], [5, ['K-4', 'K-5']]);
    assert.equal(store.listPatients({ sort: 'z', limit: 2, offset: 50 }).total, 5, 'past the end: no rows, the total still given');
  } finally {
    store.close();
  }
});
