/**
 * Which analysis counts for a patient. The clinician's choices are kept append-only in
 * `analysis_choices` (who, when, why; the old choice stays); the analysis in use is the newest
 * choice while its scan is live, else the newest analysis over the patient's live scans. Every query
 * that picks "the patient's analysis" (chart, estimate, calibration set, patient list, export)
 * orders by `IN_USE_ORDER`, so they all agree.
 */
import type Database from 'better-sqlite3';
import type { AnalysisChoice } from '../../../shared/record/types';

/**
 * ORDER BY terms over analyses `a` of one patient (`patientExpr`, an SQL expression): the chosen
 * analysis first, then newest first. Filter on live scans in the WHERE clause. `analysis`: the
 * analyses table's alias.
 */
export function inUseOrder(patientExpr: string, analysis = 'a'): string {
  return `(${analysis}.id IS (SELECT c.analysis_id FROM analysis_choices c WHERE c.patient_id = ${patientExpr} ORDER BY c.id DESC LIMIT 1)) DESC, ${analysis}.id DESC`;
}

interface ChoiceRow { id: number; patient_id: number; analysis_id: number; reason: string; at: string; clinician: string }

const fromRow = (r: ChoiceRow): AnalysisChoice => ({
  id: r.id, patientId: r.patient_id, analysisId: r.analysis_id, reason: r.reason, at: r.at, clinician: r.clinician,
});

export class AnalysisChoicesRepo {
  private readonly insertStmt; private readonly ofPatientStmt;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(`INSERT INTO analysis_choices (patient_id, analysis_id, reason, at, clinician)
      VALUES (@patientId, @analysisId, @reason, @at, @clinician)`);
    this.ofPatientStmt = db.prepare('SELECT * FROM analysis_choices WHERE patient_id = ? ORDER BY id DESC');
  }

  insert(choice: Omit<AnalysisChoice, 'id'>): number {
    return Number(this.insertStmt.run(choice).lastInsertRowid);
  }

  /** Newest first. */
  ofPatient(patientId: number): AnalysisChoice[] {
    return (this.ofPatientStmt.all(patientId) as ChoiceRow[]).map(fromRow);
  }
}

const repos = new WeakMap<Database.Database, AnalysisChoicesRepo>();
/** The repository of a connection (one per connection; a restore swaps the connection). */
export function analysisChoicesOf(db: Database.Database): AnalysisChoicesRepo {
  let repo = repos.get(db);
  if (!repo) { repo = new AnalysisChoicesRepo(db); repos.set(db, repo); }
  return repo;
}
