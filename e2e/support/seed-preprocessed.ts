/**
 * A patient whose stored analysis was preprocessed in the app (DICOM input): the preprocessing
 * summary (registration metrics, six motion parameters and FD per volume) in its provenance and a
 * registration check PNG in the data folder, written straight into the record (app closed).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PreprocessingSummary } from '../../shared/imaging/preprocessing-types';
import { encodePngRgb } from '../../electron/analysis/preprocess/png-encode';
import { RecordStore } from '../../electron/services/record/record-store';
import { analysisInput, sha256Of } from '../../electron/services/record/record-fixtures';
import { defaultSettingsHash } from '../../electron/services/estimate-service';
import { DATABASE_FILE } from '../../electron/shell/data-folder';

/** Three grey panels with a bright ring each: something recognisable on screen. */
function checkImage(): Buffer {
  const w = 480, h = 160;
  const rgb = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const cx = (Math.floor(x / 160) * 160) + 80, r = Math.hypot(x - cx, y - 80);
    const v = r < 60 ? 90 + Math.round(60 * Math.cos(r / 9)) : 0;
    const ring = Math.abs(r - 62) < 1.5;
    rgb.set(ring ? [255, 210, 0] : [v, v, v], (y * w + x) * 3);
  }
  return encodePngRgb(w, h, rgb);
}

export function seedPreprocessedPatient(dataDir: string, code: string, volumes = 120): { patientId: number; pngBytes: number } {
  const png = checkImage();
  const rel = 'analyses/seeded-dicom/registration_check.png';
  mkdirSync(join(dataDir, 'analyses', 'seeded-dicom'), { recursive: true });
  writeFileSync(join(dataDir, rel), png);
  const parameters = Array.from({ length: volumes }, (_, t) => [0.2 * Math.sin(t / 9), 0.1 * t / volumes, 0.3 * Math.sin(t / 15), 0.002 * Math.sin(t / 7), 0.001, -0.003 * t / volumes]);
  const fdMm = parameters.map((p, t) => (t === 0 ? 0 : p.reduce((s, v, i) => s + Math.abs(v - parameters[t - 1]![i]!) * (i < 3 ? 1 : 50), 0)));
  const summary: PreprocessingSummary = {
    input: 'dicom', stepsRun: ['convert', 'realign', 'slice-timing', 'coregister', 'normalize', 'registration-qc', 'resample'],
    durationsSeconds: {}, volumes, trSeconds: 2, nativeGrid: { dims: [64, 64, 33], voxelMm: [3.4, 3.4, 3.4] },
    sliceTiming: { applied: true, reason: 'SliceTiming from the DICOM sidecar' },
    realignment: { maxTranslationMm: 0.3, maxRotationDeg: 0.17, meanFdMm: fdMm.reduce((s, v) => s + v, 0) / volumes, maxFdMm: Math.max(...fdMm) },
    registration: {
      via: 't1', agreement: 0.87, agreementThreshold: 0.8, tissueAgreement: 0.17, tissueAgreementThreshold: 0.1, brainCoverage: 0.96, roiCoverage: { mpfc: 0.98, precuneus: 1 }, roiCoverageThreshold: 0.8,
      normalizationAgreement: 0.9, t1Overlap: 0.99, coregistrationShiftMm: 3,
    },
    motion: { parameters, fdMm },
    mniGrid: { dims: [91, 109, 91], voxelMm: 2 },
  };
  const store = RecordStore.open(join(dataDir, DATABASE_FILE), { actor: { clinician: 'e2e seed', osUser: 'e2e' } });
  try {
    const patient = store.createPatient({ displayCode: code, hospitalId: `H-${code}`, birthYear: 1970, sex: 'female' });
    const { scanId: _unused, ...analysis } = analysisInput(0, Math.tanh(0.31), defaultSettingsHash());
    store.recordAnalysisRun(
      { patientId: patient.id, acquiredAt: '2022-07-11', originalPath: '/scans/session', sha256: sha256Of(code), header: null },
      {
        ...analysis, seedMap: null, meanImage: null,
        provenance: { ...analysis.provenance, preprocessing: summary, registrationImage: { path: rel, sha256: createHash('sha256').update(png).digest('hex') } },
      },
    );
    return { patientId: patient.id, pngBytes: png.length };
  } finally {
    store.close();
  }
}
