import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell } from './cohort-csv';
import { FIXED_NOW, seedCompletePatient, TEST_ACTOR } from './record-fixtures';
import { RecordStore } from './record-store';

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\r\n');
  const cols = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [cols[i], v])));
}

test('CSV cells are quoted per RFC 4180 and formula-like text is neutralised', () => {
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
  assert.equal(csvCell(-0.25), '-0.25');
  assert.equal(csvCell(null), '');
});

test('the cohort CSV has one row per patient with scores, z and outcome', () => {
  const store = RecordStore.open(':memory:', { actor: TEST_ACTOR, now: () => FIXED_NOW });
  seedCompletePatient(store, 7);
  seedCompletePatient(store, 8);
  const { csv, rows } = store.exportCohort({ deidentified: false });
  assert.equal(rows, 2);
  const [p7] = parseCsv(csv);
  // Patient 7: day 2024-08-08, pre NRS 3 + 7 % 8 = 10, post 7 % 11 = 7 → 30 %; r = tanh((7 − 20)/40)
  assert.equal(p7.id, 'KET-00007');
  assert.equal(p7.hospital_id, 'H100007');
  assert.equal(p7.infusion_start, '2024-08-08T10:00');
  assert.equal(p7.nrs_pre, '10');
  assert.equal(p7.nrs_post, '7');
  assert.equal(p7.nrs_reduction_pct, '30');
  assert.equal(p7.responder, 'false');
  assert.equal(Number(p7.z), Math.atanh(Math.tanh(-13 / 40)));
  assert.equal(p7.age_at_infusion, String(2024 - (1940 + 7)));
  assert.equal(p7.total_mg, String(Math.round((50 + 7) * 0.3 * 100) / 100));
  assert.equal(store.listAudit({ limit: 1 })[0].action, 'export');
});

test('the de-identified export uses secret pseudonyms, shifts dates per patient and drops free text', () => {
  const store = RecordStore.open(':memory:', { actor: TEST_ACTOR, now: () => FIXED_NOW });
  seedCompletePatient(store, 7);
  store.updatePatient(1, { diagnosis: 'CRPS after fall at Tanaka farm', birthYear: 1920 }, 'details completed');
  const { csv } = store.exportCohort({ deidentified: true });
  assert.doesNotMatch(csv, /KET-00007|H100007|Tanaka|note 7|scans\//);
  const [row] = parseCsv(csv);
  assert.equal(row.hospital_id, undefined);
  assert.equal(row.diagnosis, undefined);
  assert.equal(row.birth_year, undefined);
  assert.match(row.id, /^S-[0-9a-f]{10}$/);
  assert.equal(row.age_at_infusion, '90', 'ages over 90 are top-coded');
  const shift = store.connection.prepare('SELECT date_shift_days FROM patient_secrets WHERE patient_id = 1').pluck().get() as number;
  const expected = new Date(Date.UTC(2024, 7, 8 + shift)).toISOString().slice(0, 10);
  assert.equal(row.infusion_start, `${expected}T10:00`);
  assert.equal(row.scan_date, `${expected}T08:00`, 'intervals within a patient are kept');
  assert.equal(row.nrs_reduction_pct, '30', 'scores and outcome are kept');
  assert.equal(store.exportCohort({ deidentified: true }).csv, csv, 'pseudonyms and shifts are stable');
});
