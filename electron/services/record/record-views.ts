/**
 * Read-only views over the repositories (split from record-store.ts): an infusion with its
 * assessments and NRS outcome, the per-patient summary the chart, the export and the calibration
 * set share, and the calibration rows.
 */
import type Database from 'better-sqlite3';
import type { CalibrationRow, Infusion, InfusionWithAssessments, Patient, Scan } from '../../../shared/record/types';
import { checkEligibility } from '../../../shared/scoring/eligibility';
import { nrsOutcome } from '../../../shared/scoring/nrs';
import type { PatientSummary } from './cohort-csv';
import type { InfusionsRepo } from './infusions-repo';
import type { PatientsRepo } from './patients-repo';
import type { ScansRepo } from './scans-repo';

export interface RecordRepos {
  patients: PatientsRepo;
  scans: ScansRepo;
  infusions: InfusionsRepo;
}

export type FullSummary = PatientSummary & { infusionsFull: InfusionWithAssessments[]; scansAll: Scan[] };

export function infusionsWithAssessments(infusions: InfusionsRepo, patientId: number): InfusionWithAssessments[] {
  return infusions.infusionsOfPatient(patientId).map((infusion) => {
    const assessments = infusions.assessmentsOfInfusion(infusion.id);
    const pre = assessments.find((a) => a.timePoint === 'pre') ?? null;
    const post = assessments.find((a) => a.timePoint === 'post60') ?? null;
    return { ...infusion, assessments, outcome: nrsOutcome(pre?.nrs ?? null, post?.nrs ?? null) };
  });
}

/** What the chart, the export and the calibration set know about one patient. */
export function summarize(repos: RecordRepos, patient: Patient): FullSummary {
  const scansAll = repos.scans.scansOfPatient(patient.id);
  const analysisInUse = repos.scans.analysisInUse(patient.id);
  const infusionsFull = infusionsWithAssessments(repos.infusions, patient.id);
  const latest = infusionsFull[0] ?? null;
  const pre = latest?.assessments.find((a) => a.timePoint === 'pre') ?? null;
  const post = latest?.assessments.find((a) => a.timePoint === 'post60') ?? null;
  const linkedScan = latest?.scanId != null ? scansAll.find((s) => s.id === latest.scanId) ?? null : null;
  const analysisScan = analysisInUse ? scansAll.find((s) => s.id === analysisInUse.scanId) ?? null : null;
  const scan = linkedScan ?? analysisScan ?? scansAll[0] ?? null;
  const eligibility = checkEligibility({
    painDurationMonths: patient.painDurationMonths, psychiatricHistory: patient.psychiatricHistory,
    abnormalMri: patient.abnormalMri, baselineNrs: pre?.nrs ?? null, scanAcquiredAt: scan?.acquiredAt ?? null,
    infusionStartedAt: latest?.startedAt ?? null, minutesFromScan: linkedScan ? latest?.minutesFromScan ?? null : null,
  });
  const infusion: Infusion | null = latest && (({ assessments: _a, outcome: _o, ...rest }) => rest)(latest);
  return {
    patient, analysisInUse, scan: analysisScan ?? scan, infusion, pre, post,
    outcome: latest ? latest.outcome : nrsOutcome(null, null), eligibility,
    dateShiftDays: repos.patients.dateShiftDays(patient.id) ?? 0, infusionsFull, scansAll,
  };
}
