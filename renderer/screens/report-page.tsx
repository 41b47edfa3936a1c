/**
 * The printed A4 page itself (report-view.tsx loads the data and saves the PDF): institution
 * header, research-use notice (ja+en), identity as configured (pseudonymised: none), scan and QC
 * with the viewer snapshot and its colour key, the scores with HADS bands and the scales' notes,
 * the treatment response, the estimate beside the site scatter with this patient marked, the
 * signature block and the footer (page, notice, app version, record audit head). The page is a
 * column whose signature and footer sit at the bottom, so it is filled, never spilled.
 */
import type { AppInfo } from '../../shared/api';
import type { PatientEstimate } from '../../shared/api-imaging';
import type { PatientChart, TimePoint } from '../../shared/record/types';
import { formatZ } from '../../shared/format/numbers';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/catalog-en';
import { useNumberFormat } from '../number-format';
import { ResponseBadge } from '../components/outcome';
import { ResearchNotice, reasonText } from '../components/estimate-card';
import { warningText } from '../components/qc-panel';
import { ViewerLegend } from '../components/viewer-controls';
import { CohortScatter } from '../components/cohort-scatter';
import { analysisRuns } from './imaging-tab';
import { daysFromScan, isOffProtocolDose } from './report-deid';
import { ReportFooter, ReportScores, ScaleNotes, SignatureBlock } from './report-parts';

export interface ReportData {
  chart: PatientChart;
  estimate: PatientEstimate | null;
  info: AppInfo;
  clinician: string;
  institution: string;
  auditHead: string | null;
  snapshot: string | null;
  generatedAt: string;
  deidentified: boolean;
  ready: boolean;
}

/** The viewer's z threshold the snapshot is drawn with (brain-viewer.tsx's default view). */
const SNAPSHOT_THRESHOLD = 0.3;

export function ReportPage(props: ReportData) {
  const i18n = useI18n();
  const { t } = i18n;
  const f = useNumberFormat();
  const { chart, deidentified } = props;
  const p = chart.patient;
  const latest = chart.analysisInUse;
  const run = latest ? analysisRuns(chart).find((r) => r.analysis.id === latest.id) ?? null : null;
  const infusion = chart.infusions[0] ?? null;
  const needsSnapshot = latest?.seedMap != null;
  /** A date in the pseudonymised report: days from the scan, or nothing when there is no scan. */
  const relativeDay = (iso: string) => {
    const days = run ? daysFromScan(run.scan.acquiredAt, iso) : null;
    return days === null ? t('common.none') : t('report.dayFromScan', { days });
  };
  const assessment = (tp: TimePoint) => infusion?.assessments.find((a) => a.timePoint === tp && a.deletedAt === null) ?? null;
  const e = props.estimate?.estimate ?? null;
  const shown = e !== null && (e.status === 'estimate' || e.status === 'provisional') && e.pi95 !== null && e.predictedReductionPct !== null && e.pResponder !== null;
  const pct = (v: number) => f.percent(v, e?.n ?? 0);
  const counts = e ? { n: e.n, responders: e.calibration.responders, nonResponders: e.calibration.nonResponders, excluded: e.calibration.excluded } : null;
  const cohort = props.estimate?.cohort ?? null;
  const generated = deidentified ? t('report.generatedDeid', { app: t('app.name'), version: props.info.version })
    : t('report.generated', { time: i18n.dateTime(props.generatedAt), clinician: props.clinician, app: t('app.name'), version: props.info.version });

  return (
    <article className="report-page" data-testid="report-page" data-ready={props.ready ? 'yes' : 'no'}>
      <header className="report-head">
        <div className="report-title-row">
          <div>
            <p className={props.institution ? 'report-institution' : 'report-institution missing'} data-testid="report-institution">{props.institution || t('report.institutionMissing')}</p>
            <h1>{t('report.title')}</h1>
          </div>
          <p className="report-generated small">{deidentified ? null : i18n.date(props.generatedAt)}</p>
        </div>
        <ResearchNotice />
      </header>

      <section className="report-section identity-block">
        <h2>{t('report.patient')}</h2>
        <dl className="report-facts">
          {deidentified ? <div className="wide"><dt>{t('report.pseudonymised')}</dt><dd data-testid="report-pseudonymised">{t('report.pseudonymisedNote')}</dd></div> : (
            <>
              <div><dt>{t('patient.displayCode')}</dt><dd data-testid="report-code">{p.displayCode}</dd></div>
              <div><dt>{t('patient.hospitalId')}</dt><dd data-testid="report-hospital-id">{p.hospitalId ?? t('common.none')}</dd></div>
              <div><dt>{t('patient.birthYear')}</dt><dd>{p.birthYear ?? t('common.none')}</dd></div>
              <div><dt>{t('patient.sex')}</dt><dd>{t(`sex.${p.sex}`)}</dd></div>
              <div className="wide"><dt>{t('patient.diagnosis')}</dt><dd>{p.diagnosis || t('common.none')}</dd></div>
            </>
          )}
        </dl>
      </section>

      <section className="report-section">
        <h2>{t('report.scan')}</h2>
        {latest && run ? (
          <div className="report-scan">
            <div className="report-scan-text">
              <p className="report-z"><span>{t('imaging.z')}</span> <strong data-testid="report-z">{formatZ(latest.z, i18n.language)}</strong> <span className="muted">{t('report.rParen', { r: formatZ(latest.r, i18n.language) })}</span></p>
              <p className="small">{deidentified ? t('report.scanLineDeid') : t('report.scanLine', {
                acquired: i18n.date(run.scan.acquiredAt), analysed: i18n.dateTime(latest.createdAt),
                file: run.scan.originalPath.split(/[\\/]/).pop() ?? '',
              })}</p>
              <ul className="small report-qc">
                <li>{t('qc.volumes')}: {t('qc.volumesValue', { used: latest.qc.volumes.used, total: latest.qc.volumes.total, dropped: latest.qc.volumes.dropped, flagged: latest.qc.volumes.flagged, seconds: f.fixed(latest.qc.volumes.usableSeconds, 0) })}</li>
                <li>{t('qc.motion')}: {latest.qc.motion.modelled && latest.qc.motion.meanFdMm !== null && latest.qc.motion.maxFdMm !== null
                  ? t('qc.motionValue', { mean: f.fixed(latest.qc.motion.meanFdMm, 3), max: f.fixed(latest.qc.motion.maxFdMm, 3) }) : t('qc.motionNone')}</li>
                <li>{t('qc.tsnr')}: {t('roi.mpfc')} {f.fixed(latest.qc.rois.mpfc.tsnr, 1)} · {t('roi.precuneus')} {f.fixed(latest.qc.rois.precuneus.tsnr, 1)}; {t('qc.voxels')}: {latest.qc.rois.mpfc.voxels} / {latest.qc.rois.precuneus.voxels}</li>
                {latest.qc.warnings.map((w) => <li key={w.code} className="warn">{warningText(w.code, w.message, t)}</li>)}
              </ul>
            </div>
            <figure className="report-figure">
              {props.snapshot ? <img className="report-snapshot" src={props.snapshot} alt={t('imaging.viewer')} data-testid="report-snapshot" />
                : needsSnapshot ? <p className="muted">{t('report.snapshotPending')}</p> : null}
              {needsSnapshot ? (
                <figcaption className="report-legend" data-testid="report-legend">
                  <span className="legend-title">{t('report.legend')}: {t('report.legendZ')}</span>
                  <ViewerLegend view={{ threshold: SNAPSHOT_THRESHOLD, roiMode: 'outline' }} />
                </figcaption>
              ) : null}
            </figure>
          </div>
        ) : <p className="muted">{t('report.noScan')}</p>}
      </section>

      <section className="report-section">
        <h2>{t('report.scores')}</h2>
        {infusion ? (
          <>
            <p className="small">{deidentified ? relativeDay(infusion.startedAt) : i18n.dateTime(infusion.startedAt)} · {t('infusion.summary', { weight: i18n.number(infusion.weightKg, 1), dose: i18n.number(infusion.doseMgPerKg, 3), total: i18n.number(infusion.totalMg, 2), duration: i18n.number(infusion.durationMin, 0) })}
              {isOffProtocolDose(infusion.doseMgPerKg) ? <strong className="warn" data-testid="report-dose-off-protocol"> {t('infusion.offProtocol')}</strong> : null}</p>
            <ReportScores rows={(['pre', 'post60'] as const).map((tp) => ({ timePoint: tp, assessment: assessment(tp) }))} />
            <p className="report-outcome"><span className="label-inline">{t('report.outcome')}:</span>{' '}
              {infusion.outcome.reductionPct !== null && infusion.outcome.pre !== null && infusion.outcome.post !== null
                ? <strong data-testid="report-reduction">{t('outcome.reduction', { pre: infusion.outcome.pre, post: infusion.outcome.post, pct: i18n.percent(infusion.outcome.reductionPct) })}</strong> : null}{' '}
              <ResponseBadge outcome={infusion.outcome} />
            </p>
            <ScaleNotes />
          </>
        ) : <p className="muted">{t('report.noInfusion')}</p>}
      </section>

      <section className="report-section">
        <h2>{t('report.estimate')}</h2>
        {e === null || counts === null ? <p className="muted">{t('estimate.noAnalysis')}</p> : (
          <div className="report-estimate">
            <div data-testid="report-estimate">
              {shown ? (
                <>
                  <p className="report-prediction"><span>{t('estimate.predicted')}</span> <strong>{pct(e.predictedReductionPct!)}</strong>{e.status === 'provisional' ? t('report.provisionalLabel', { label: t('estimate.provisional') }) : ''}</p>
                  <p>{t('estimate.interval', { low: pct(e.pi95![0]), high: pct(e.pi95![1]) })}</p>
                  <p>{t('estimate.pResponder')}: <strong>{pct(e.pResponder! * 100)}</strong></p>
                </>
              ) : (
                <>
                  <p><strong>{t(e.status === 'cannot-estimate' ? 'estimate.cannot' : 'estimate.withheld')}</strong></p>
                  <ul className="small">{e.reasons.filter((r) => r.kind !== 'caveat').map((r) => <li key={r.code}>{reasonText(r, counts, i18n)}</li>)}</ul>
                  {e.percentile !== null ? <p className="small">{t('estimate.percentile', { z: f.z(e.patientZ), pct: f.fixed(e.percentile, 0), n: e.n })}</p> : null}
                  <p className="small">{e.published.direction[i18n.language]}</p>
                </>
              )}
              <p className="small" data-testid="report-status">{t('estimate.status', { status: t(`cohort.status.${e.status}` as MessageKey) })}</p>
              {props.estimate?.frozen ? <p className="small" data-testid="report-frozen">{t('estimate.frozen', { time: deidentified ? relativeDay(props.estimate.shownAt) : i18n.dateTime(props.estimate.shownAt) })}</p> : null}
              <p className="small" data-testid="report-model">{t('estimate.model', { id: e.model.id, n: e.n, responders: counts.responders, nonResponders: counts.nonResponders })}</p>
              {shown && e.reasons.length > 0 ? (
                <ul className="small" data-testid="report-caveats">{e.reasons.map((r) => <li key={r.code}>{reasonText(r, counts, i18n)}</li>)}</ul>
              ) : null}
            </div>
            <figure className="report-figure report-scatter" data-testid="report-scatter">
              <figcaption className="legend-title">{t('report.scatter')}</figcaption>
              {cohort && cohort.n > 0 ? (
                <CohortScatter cohort={cohort} print compact patient={{ z: e.patientZ, predicted: shown ? e.predictedReductionPct : null }} />
              ) : <p className="muted small">{t('report.scatterNone')}</p>}
            </figure>
          </div>
        )}
      </section>

      <div className="report-bottom">
        <SignatureBlock />
        <ReportFooter generated={generated} auditHead={props.auditHead} />
      </div>
    </article>
  );
}
