import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCohortCsv, splitCsvLine } from '../../../shared/model/cohort-csv';
import { csvCell, daysBetween } from './cohort-csv';
import { FIXED_NOW, hadsItemsFor, pcsItemsFor, seedCompletePatient, TEST_ACTOR } from './record-fixtures';
import { RecordStore } from './record-store';

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\r\n');
  const cols = splitCsvLine(header) as string[];
  return lines.map((line) => Object.fromEntries((splitCsvLine(line) as string[]).map((v, i) => [cols[i], v])));
}

test('CSV cells are quoted per RFC 4180 and formula-like text is neutralised', () => {
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
  assert.equal(csvCell(-0.25), '-0.25');
  assert.equal(csvCell(null), '');
});

test('the cohort CSV: UTF-8 BOM, one row per infusion, item-level HADS/PCS, z once per patient', () => {
  const store = RecordStore.open(':memory:', { actor: TEST_ACTOR, now: () => FIXED_NOW });
  seedCompletePatient(store, 7);
  seedCompletePatient(store, 8);
  // A second, later infusion of patient 1 (display code KET-00007) with its own scores.
  const second = store.addInfusion({ patientId: 1, startedAt: '2024-09-01T10:00', weightKg: 60 });
  store.addAssessment({ patientId: 1, infusionId: second.id, timePoint: 'pre', recordedAt: '2024-09-01T09:50', nrs: 8, hadsItems: hadsItemsFor(3), pcsItems: null });
  const { csv, rows, infusionsCsv, infusionRows, codebook } = store.exportCohort({ deidentified: false });
  assert.ok(csv.startsWith('\uFEFF') && infusionsCsv.startsWith('\uFEFF'), 'BOM first');
  assert.equal(rows, 2);
  assert.equal(infusionRows, 3);
  const [latest, first, p8infusion] = parseCsv(infusionsCsv.slice(1));
  const [p7, p8] = parseCsv(csv.slice(1));
  assert.deepEqual(p7, latest, 'the patient table holds the latest infusion');
  assert.deepEqual(p8, p8infusion);
  assert.equal(latest.id, 'KET-00007');
  assert.equal(latest.infusion_number, '2');
  assert.equal(latest.infusions_total, '2');
  assert.equal(latest.infusion_start, '2024-09-01T10:00');
  assert.equal(latest.nrs_pre, '8');
  assert.equal(latest.nrs_post, '');
  assert.equal(Number(latest.z), Math.atanh(Math.tanh(-13 / 40)));
  assert.deepEqual(Array.from({ length: 14 }, (_, i) => Number(latest[`hads${i + 1}_pre`])), hadsItemsFor(3));
  assert.equal(latest.pcs1_pre, '');
  // Patient 7's first infusion: day 2024-08-08, pre NRS 3 + 7 % 8 = 10, post 7 % 11 = 7 → 30 %
  assert.equal(first.id, 'KET-00007');
  assert.equal(first.infusion_number, '1');
  assert.equal(first.infusion_start, '2024-08-08T10:00');
  assert.equal(first.nrs_pre, '10');
  assert.equal(first.nrs_post, '7');
  assert.equal(first.nrs_reduction_pct, '30');
  assert.equal(first.responder, 'false');
  assert.deepEqual(Array.from({ length: 13 }, (_, i) => Number(first[`pcs${i + 1}_post60`])), pcsItemsFor(8));
  assert.equal(first.age_at_infusion, String(2024 - (1940 + 7)));
  assert.equal(first.total_mg, String(Math.round((50 + 7) * 0.3 * 100) / 100));
  assert.equal(p8.id, 'KET-00008');
  const model = parseCohortCsv(csv);
  assert.deepEqual(model.errors, []);
  assert.equal(model.candidates.length, 2, 'krp model reads one candidate per patient');
  const entry = store.listAudit({ limit: 1 })[0];
  assert.equal(entry.action, 'export');
  assert.deepEqual(entry.after, { kind: 'cohort-csv', patients: 2, pseudonymized: false, infusions: 3 });
  assert.ok(codebook.startsWith('\uFEFF'));
  const book = parseCsv(codebook.slice(1));
  assert.deepEqual(book.map((r) => r.column), Object.keys(latest), 'the codebook describes every column, in order');
  assert.ok(book.every((r) => r.meaning.length > 0));
});

test('the pseudonymized export: export-only random codes, days from the scan instead of dates, no free text', () => {
  const store = RecordStore.open(':memory:', { actor: TEST_ACTOR, now: () => FIXED_NOW });
  seedCompletePatient(store, 7);
  store.updatePatient(1, { diagnosis: 'CRPS after fall at Tanaka farm', birthYear: 1920 }, 'details completed');
  const { csv } = store.exportCohort({ deidentified: true });
  assert.doesNotMatch(csv, /KET-00007|H100007|Tanaka|note 7|scans\/|2024-/);
  const [row] = parseCsv(csv.slice(1));
  for (const gone of ['hospital_id', 'diagnosis', 'birth_year', 'scan_date', 'infusion_start', 'analysis_id', 'infusion_id']) assert.equal(row[gone], undefined, gone);
  assert.equal(row.id, 'P-0001');
  assert.equal(row.age_at_infusion, '90', 'ages over 90 are top-coded');
  assert.equal(row.infusion_day_from_scan, '0', 'scan 08:00 and infusion 10:00 on the same day');
  assert.equal(row.nrs_reduction_pct, '30', 'scores and outcome are kept');
  seedCompletePatient(store, 8);
  const ids = new Set<string>();
  for (let i = 0; i < 20; i++) ids.add(parseCsv(store.exportCohort({ deidentified: true }).csv.slice(1))[0].id);
  assert.deepEqual([...ids].sort(), ['P-0001', 'P-0002'], 'the code of a patient is drawn anew for each export');
});

test('days between written dates', () => {
  assert.equal(daysBetween('2024-02-28T08:00', '2024-03-01T10:00'), 2);
  assert.equal(daysBetween('2024-03-01', '2024-02-28'), -2);
});
