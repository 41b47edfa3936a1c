/**
 * The schema as a numbered list of migrations. Migration N brings the database from
 * `user_version` N−1 to N; the runner (database.ts) applies the missing ones in one transaction
 * after taking a backup. Never edit a released migration: add the next one.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type Database from 'better-sqlite3';
import { normalizeStoredIdentifiers } from './identifier-normalization';

/** What a migration may need besides the connection (the runner passes the record's clock). */
export interface MigrationContext {
  /** ISO time of this migration run (audit entries a migration writes). */
  atIso: string;
}
import { createPatientSummary } from './patient-summary';

export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database, context?: MigrationContext): void;
}

const HEX64 = `GLOB '${'[0-9a-f]'.repeat(64)}'`;
const ISO_DAY = `GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'`;

/** Integer item columns with their range checks, e.g. hads1..hads14 INTEGER CHECK (0..3). */
function itemColumns(prefix: string, count: number, max: number): string {
  return Array.from({ length: count }, (_, i) => {
    const c = `${prefix}${i + 1}`;
    return `${c} INTEGER CHECK (${c} IS NULL OR (${c} BETWEEN 0 AND ${max} AND ${c} = CAST(${c} AS INTEGER)))`;
  }).join(',\n  ');
}

const SOFT_DELETE = `deleted_at TEXT,
  deletion_reason TEXT,
  CHECK ((deleted_at IS NULL) = (deletion_reason IS NULL)),
  CHECK (deletion_reason IS NULL OR length(trim(deletion_reason)) > 0)`;

/** Per-patient date shift for de-identified exports: ±1..365 days, never 0. */
export function newDateShiftDays(): number {
  const magnitude = randomInt(1, 366);
  return randomInt(0, 2) === 0 ? -magnitude : magnitude;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'patients, scans, analyses, infusions, assessments, audit log',
    up(db) {
      db.exec(`
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  hospital_id TEXT COLLATE NOCASE UNIQUE CHECK (hospital_id IS NULL OR length(hospital_id) BETWEEN 1 AND 64),
  display_code TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(display_code) BETWEEN 1 AND 64),
  birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),
  birth_date TEXT CHECK (birth_date IS NULL OR (birth_date ${ISO_DAY} AND length(birth_date) = 10)),
  sex TEXT NOT NULL DEFAULT 'unknown' CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  diagnosis TEXT NOT NULL DEFAULT '',
  pain_duration_months REAL CHECK (pain_duration_months IS NULL OR pain_duration_months BETWEEN 0 AND 1200),
  psychiatric_history INTEGER CHECK (psychiatric_history IS NULL OR psychiatric_history IN (0, 1)),
  abnormal_mri INTEGER CHECK (abnormal_mri IS NULL OR abnormal_mri IN (0, 1)),
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  ${SOFT_DELETE}
);

CREATE TABLE scans (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  acquired_at TEXT NOT NULL CHECK (acquired_at ${ISO_DAY}),
  original_path TEXT NOT NULL CHECK (length(original_path) > 0),
  sha256 TEXT NOT NULL CHECK (sha256 ${HEX64}),
  header_json TEXT CHECK (header_json IS NULL OR json_valid(header_json)),
  created_at TEXT NOT NULL,
  ${SOFT_DELETE},
  UNIQUE (id, patient_id)
);
CREATE INDEX scans_by_patient ON scans(patient_id);

CREATE TABLE analyses (
  id INTEGER PRIMARY KEY,
  scan_id INTEGER NOT NULL REFERENCES scans(id),
  settings_json TEXT NOT NULL CHECK (json_valid(settings_json)),
  settings_hash TEXT NOT NULL CHECK (settings_hash ${HEX64}),
  r REAL NOT NULL CHECK (r BETWEEN -1 AND 1),
  z REAL NOT NULL CHECK (z BETWEEN -20 AND 20),
  qc_json TEXT NOT NULL CHECK (json_valid(qc_json)),
  provenance_json TEXT NOT NULL CHECK (json_valid(provenance_json)),
  signals_json TEXT CHECK (signals_json IS NULL OR json_valid(signals_json)),
  seed_map_path TEXT,
  seed_map_sha256 TEXT CHECK (seed_map_sha256 IS NULL OR seed_map_sha256 ${HEX64}),
  mean_image_path TEXT,
  mean_image_sha256 TEXT CHECK (mean_image_sha256 IS NULL OR mean_image_sha256 ${HEX64}),
  created_at TEXT NOT NULL,
  CHECK ((seed_map_path IS NULL) = (seed_map_sha256 IS NULL)),
  CHECK ((mean_image_path IS NULL) = (mean_image_sha256 IS NULL))
);
CREATE INDEX analyses_by_scan ON analyses(scan_id);

CREATE TABLE infusions (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  scan_id INTEGER,
  started_at TEXT NOT NULL CHECK (started_at ${ISO_DAY} AND length(started_at) >= 16),
  weight_kg REAL NOT NULL CHECK (weight_kg > 0 AND weight_kg <= 400),
  dose_mg_per_kg REAL NOT NULL CHECK (dose_mg_per_kg > 0 AND dose_mg_per_kg <= 2),
  total_mg REAL NOT NULL CHECK (total_mg > 0 AND total_mg <= 800),
  duration_min REAL NOT NULL CHECK (duration_min > 0 AND duration_min <= 1440),
  minutes_from_scan INTEGER CHECK (minutes_from_scan IS NULL OR minutes_from_scan BETWEEN -5256000 AND 5256000),
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  ${SOFT_DELETE},
  UNIQUE (id, patient_id),
  FOREIGN KEY (scan_id, patient_id) REFERENCES scans(id, patient_id)
);
CREATE INDEX infusions_by_patient ON infusions(patient_id);

CREATE TABLE assessments (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  infusion_id INTEGER NOT NULL,
  time_point TEXT NOT NULL CHECK (time_point IN ('pre', 'post60')),
  recorded_at TEXT NOT NULL CHECK (recorded_at ${ISO_DAY}),
  nrs INTEGER CHECK (nrs IS NULL OR (nrs BETWEEN 0 AND 10 AND nrs = CAST(nrs AS INTEGER))),
  has_hads INTEGER NOT NULL CHECK (has_hads IN (0, 1)),
  ${itemColumns('hads', 14, 3)},
  has_pcs INTEGER NOT NULL CHECK (has_pcs IN (0, 1)),
  ${itemColumns('pcs', 13, 4)},
  created_at TEXT NOT NULL,
  ${SOFT_DELETE},
  FOREIGN KEY (infusion_id, patient_id) REFERENCES infusions(id, patient_id)
);
CREATE INDEX assessments_by_patient ON assessments(patient_id);
CREATE INDEX assessments_by_infusion ON assessments(infusion_id);
CREATE UNIQUE INDEX one_live_assessment_per_time_point ON assessments(infusion_id, time_point) WHERE deleted_at IS NULL;

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  clinician TEXT NOT NULL CHECK (length(clinician) > 0),
  os_user TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER,
  action TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  prev_hash TEXT NOT NULL CHECK (prev_hash ${HEX64}),
  hash TEXT NOT NULL CHECK (hash ${HEX64})
);
CREATE INDEX audit_by_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`);
    },
  },
  {
    version: 2,
    description: 'response estimates stored with their model',
    up(db) {
      db.exec(`
CREATE TABLE estimates (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  analysis_id INTEGER REFERENCES analyses(id),
  z REAL NOT NULL CHECK (z BETWEEN -20 AND 20),
  settings_hash TEXT CHECK (settings_hash IS NULL OR settings_hash ${HEX64}),
  estimate_json TEXT NOT NULL CHECK (json_valid(estimate_json) AND json_type(estimate_json) = 'object'),
  model_json TEXT NOT NULL CHECK (json_valid(model_json) AND json_type(model_json) = 'object'),
  model_id TEXT NOT NULL CHECK (length(model_id) > 0),
  created_at TEXT NOT NULL
);
CREATE INDEX estimates_by_patient ON estimates(patient_id);
`);
    },
  },
  {
    version: 3,
    description: 'secrets for de-identified export (per-patient date shift, pseudonym key)',
    up(db) {
      db.exec(`
CREATE TABLE patient_secrets (
  patient_id INTEGER PRIMARY KEY REFERENCES patients(id),
  date_shift_days INTEGER NOT NULL CHECK (date_shift_days BETWEEN -365 AND 365 AND date_shift_days <> 0)
);
`);
      const insert = db.prepare('INSERT INTO patient_secrets (patient_id, date_shift_days) VALUES (?, ?)');
      for (const row of db.prepare('SELECT id FROM patients').all() as { id: number }[]) insert.run(row.id, newDateShiftDays());
      db.prepare("INSERT INTO meta (key, value) VALUES ('pseudonym_key', ?)").run(randomBytes(32).toString('hex'));
    },
  },
  {
    version: 4,
    description: 'audit entries bind the rows they change; input-file identifiers moved out of the log into redactable scan_sources',
    up(db) {
      db.exec(`
CREATE TABLE scan_sources (
  scan_id INTEGER PRIMARY KEY REFERENCES scans(id),
  original_path TEXT CHECK (original_path IS NULL OR length(original_path) > 0),
  header_json TEXT CHECK (header_json IS NULL OR json_valid(header_json)),
  redacted_at TEXT,
  redaction_reason TEXT,
  CHECK ((redacted_at IS NULL) = (redaction_reason IS NULL))
) STRICT;
INSERT INTO scan_sources (scan_id, original_path, header_json) SELECT id, original_path, header_json FROM scans;
ALTER TABLE scans DROP COLUMN original_path;
ALTER TABLE scans DROP COLUMN header_json;
UPDATE analyses SET provenance_json = json_remove(provenance_json, '$.input.path', '$.input.header');
ALTER TABLE audit_log ADD COLUMN rows_json TEXT CHECK (rows_json IS NULL OR json_valid(rows_json));
`);
    },
  },
  {
    version: 5,
    description: 'corrections: the reason, who and when of every correction or removal of clinical data',
    up(db) {
      db.exec(`
CREATE TABLE corrections (
  id INTEGER PRIMARY KEY,
  audit_seq INTEGER NOT NULL UNIQUE,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  entity TEXT NOT NULL CHECK (entity IN ('patient', 'infusion', 'assessment', 'analysis', 'scan')),
  entity_id INTEGER NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('update', 'delete')),
  fields_json TEXT NOT NULL CHECK (json_valid(fields_json) AND json_type(fields_json) = 'array'),
  reason TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 500),
  at TEXT NOT NULL,
  clinician TEXT NOT NULL CHECK (length(clinician) > 0)
);
CREATE INDEX corrections_by_patient ON corrections(patient_id);
CREATE TRIGGER corrections_no_update BEFORE UPDATE ON corrections
  BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
CREATE TRIGGER corrections_no_delete BEFORE DELETE ON corrections
  BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
`);
    },
  },
  {
    version: 6,
    description: 'frozen pre-treatment estimates; indexes for the calibration set and the patient list at clinic scale',
    up(db) {
      db.exec(`
ALTER TABLE estimates ADD COLUMN frozen INTEGER NOT NULL DEFAULT 0 CHECK (frozen IN (0, 1));
-- Touch the existing rows so that the migrate entry re-binds them with their new column.
UPDATE estimates SET frozen = 0;
CREATE UNIQUE INDEX one_frozen_estimate_per_settings ON estimates(patient_id, settings_hash) WHERE frozen = 1;
CREATE INDEX analyses_by_settings ON analyses(settings_hash, scan_id);
CREATE INDEX infusions_latest_by_patient ON infusions(patient_id, started_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX patients_by_update ON patients(updated_at DESC, id DESC);
`);
    },
  },
  {
    version: 7,
    description: 'local user accounts (scrypt password hashes, roles, deactivation), sign-in throttling, audit entries bound to the signed-in user',
    up(db) {
      db.exec(`
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
  username_key TEXT NOT NULL UNIQUE CHECK (length(username_key) BETWEEN 1 AND 64),
  display_name TEXT NOT NULL CHECK (length(trim(display_name)) BETWEEN 1 AND 120),
  role TEXT NOT NULL CHECK (role IN ('administrator', 'clinician')),
  password_hash TEXT NOT NULL CHECK (password_hash GLOB 'scrypt$*'),
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deactivated_at TEXT,
  deactivation_reason TEXT,
  CHECK ((active = 0) = (deactivated_at IS NOT NULL))
) STRICT;
CREATE TRIGGER users_no_delete BEFORE DELETE ON users
  BEGIN SELECT RAISE(ABORT, 'users are deactivated, never deleted'); END;
CREATE TABLE sign_in_throttle (
  name_hash TEXT PRIMARY KEY CHECK (name_hash ${HEX64}),
  failures INTEGER NOT NULL CHECK (failures >= 0),
  last_failed_at TEXT NOT NULL
) STRICT;
ALTER TABLE audit_log ADD COLUMN user_id INTEGER;
`);
    },
  },
  {
    version: 8,
    description: 'analysis choices (which analysis counts for a patient, with a reason); stored identifiers NFKC-normalized as audited corrections',
    up(db, context) {
      db.exec(`
CREATE TABLE analysis_choices (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  analysis_id INTEGER NOT NULL REFERENCES analyses(id),
  reason TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 500),
  at TEXT NOT NULL,
  clinician TEXT NOT NULL CHECK (length(clinician) > 0)
);
CREATE INDEX analysis_choices_by_patient ON analysis_choices(patient_id, id DESC);
CREATE TRIGGER analysis_choices_no_update BEFORE UPDATE ON analysis_choices
  BEGIN SELECT RAISE(ABORT, 'analysis choices are append-only'); END;
CREATE TRIGGER analysis_choices_no_delete BEFORE DELETE ON analysis_choices
  BEGIN SELECT RAISE(ABORT, 'analysis choices are append-only'); END;
`);
      normalizeStoredIdentifiers(db, context?.atIso ?? new Date().toISOString());
    },
  },
  {
    version: 9,
    description: "seed-to-voxel mean z (the study's metric) stored beside the ROI-to-ROI z; one frozen estimate per settings and metric",
    up(db) {
      db.exec(`
ALTER TABLE analyses ADD COLUMN seed_to_voxel_z REAL CHECK (seed_to_voxel_z IS NULL OR seed_to_voxel_z BETWEEN -20 AND 20);
ALTER TABLE analyses ADD COLUMN seed_to_voxel_voxels INTEGER CHECK (seed_to_voxel_voxels IS NULL OR (seed_to_voxel_voxels > 0 AND seed_to_voxel_voxels = CAST(seed_to_voxel_voxels AS INTEGER)));
-- Either all three or none (analyses stored before this migration have none).
ALTER TABLE analyses ADD COLUMN seed_to_voxel_fwhm_mm REAL CHECK ((seed_to_voxel_fwhm_mm IS NULL AND seed_to_voxel_z IS NULL AND seed_to_voxel_voxels IS NULL)
  OR (seed_to_voxel_fwhm_mm BETWEEN 0 AND 30 AND seed_to_voxel_z IS NOT NULL AND seed_to_voxel_voxels IS NOT NULL));
DROP INDEX one_frozen_estimate_per_settings;
CREATE UNIQUE INDEX one_frozen_estimate_per_model ON estimates(patient_id, settings_hash, coalesce(json_extract(model_json, '$.metric'), 'roi-to-roi')) WHERE frozen = 1;
`);
    },
  },
  {
    version: 10,
    description: 'patient summary (latest z, NRS pair, outcome, calibration pair) kept by triggers, and the clinical revision counter',
    up(db) {
      createPatientSummary(db);
    },
  },
];

/** From this schema version on, audit entries bind the clinical rows they change (row-binding.ts). */
export const BINDING_VERSION = 4;

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The migrations that build schema `version` (by number: robust to a gap left for another branch's migration). */
export function migrationsUpTo(version: number): readonly Migration[] {
  return MIGRATIONS.filter((m) => m.version <= version);
}
