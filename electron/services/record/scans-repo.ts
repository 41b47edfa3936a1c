/**
 * Scans and their analysis runs: prepared statements and row ↔ domain mapping (no validation, no audit).
 * A scan's identity is its file's SHA-256 (in `scans`, bound into the audit trail); where the file
 * came from (original path) and its header summary (with the free-text NIfTI `descrip`) are kept in
 * `scan_sources`, outside the trail, so that they can be redacted. Analyses' provenance is stored
 * without the input path and header for the same reason; reading fills them from `scan_sources`.
 */
import type Database from 'better-sqlite3';
import type { AnalysisProvenance, AnalysisQc, AnalysisSettings } from '../../../shared/imaging/analysis-types';
import type { NiftiHeaderSummary } from '../../../shared/imaging/nifti-header';
import type { Analysis, AnalysisInput, Scan } from '../../../shared/record/types';
import { canonicalJson } from '../../../shared/canonical-json';
import { inUseOrder } from './analysis-choices-repo';

interface ScanRow {
  id: number; patient_id: number; acquired_at: string; original_path: string | null; sha256: string; header_json: string | null;
  created_at: string; deleted_at: string | null; deletion_reason: string | null;
}

interface AnalysisRow {
  id: number; scan_id: number; patient_id: number; settings_json: string; settings_hash: string; r: number; z: number;
  qc_json: string; provenance_json: string; signals_json: string | null; seed_map_path: string | null;
  seed_map_sha256: string | null; mean_image_path: string | null; mean_image_sha256: string | null; created_at: string;
  seed_to_voxel_z: number | null; seed_to_voxel_voxels: number | null; seed_to_voxel_fwhm_mm: number | null;
  original_path: string | null; header_json: string | null;
}

/** What replaces a redacted (or unknown) original path. */
export const REDACTED_PATH = '(redacted)';

function scanFromRow(r: ScanRow): Scan {
  return {
    id: r.id, patientId: r.patient_id, acquiredAt: r.acquired_at, originalPath: r.original_path ?? REDACTED_PATH, sha256: r.sha256,
    header: r.header_json === null ? null : (JSON.parse(r.header_json) as NiftiHeaderSummary),
    createdAt: r.created_at, deletedAt: r.deleted_at, deletionReason: r.deletion_reason,
  };
}

function analysisFromRow(r: AnalysisRow): Analysis {
  const provenance = JSON.parse(r.provenance_json) as AnalysisProvenance;
  provenance.input = {
    ...provenance.input, path: r.original_path ?? REDACTED_PATH,
    header: (r.header_json === null ? null : JSON.parse(r.header_json)) as AnalysisProvenance['input']['header'],
  };
  return {
    id: r.id, scanId: r.scan_id, patientId: r.patient_id,
    settings: JSON.parse(r.settings_json) as AnalysisSettings, settingsHash: r.settings_hash, r: r.r, z: r.z,
    qc: JSON.parse(r.qc_json) as AnalysisQc, provenance,
    seedToVoxel: r.seed_to_voxel_z === null ? null
      : { meanZ: r.seed_to_voxel_z, voxels: r.seed_to_voxel_voxels as number, fwhmMm: r.seed_to_voxel_fwhm_mm as number },
    signals: r.signals_json === null ? null : (JSON.parse(r.signals_json) as Analysis['signals']),
    seedMap: r.seed_map_path === null ? null : { path: r.seed_map_path, sha256: r.seed_map_sha256 as string },
    meanImage: r.mean_image_path === null ? null : { path: r.mean_image_path, sha256: r.mean_image_sha256 as string },
    createdAt: r.created_at,
  };
}

const ANALYSIS_SELECT = `SELECT a.*, s.patient_id, src.original_path, src.header_json FROM analyses a JOIN scans s ON s.id = a.scan_id
  LEFT JOIN scan_sources src ON src.scan_id = a.scan_id`;
const SCAN_SELECT = 'SELECT s.*, src.original_path, src.header_json FROM scans s LEFT JOIN scan_sources src ON src.scan_id = s.id';

/** Provenance as stored: the input's path and header (identifiers) left out. */
function storedProvenance(provenance: AnalysisProvenance): unknown {
  const { path: _path, header: _header, ...input } = provenance.input ?? ({} as AnalysisProvenance['input']);
  return { ...provenance, input };
}

export class ScansRepo {
  private readonly insertScanStmt; private readonly getScanStmt; private readonly scansOfPatientStmt; private readonly deleteScanStmt;
  private readonly insertAnalysisStmt; private readonly getAnalysisStmt; private readonly analysesOfScanStmt;
  private readonly latestAnalysisStmt; private readonly inUseStmt; private readonly inUseWithHashStmt;
  private readonly insertSourceStmt; private readonly redactSourceStmt;

  constructor(db: Database.Database) {
    this.insertScanStmt = db.prepare(`INSERT INTO scans (patient_id, acquired_at, sha256, created_at)
      VALUES (@patientId, @acquiredAt, @sha256, @at)`);
    this.insertSourceStmt = db.prepare('INSERT INTO scan_sources (scan_id, original_path, header_json) VALUES (?, ?, ?)');
    this.redactSourceStmt = db.prepare(`INSERT INTO scan_sources (scan_id, original_path, header_json, redacted_at, redaction_reason) VALUES (@id, NULL, NULL, @at, @reason)
      ON CONFLICT(scan_id) DO UPDATE SET original_path = NULL, header_json = excluded.header_json, redacted_at = excluded.redacted_at, redaction_reason = excluded.redaction_reason`);
    this.getScanStmt = db.prepare(`${SCAN_SELECT} WHERE s.id = ?`);
    this.scansOfPatientStmt = db.prepare(`${SCAN_SELECT} WHERE s.patient_id = ? AND s.deleted_at IS NULL ORDER BY s.acquired_at DESC, s.id DESC`);
    this.deleteScanStmt = db.prepare('UPDATE scans SET deleted_at = @at, deletion_reason = @reason WHERE id = @id');
    this.insertAnalysisStmt = db.prepare(`INSERT INTO analyses (scan_id, settings_json, settings_hash, r, z, qc_json, provenance_json,
      signals_json, seed_map_path, seed_map_sha256, mean_image_path, mean_image_sha256, created_at,
      seed_to_voxel_z, seed_to_voxel_voxels, seed_to_voxel_fwhm_mm)
      VALUES (@scanId, @settingsJson, @settingsHash, @r, @z, @qcJson, @provenanceJson, @signalsJson,
      @seedMapPath, @seedMapSha256, @meanImagePath, @meanImageSha256, @at, @seedToVoxelZ, @seedToVoxelVoxels, @seedToVoxelFwhmMm)`);
    this.getAnalysisStmt = db.prepare(`${ANALYSIS_SELECT} WHERE a.id = ?`);
    this.analysesOfScanStmt = db.prepare(`${ANALYSIS_SELECT} WHERE a.scan_id = ? ORDER BY a.id DESC`);
    this.latestAnalysisStmt = db.prepare(`${ANALYSIS_SELECT} WHERE s.patient_id = ? AND s.deleted_at IS NULL ORDER BY a.id DESC LIMIT 1`);
    this.inUseStmt = db.prepare(`${ANALYSIS_SELECT} WHERE s.patient_id = @patientId AND s.deleted_at IS NULL
      ORDER BY ${inUseOrder('@patientId')} LIMIT 1`);
    this.inUseWithHashStmt = db.prepare(`${ANALYSIS_SELECT}
      WHERE s.patient_id = @patientId AND s.deleted_at IS NULL AND a.settings_hash = @settingsHash ORDER BY ${inUseOrder('@patientId')} LIMIT 1`);
  }

  insertScan(input: { patientId: number; acquiredAt: string; originalPath: string; sha256: string; header: NiftiHeaderSummary | null }, at: string): number {
    const id = Number(this.insertScanStmt.run({ patientId: input.patientId, acquiredAt: input.acquiredAt, sha256: input.sha256, at }).lastInsertRowid);
    this.insertSourceStmt.run(id, input.originalPath, input.header === null ? null : canonicalJson(input.header));
    return id;
  }

  /** Removes the scan's original path and header summary (kept outside the audit trail); the SHA-256 stays. */
  redactSource(id: number, at: string, reason: string): void {
    this.redactSourceStmt.run({ id, at, reason });
  }

  getScan(id: number): Scan | undefined {
    const row = this.getScanStmt.get(id) as ScanRow | undefined;
    return row && scanFromRow(row);
  }

  /** Live scans of a patient, newest acquisition first. */
  scansOfPatient(patientId: number): Scan[] {
    return (this.scansOfPatientStmt.all(patientId) as ScanRow[]).map(scanFromRow);
  }

  softDeleteScan(id: number, at: string, reason: string): void {
    this.deleteScanStmt.run({ id, at, reason });
  }

  insertAnalysis(input: AnalysisInput, at: string): number {
    return Number(this.insertAnalysisStmt.run({
      scanId: input.scanId, settingsJson: canonicalJson(input.settings), settingsHash: input.settingsHash, r: input.r, z: input.z,
      qcJson: canonicalJson(input.qc), provenanceJson: canonicalJson(storedProvenance(input.provenance)),
      signalsJson: input.signals ? canonicalJson(input.signals) : null,
      seedMapPath: input.seedMap?.path ?? null, seedMapSha256: input.seedMap?.sha256 ?? null,
      meanImagePath: input.meanImage?.path ?? null, meanImageSha256: input.meanImage?.sha256 ?? null, at,
      seedToVoxelZ: input.seedToVoxel?.meanZ ?? null, seedToVoxelVoxels: input.seedToVoxel?.voxels ?? null,
      seedToVoxelFwhmMm: input.seedToVoxel?.fwhmMm ?? null,
    }).lastInsertRowid);
  }

  getAnalysis(id: number): Analysis | undefined {
    const row = this.getAnalysisStmt.get(id) as AnalysisRow | undefined;
    return row && analysisFromRow(row);
  }

  /** Every analysis of a scan, newest run first. */
  analysesOfScan(scanId: number): Analysis[] {
    return (this.analysesOfScanStmt.all(scanId) as AnalysisRow[]).map(analysisFromRow);
  }

  /** Newest analysis over the patient's live scans, whatever the clinician chose. */
  latestAnalysis(patientId: number): Analysis | null {
    const row = this.latestAnalysisStmt.get(patientId) as AnalysisRow | undefined;
    return row ? analysisFromRow(row) : null;
  }

  /**
   * The analysis that counts (analysis-choices-repo.ts): the newest choice while its scan is live,
   * else the newest over live scans; with `settingsHash`, only among analyses with that hash.
   */
  analysisInUse(patientId: number, settingsHash?: string): Analysis | null {
    const row = (settingsHash === undefined
      ? this.inUseStmt.get({ patientId })
      : this.inUseWithHashStmt.get({ patientId, settingsHash })) as AnalysisRow | undefined;
    return row ? analysisFromRow(row) : null;
  }
}
