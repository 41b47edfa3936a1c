/**
 * The one registry of clinical tables whose rows are bound into the audit trail. Every row of a
 * table listed here must be written through `mutate` (record-store.ts): the audit entry of the
 * change carries the SHA-256 of each touched row's after-image (row-binding.ts), and
 * `verifyRecord` compares every current row with the latest image the trail recorded for it.
 *
 * To bind a new table: add one line here (its key must be an INTEGER column, unique per row).
 * Columns are bound implicitly: all of them, NULLs left out of the image, so adding a nullable
 * column (NULL in existing rows) leaves earlier bindings valid. A migration that rewrites rows of
 * a listed table must be followed by a re-binding entry (see database.ts).
 * Input-file identifiers (original path, NIfTI header text) live in `scan_sources`, which is NOT
 * listed: it can be redacted, and the scan's SHA-256 (bound, in `scans`) stays its identity.
 */
export interface AuditedTable {
  /** Table name in the database. */
  table: string;
  /** Integer column identifying a row (default `id`). */
  key: string;
}

export const AUDITED_TABLES: readonly AuditedTable[] = [
  { table: 'patients', key: 'id' },
  { table: 'patient_secrets', key: 'patient_id' },
  { table: 'scans', key: 'id' },
  { table: 'analyses', key: 'id' },
  { table: 'infusions', key: 'id' },
  { table: 'assessments', key: 'id' },
  { table: 'estimates', key: 'id' },
  { table: 'corrections', key: 'id' },
  { table: 'users', key: 'id' },
  { table: 'analysis_choices', key: 'id' },
];
