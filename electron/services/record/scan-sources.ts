/**
 * Input-file identifiers (original path, NIfTI header summary with its free-text `descrip`) are
 * kept only in `scan_sources`, never in the append-only audit trail: audit entries describe a
 * scan by its SHA-256. Redaction removes them (the scan, its analyses and SHA-256 stay).
 */
import type Database from 'better-sqlite3';
import type { Scan } from '../../../shared/record/types';

/** A scan as written into the audit trail: no path, no header. */
export function auditedScan(scan: Scan): Omit<Scan, 'originalPath' | 'header'> {
  const { originalPath: _path, header: _header, ...rest } = scan;
  return rest;
}

/** Scans whose original path or header is still stored (not redacted), oldest first. */
export function unredactedScanIds(db: Database.Database): number[] {
  return db.prepare('SELECT scan_id FROM scan_sources WHERE redacted_at IS NULL AND (original_path IS NOT NULL OR header_json IS NOT NULL) ORDER BY scan_id').pluck().all() as number[];
}
