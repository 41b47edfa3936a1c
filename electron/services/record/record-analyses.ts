/**
 * The record's scans and analyses (split from record-store.ts): adding, removing and redacting
 * scans, storing analysis runs, and choosing which analysis counts for a patient (with a reason,
 * kept with who and when; analysis-choices-repo.ts). Every write goes through RecordCore's `mutate`.
 */
import type { Analysis, AnalysisChoice, AnalysisInput, Scan, ScanInput } from '../../../shared/record/types';
import { analysisChoicesOf } from './analysis-choices-repo';
import { isPlainObject } from './patient-fields';
import { RecordMaintenance } from './record-maintenance';
import { auditedScan } from './scan-sources';
import { checkCorrectionReason, checkId, checkInstant, checkInteger, checkNumber, checkReason, checkSha256, checkText, refuse } from './validate';
import { reasonedChange } from './corrections-repo';

export abstract class RecordAnalyses extends RecordMaintenance {
  // ---- scans and analyses ---------------------------------------------------------------------

  addScan(input: ScanInput): Scan {
    if (!isPlainObject(input)) refuse('invalid-input', 'scan', 'Scan details are missing.');
    const patient = this.livePatient(input.patientId);
    const acquiredAt = checkInstant(input.acquiredAt, 'Acquisition date', 'either', this.now()) && input.acquiredAt;
    const originalPath = checkText(input.originalPath, 'Original file path', 4096, true);
    const sha256 = checkSha256(input.sha256, 'Scan SHA-256');
    if (input.header !== null && input.header !== undefined && !isPlainObject(input.header)) {
      refuse('invalid-input', 'Header summary', 'The scan\'s header summary must be the object the NIfTI reader produced.');
    }
    return this.mutate((at) => {
      const id = this.scans.insertScan({ patientId: patient.id, acquiredAt, originalPath, sha256, header: input.header ?? null }, at);
      const scan = this.scans.getScan(id) as Scan;
      return { result: scan, audit: { entity: 'scan', entityId: id, action: 'create', before: null, after: auditedScan(scan) } };
    });
  }

  deleteScan(id: number, reason: string): Scan {
    const before = this.liveScan(id);
    this.livePatient(before.patientId);
    const why = checkReason(reason);
    return this.mutate((at) => {
      this.scans.softDeleteScan(before.id, at, why);
      const after = this.scans.getScan(before.id) as Scan;
      return reasonedChange({ patientId: before.patientId, entity: 'scan', entityId: before.id, action: 'delete', fields: ['deletedAt'], reason: why }, before, after, auditedScan);
    });
  }

  /** Removes a scan's original file path and header summary (identifiers kept outside the audit trail); its SHA-256 stays. */
  redactScanSource(id: number, reason: string): Scan {
    const scanId = checkId(id, 'Scan');
    if (!this.scans.getScan(scanId)) refuse('unknown-scan', 'Scan', `There is no scan with id ${scanId}.`, { id: scanId });
    const why = checkReason(reason);
    return this.mutate((at) => {
      this.scans.redactSource(scanId, at, why);
      return { result: this.scans.getScan(scanId) as Scan, audit: { entity: 'scan', entityId: scanId, action: 'redact', before: null, after: { fields: ['originalPath', 'header'], reason: why } } };
    });
  }

  /**
   * Stores one analysis run with its scan in a single transaction: the patient's live scan with the
   * same SHA-256 is reused (re-running keeps the earlier results beside the new one), otherwise the
   * scan is added first. A refusal of either stores neither.
   */
  recordAnalysisRun(scan: ScanInput, analysis: Omit<AnalysisInput, 'scanId'>): Analysis {
    return this.db.transaction(() => {
      const existing = this.scans.scansOfPatient(checkId(scan.patientId, 'Patient')).find((s) => s.sha256 === scan.sha256);
      const scanId = existing ? existing.id : this.addScan(scan).id;
      return this.addAnalysis({ ...analysis, scanId });
    }).immediate();
  }

  /** One analysis by id (of a live or deleted scan); KrpError record.unknown-analysis when none. */
  getAnalysis(id: number): Analysis {
    const analysisId = checkId(id, 'Analysis');
    const analysis = this.scans.getAnalysis(analysisId);
    if (!analysis) refuse('unknown-analysis', 'Analysis', `There is no analysis with id ${analysisId}.`, { id: analysisId });
    return analysis;
  }

  addAnalysis(input: AnalysisInput): Analysis {
    if (!isPlainObject(input)) refuse('invalid-input', 'analysis', 'Analysis details are missing.');
    const scan = this.liveScan(input.scanId);
    this.livePatient(scan.patientId);
    checkSha256(input.settingsHash, 'Settings hash');
    const r = checkNumber(input.r, 'Correlation r', -1, 1);
    const z = checkNumber(input.z, 'Fisher z', -20, 20);
    if (Math.abs(r) < 1 && Math.abs(Math.atanh(r) - z) > 1e-6 * Math.max(1, Math.abs(z))) {
      refuse('inconsistent-z', 'Fisher z', `Fisher z ${z} is not atanh(r) for r = ${r}. Store the values the analysis produced.`);
    }
    for (const [key, label] of [['settings', 'Analysis settings'], ['qc', 'Quality control'], ['provenance', 'Provenance']] as const) {
      if (!isPlainObject(input[key])) refuse('invalid-input', label, `${label} must be the object the analysis produced.`);
    }
    const voxelLevel = input.seedToVoxel;
    if (voxelLevel !== null && voxelLevel !== undefined) {
      if (!isPlainObject(voxelLevel)) refuse('invalid-input', 'Seed-to-voxel z', 'The seed-to-voxel result must be the object the analysis produced.');
      checkNumber(voxelLevel.meanZ, 'Seed-to-voxel mean z', -20, 20);
      checkInteger(voxelLevel.voxels, 'Seed-to-voxel voxels', 1, 1e9);
      checkNumber(voxelLevel.fwhmMm, 'Seed-to-voxel smoothing FWHM', 0, 30, 'mm');
    }
    for (const [key, label] of [['seedMap', 'Seed map'], ['meanImage', 'Mean image']] as const) {
      const file = input[key];
      if (file === null || file === undefined) continue;
      if (!isPlainObject(file)) refuse('invalid-input', label, `${label} must be a path with its SHA-256.`);
      checkText(file.path, `${label} path`, 4096, true);
      checkSha256(file.sha256, `${label} SHA-256`);
    }
    return this.mutate((at) => {
      const id = this.scans.insertAnalysis(input, at);
      const analysis = this.scans.getAnalysis(id) as Analysis;
      return {
        result: analysis,
        audit: {
          entity: 'analysis', entityId: id, action: 'create', before: null,
          after: { scanId: analysis.scanId, patientId: analysis.patientId, settingsHash: analysis.settingsHash, r: analysis.r, z: analysis.z, seedToVoxel: analysis.seedToVoxel, seedMap: analysis.seedMap, meanImage: analysis.meanImage, provenance: { ...analysis.provenance, input: { sha256: analysis.provenance.input.sha256 } } },
        },
      };
    });
  }

  listAnalyses(scanId: number): Analysis[] {
    const id = checkId(scanId, 'Scan');
    if (!this.scans.getScan(id)) refuse('unknown-scan', 'Scan', `There is no scan with id ${id}.`, { id });
    return this.scans.analysesOfScan(id);
  }

  latestAnalysisForPatient(patientId: number): Analysis | null {
    return this.scans.latestAnalysis(this.getPatient(patientId).id);
  }

  analysisInUse(patientId: number): Analysis | null {
    return this.scans.analysisInUse(this.getPatient(patientId).id);
  }

  /**
   * The clinician chooses which of the patient's analyses counts (estimate, calibration set,
   * exports), with a reason: a new append-only choice row (the earlier choice stays), its audit
   * entry (analysis in use before → after) and a corrections row (the chart marks the analysis).
   */
  chooseAnalysis(patientId: number, analysisId: number, reason: string): AnalysisChoice {
    const patient = this.livePatient(patientId);
    const analysis = this.getAnalysis(analysisId);
    if (analysis.patientId !== patient.id) {
      refuse('wrong-patient', 'Analysis', `Analysis ${analysis.id} belongs to another patient. Choose one of this patient's analyses.`, { id: analysis.id });
    }
    const scan = this.scans.getScan(analysis.scanId) as Scan;
    if (scan.deletedAt !== null) {
      refuse('deleted', 'Analysis', `Analysis ${analysis.id} is of scan ${scan.id}, which was removed (${scan.deletionReason}); it cannot count for the estimate.`, { id: analysis.id });
    }
    const why = checkCorrectionReason(reason, 'Reason for the choice');
    return this.mutate((at) => {
      const before = this.scans.analysisInUse(patient.id);
      if (before?.id === analysis.id) {
        refuse('already-in-use', 'Analysis', `Analysis ${analysis.id} already counts for this patient's estimate. Choose another analysis to change it.`, { id: analysis.id });
      }
      const choices = analysisChoicesOf(this.db);
      const id = choices.insert({ patientId: patient.id, analysisId: analysis.id, reason: why, at, clinician: this.actor.clinician });
      const choice = choices.ofPatient(patient.id).find((c) => c.id === id) as AnalysisChoice;
      return {
        result: choice,
        audit: {
          entity: 'analysis', entityId: analysis.id, action: 'update',
          before: { patientId: patient.id, analysisInUse: before?.id ?? null },
          after: { patientId: patient.id, analysisInUse: analysis.id },
        },
        correction: { patientId: patient.id, entity: 'analysis', entityId: analysis.id, action: 'update', fields: ['analysisInUse'], reason: why },
      };
    });
  }

  /** The patient's choices of the analysis that counts, newest first. */
  listAnalysisChoices(patientId: number): AnalysisChoice[] {
    return analysisChoicesOf(this.db).ofPatient(this.getPatient(patientId).id);
  }
}
