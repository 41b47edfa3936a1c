/**
 * `krp model --cohort FILE.csv [--metric roi-to-roi|seed-to-voxel-mean] [--predict Z] [--settings-hash H] [--json]`:
 * the site-calibrated response model from a cohort file, on the same code path as the app (shared/model).
 * The CSV has columns id, z, nrs_pre, nrs_post (optional settings_hash); with
 * `--metric seed-to-voxel-mean` the z is read from seed_to_voxel_z instead. Bad rows are reported on
 * stderr by line number, exit 1, nothing fitted; usage errors exit 2.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isKrpError } from '../../../shared/errors';
import { selectCalibrationSet } from '../../../shared/model/calibration-set';
import { parseCohortCsv } from '../../../shared/model/cohort-csv';
import { RESEARCH_USE_NOTICE_EN, RESEARCH_USE_NOTICE_JA } from '../../../shared/model/notice';
import { PUBLISHED_STUDY } from '../../../shared/model/published-study';
import {
  estimateResponse, fitSiteModel, modelVersionOf, siteModelStatus, validationSummaryOf, type ResponseEstimate, type SiteModel,
} from '../../../shared/model/response-model';
import { SKILL_GATE } from '../../../shared/model/skill-gate';
import { DEFAULT_MODEL_METRIC, isModelMetric, MODEL_METRICS, type ModelMetric } from '../../../shared/model/model-input';
import type { CliCommand, CliIo } from '../cli-io';

export const MODEL_USAGE = 'usage: krp model --cohort FILE.csv [--metric roi-to-roi|seed-to-voxel-mean] [--predict Z] [--settings-hash H] [--json]';

/** Settings label for a cohort file without a settings_hash column. */
export const UNSPECIFIED_SETTINGS = 'unspecified';

class UsageError extends Error {}

type ModelArgs = { cohort: string; metric: ModelMetric; predict: number | null; settingsHash: string | null; json: boolean };

function parseArgs(args: string[], cwd: string): ModelArgs {
  let cohort: string | null = null;
  let predict: number | null = null;
  let settingsHash: string | null = null;
  let metric: ModelMetric = DEFAULT_MODEL_METRIC;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--json': json = true; break;
      case '--cohort': cohort = resolve(cwd, value()); break;
      case '--settings-hash': settingsHash = value(); break;
      case '--metric': {
        const text = value();
        if (!isModelMetric(text)) throw new UsageError(`--metric must be ${MODEL_METRICS.join(' or ')}, got "${text}"`);
        metric = text;
        break;
      }
      case '--predict': {
        const text = value();
        const z = Number(text);
        if (text.trim() === '' || !Number.isFinite(z)) throw new UsageError(`--predict needs the patient's Fisher z as a number, got "${text}"`);
        predict = z;
        break;
      }
      default: throw new UsageError(`unknown option "${arg}"`);
    }
  }
  if (cohort === null) throw new UsageError('--cohort FILE.csv is required');
  return { cohort, metric, predict, settingsHash, json };
}

/** The JSON object printed by `krp model --json` (snake_case, the shape given in issue 4). */
export function modelJson(model: SiteModel, estimate: ResponseEstimate | null, createdAt: string): Record<string, unknown> {
  const fit = model.fit.status === 'ok' ? model.fit.value : null;
  const correlation = model.correlation.status === 'ok' ? model.correlation.value : null;
  const comparison = model.comparisonWithPublished.status === 'ok' ? model.comparisonWithPublished.value : null;
  const validation = validationSummaryOf(model.loo);
  const { status, reasons } = siteModelStatus(model);
  const cal = model.calibration;
  const version = modelVersionOf(model, createdAt);
  const out: Record<string, unknown> = {
    metric: model.metric,
    status,
    reasons: reasons.map((r) => ({ code: r.code, message: r.message })),
    n: cal.n,
    responders: cal.responders,
    non_responders: cal.nonResponders,
    excluded: {
      no_analysis: cal.excluded.noAnalysis,
      other_settings: cal.excluded.otherSettings,
      missing_nrs: cal.excluded.missingNrs,
      baseline_below_3: cal.excluded.baselineBelow3,
      baseline_zero: cal.excluded.baselineZero,
    },
    slope: fit ? fit.slope : null,
    intercept: fit ? fit.intercept : null,
    r: fit ? fit.r : null,
    r_ci: correlation ? correlation.ci95 : null,
    p: correlation ? correlation.p : null,
    residual_sd: fit ? fit.residualSd : null,
    published: { r: PUBLISHED_STUDY.r, ci95: PUBLISHED_STUDY.ci95, n: PUBLISHED_STUDY.n },
    difference_from_published: comparison ? { z: comparison.z, p: comparison.p } : null,
    skill_gate: {
      passed: !reasons.some((r) => r.code.startsWith('skill-')) && status !== 'cannot-estimate' && model.gate.status !== 'withheld',
      r_ci_excludes_zero_in_direction: SKILL_GATE.direction,
      calibration_slope_range: [SKILL_GATE.calibrationSlopeMin, SKILL_GATE.calibrationSlopeMax],
    },
    loo: {
      r: validation ? validation.r : null,
      mae: validation ? validation.mae : null,
      auc: validation ? validation.auc : null,
      auc_ci95: validation ? validation.aucCi95 : null,
      auc_method: validation ? validation.aucMethod : null,
      calibration_slope: validation ? validation.calibrationSlope : null,
      calibration_intercept: validation ? validation.calibrationIntercept : null,
      reason: model.loo.status === 'ok' ? (model.loo.value.auc.status === 'ok' ? null : `AUC: ${model.loo.value.auc.message}`) : model.loo.message,
    },
    model_version: {
      id: version.id,
      method: version.method,
      calibration_set_hash: version.calibrationSetHash,
      n: version.n,
      slope: version.slope,
      intercept: version.intercept,
      residual_sd: version.residualSd,
      settings_hash: version.settingsHash,
      metric: version.metric,
      created_at: version.createdAt,
    },
  };
  if (estimate) {
    out.prediction = {
      z: estimate.patientZ,
      reduction_pct: estimate.predictedReductionPct,
      pi95: estimate.pi95,
      p_responder: estimate.pResponder,
      percentile: estimate.percentile,
      published_direction: estimate.published.direction,
      status: estimate.status,
      reasons: estimate.reasons.map((r) => ({ code: r.code, message: r.message })),
    };
  }
  out.notice = { ja: RESEARCH_USE_NOTICE_JA, en: RESEARCH_USE_NOTICE_EN };
  return out;
}

function fmt(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined ? '—' : value.toFixed(digits);
}

function text(model: SiteModel, estimate: ResponseEstimate | null): string {
  const { status, reasons } = siteModelStatus(model);
  const cal = model.calibration;
  const fit = model.fit.status === 'ok' ? model.fit.value : null;
  const v = validationSummaryOf(model.loo);
  const c = model.correlation.status === 'ok' ? model.correlation.value : null;
  const d = model.comparisonWithPublished.status === 'ok' ? model.comparisonWithPublished.value : null;
  const lines = [
    `Metric: ${model.metric === 'seed-to-voxel-mean' ? 'seed-to-voxel mean z in the precuneus (the study\'s metric, column seed_to_voxel_z)' : 'ROI-to-ROI z (column z)'}`,
    `Calibration set: n = ${cal.n} (${cal.responders} responders, ${cal.nonResponders} non-responders); excluded: ${cal.excluded.otherSettings} other settings, ${cal.excluded.noAnalysis} no z, ${cal.excluded.missingNrs} missing NRS, ${cal.excluded.baselineBelow3 + cal.excluded.baselineZero} baseline NRS < 3`,
    `Status: ${status}`,
    ...reasons.map((r) => `  - ${r.message}`),
    fit
      ? `Line: % NRS reduction = ${fmt(fit.intercept, 2)} ${fit.slope < 0 ? '−' : '+'} ${fmt(Math.abs(fit.slope), 2)} × z; residual SD ${fmt(fit.residualSd, 2)} % points`
      : 'Line: not estimable',
    c ? `Site r = ${fmt(c.r)} (95 % CI ${c.ci95 ? `${fmt(c.ci95[0])} to ${fmt(c.ci95[1])}` : '—'}), p = ${fmt(c.p, 4)}` : 'Site r: not estimable',
    `Published r = ${PUBLISHED_STUDY.r} (95 % CI ${PUBLISHED_STUDY.ci95[0]} to ${PUBLISHED_STUDY.ci95[1]}), n = ${PUBLISHED_STUDY.n}` +
      (d ? `; difference: z = ${fmt(d.z, 2)}, p = ${fmt(d.p, 4)}` : ''),
    v
      ? `Leave-one-out: r = ${fmt(v.r)}, MAE = ${fmt(v.mae, 1)} % points, calibration slope = ${fmt(v.calibrationSlope)}, intercept = ${fmt(v.calibrationIntercept, 1)}, AUC = ${fmt(v.auc)}${v.aucCi95 ? ` (95 % CI ${fmt(v.aucCi95[0])} to ${fmt(v.aucCi95[1])})` : ''}`
      : `Leave-one-out: not estimable${model.loo.status === 'cannot-estimate' ? ` (${model.loo.message})` : ''}`,
  ];
  if (estimate) {
    lines.push(estimate.predictedReductionPct !== null && estimate.pi95
      ? `Prediction for z = ${estimate.patientZ}: ${fmt(estimate.predictedReductionPct, 1)} % NRS reduction (95 % PI ${fmt(estimate.pi95[0], 1)} to ${fmt(estimate.pi95[1], 1)}), P(responder) = ${fmt(estimate.pResponder, 2)} [${estimate.status}, n = ${estimate.n}]`
      : `Prediction for z = ${estimate.patientZ}: ${estimate.status}; the z is at the ${fmt(estimate.percentile, 0)}th percentile of the site's patients. ${estimate.published.direction.en}`);
    for (const r of estimate.reasons.filter((x) => x.kind === 'caveat')) lines.push(`  - ${r.message}`);
  }
  lines.push('', RESEARCH_USE_NOTICE_JA, RESEARCH_USE_NOTICE_EN);
  return lines.join('\n') + '\n';
}

export const modelCommand: CliCommand = {
  async run(args: string[], io: CliIo): Promise<number> {
    let parsed: ModelArgs;
    try {
      parsed = parseArgs(args, io.cwd);
    } catch (error) {
      if (error instanceof UsageError) { io.stderr(`krp model: ${error.message}\n${MODEL_USAGE}\n`); return 2; }
      throw error;
    }
    let content: string;
    try {
      content = readFileSync(parsed.cohort, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.stderr(`krp model: cannot read ${parsed.cohort} (${code ?? String(error)}): check the path.\n`);
      return 1;
    }
    const csv = parseCohortCsv(content, { metric: parsed.metric });
    if (csv.errors.length > 0) {
      for (const e of csv.errors) io.stderr(`${parsed.cohort}:${e.line}: ${e.message}\n`);
      io.stderr(`krp model: ${csv.errors.length} line${csv.errors.length === 1 ? '' : 's'} with errors; nothing was fitted. Correct the file and run again.\n`);
      return 1;
    }
    let settingsHash = parsed.settingsHash;
    if (settingsHash === null) {
      if (csv.settingsHashes.length > 1) {
        io.stderr(`krp model: the file mixes ${csv.settingsHashes.length} analysis settings (${csv.settingsHashes.join(', ')}); patients analysed differently cannot be pooled. Choose one with --settings-hash.\n`);
        return 1;
      }
      settingsHash = csv.settingsHashes[0] ?? UNSPECIFIED_SETTINGS;
    }
    const candidates = csv.hasSettingsColumn ? csv.candidates : csv.candidates.map((c) => ({ ...c, settingsHash }));
    try {
      const model = fitSiteModel(selectCalibrationSet(candidates, settingsHash), parsed.metric);
      const createdAt = new Date().toISOString();
      const estimate = parsed.predict === null ? null : estimateResponse(model, parsed.predict, createdAt);
      io.stdout(parsed.json ? `${JSON.stringify(modelJson(model, estimate, createdAt), null, 2)}\n` : text(model, estimate));
      return 0;
    } catch (error) {
      if (isKrpError(error)) { io.stderr(`krp model: ${error.message}\n`); return 1; }
      throw error;
    }
  },
};
