/**
 * One printable A4 page per patient (print CSS in styles.css hides everything else): identity as
 * configured (de-identified: display code only), scan and QC summary with a viewer snapshot (a
 * hidden NiiVue canvas drawn and copied to an <img>: a WebGL canvas prints black), z, the scores
 * table with subscales, % reduction and responder status, the estimate with its interval and the
 * research-use notice (ja+en), model version, generation time, clinician and app version.
 * "Save PDF…" prints this page through the host (printToPDF / page.pdf) to the chosen file.
 */
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/api';
import type { PatientEstimate } from '../../shared/api-imaging';
import type { Assessment, PatientChart, TimePoint } from '../../shared/record/types';
import type { HadsSubscaleScore, PcsScaleScore } from '../../shared/scoring/types';
import { krp } from '../bridge';
import { problemText, type Problem } from '../error-text';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/catalog-en';
import { ResponseBadge } from '../components/outcome';
import { BrainViewer, type ViewerApi } from '../components/brain-viewer';
import { ResearchNotice, reasonText } from '../components/estimate-card';
import { warningText } from '../components/qc-panel';
import { analysisRuns } from './imaging-tab';
import { daysFromScan, isOffProtocolDose } from './report-deid';
import { formatZ } from '../../shared/format/numbers';

export function ReportView(props: { patientId: number; onBack(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [chart, setChart] = useState<PatientChart | null>(null);
  const [estimate, setEstimate] = useState<PatientEstimate | null>(null);
  const [clinician, setClinician] = useState('');
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [snapshot, setSnapshot] = useState<string | null>(null);
  const [deidentified, setDeidentified] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [message, setMessage] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [generatedAt] = useState(() => new Date().toISOString());

  useEffect(() => {
    (async () => {
      const c = await krp().patients.open({ patientId: props.patientId });
      setChart(c);
      const [session, appInfo] = await Promise.all([krp().session.get({}), krp().app.info({})]);
      setClinician(session.clinician ?? '');
      setInfo(appInfo);
      if (c.analysisInUse) setEstimate(await krp().estimate.forPatient({ patientId: props.patientId }));
    })().catch((e: unknown) => setProblem({ error: e }));
  }, [props.patientId]);

  const onViewer = (api: ViewerApi) => {
    // Two frames: NiiVue has drawn the loaded volumes at the canvas size.
    requestAnimationFrame(() => requestAnimationFrame(() => setSnapshot(api.snapshot())));
  };

  if (problem && !chart) return <p className="error" role="alert">{problemText(problem, i18n)}</p>;
  if (!chart || !info) return <p className="muted">{t('app.loading')}</p>;
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
  const ready = (!needsSnapshot || snapshot !== null) && (latest === null || estimate !== null);

  const save = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await krp().report.savePdf({ patientId: p.id, deidentified });
      setMessage(r.status === 'cancelled' ? { key: 'settings.cancelled' } : { key: 'report.saved', values: { path: r.result.path } });
    } catch (e) {
      setMessage({ error: e });
    } finally {
      setBusy(false);
    }
  };

  const assessment = (tp: TimePoint) => infusion?.assessments.find((a) => a.timePoint === tp && a.deletedAt === null) ?? null;
  const e = estimate?.estimate ?? null;
  const shown = e !== null && (e.status === 'estimate' || e.status === 'provisional') && e.pi95 !== null && e.predictedReductionPct !== null && e.pResponder !== null;

  return (
    <div className="report-screen" data-testid="report-view">
      <div className="report-toolbar">
        <button type="button" className="link" onClick={props.onBack}>← {t('report.back')}</button>
        <label className="check"><input type="checkbox" checked={deidentified} onChange={(ev) => setDeidentified(ev.target.checked)} data-testid="report-deidentified" /> {t('report.deidentified')}</label>
        <button type="button" className="primary" disabled={!ready || busy} onClick={() => void save()} data-testid="report-save">{t('report.save')}</button>
        {message ? <span className="notice" role="status" data-testid="report-message">{problemText(message, i18n)}</span> : null}
      </div>
      {needsSnapshot && snapshot === null ? (
        <div className="snapshot-source" aria-hidden="true"><BrainViewer analysisId={latest!.id} compact onReady={onViewer} /></div>
      ) : null}

      <article className="report-page" data-testid="report-page" data-ready={ready ? 'yes' : 'no'}>
        <header className="report-head">
          <h1>{t('report.title')}</h1>
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
                <p className="report-z"><span>{t('imaging.z')}</span> <strong data-testid="report-z">{formatZ(latest.z, i18n.language)}</strong> <span className="muted">(r = {formatZ(latest.r, i18n.language)})</span></p>
                <p className="small">{deidentified ? t('report.scanLineDeid') : t('report.scanLine', {
                  acquired: i18n.date(run.scan.acquiredAt), analysed: i18n.dateTime(latest.createdAt),
                  file: run.scan.originalPath.split(/[\\/]/).pop() ?? '',
                })}</p>
                <ul className="small report-qc">
                  <li>{t('qc.volumes')}: {t('qc.volumesValue', { used: latest.qc.volumes.used, total: latest.qc.volumes.total, dropped: latest.qc.volumes.dropped, flagged: latest.qc.volumes.flagged, seconds: i18n.number(latest.qc.volumes.usableSeconds, 0) })}</li>
                  <li>{t('qc.motion')}: {latest.qc.motion.modelled && latest.qc.motion.meanFdMm !== null && latest.qc.motion.maxFdMm !== null
                    ? t('qc.motionValue', { mean: i18n.number(latest.qc.motion.meanFdMm, 3), max: i18n.number(latest.qc.motion.maxFdMm, 3) }) : t('qc.motionNone')}</li>
                  <li>{t('qc.tsnr')}: {t('roi.mpfc')} {i18n.number(latest.qc.rois.mpfc.tsnr, 1)} · {t('roi.precuneus')} {i18n.number(latest.qc.rois.precuneus.tsnr, 1)}; {t('qc.voxels')}: {latest.qc.rois.mpfc.voxels} / {latest.qc.rois.precuneus.voxels}</li>
                  {latest.qc.warnings.map((w) => <li key={w.code} className="warn">{warningText(w.code, w.message, t)}</li>)}
                </ul>
              </div>
              {snapshot ? <img className="report-snapshot" src={snapshot} alt={t('imaging.viewer')} data-testid="report-snapshot" /> : needsSnapshot ? <p className="muted">{t('report.snapshotPending')}</p> : null}
            </div>
          ) : <p className="muted">{t('report.noScan')}</p>}
        </section>

        <section className="report-section">
          <h2>{t('report.scores')}</h2>
          {infusion ? (
            <>
              <p className="small">{deidentified ? relativeDay(infusion.startedAt) : i18n.dateTime(infusion.startedAt)} · {t('infusion.summary', { weight: i18n.number(infusion.weightKg, 1), dose: i18n.number(infusion.doseMgPerKg, 3), total: i18n.number(infusion.totalMg, 2), duration: i18n.number(infusion.durationMin, 0) })}
                {isOffProtocolDose(infusion.doseMgPerKg) ? <strong className="warn" data-testid="report-dose-off-protocol"> {t('infusion.offProtocol')}</strong> : null}</p>
              <table className="table report-scores" data-testid="report-scores">
                <thead><tr>
                  <th>{t('report.col.time')}</th><th className="num">{t('report.col.nrs')}</th><th className="num">{t('report.col.hadsA')}</th><th className="num">{t('report.col.hadsD')}</th>
                  <th className="num">{t('report.col.pcs')}</th><th className="num">{t('report.col.pcsR')}</th><th className="num">{t('report.col.pcsM')}</th><th className="num">{t('report.col.pcsH')}</th>
                </tr></thead>
                <tbody>
                  {(['pre', 'post60'] as const).map((tp) => <ScoreRow key={tp} label={t(tp === 'pre' ? 'tp.pre' : 'tp.post60')} a={assessment(tp)} />)}
                </tbody>
              </table>
              <p className="report-outcome"><span className="label-inline">{t('report.outcome')}:</span>{' '}
                {infusion.outcome.reductionPct !== null && infusion.outcome.pre !== null && infusion.outcome.post !== null
                  ? <strong data-testid="report-reduction">{t('outcome.reduction', { pre: infusion.outcome.pre, post: infusion.outcome.post, pct: i18n.percent(infusion.outcome.reductionPct) })}</strong> : null}{' '}
                <ResponseBadge outcome={infusion.outcome} />
              </p>
            </>
          ) : <p className="muted">{t('report.noInfusion')}</p>}
        </section>

        <section className="report-section">
          <h2>{t('report.estimate')}</h2>
          {e === null ? <p className="muted">{t('estimate.noAnalysis')}</p> : (
            <div data-testid="report-estimate">
              {shown ? (
                <p><strong>{t('estimate.predicted')}: {i18n.percent(e.predictedReductionPct!)}</strong>{e.status === 'provisional' ? ` (${t('estimate.provisional')})` : ''} · {t('estimate.interval', { low: i18n.percent(e.pi95![0]), high: i18n.percent(e.pi95![1]) })} · {t('estimate.pResponder')}: {i18n.percent(e.pResponder! * 100)}</p>
              ) : (
                <>
                  <p><strong>{t(e.status === 'cannot-estimate' ? 'estimate.cannot' : 'estimate.withheld')}</strong></p>
                  <ul className="small">{e.reasons.filter((r) => r.kind !== 'caveat').map((r) => <li key={r.code}>{reasonText(r, { n: e.n, responders: e.calibration.responders, nonResponders: e.calibration.nonResponders, excluded: e.calibration.excluded }, i18n)}</li>)}</ul>
                  {e.percentile !== null ? <p className="small">{t('estimate.percentile', { z: i18n.number(e.patientZ, 3), pct: i18n.number(e.percentile, 0), n: e.n })}</p> : null}
                  <p className="small">{e.published.direction[i18n.language]}</p>
                </>
              )}
              <p className="small" data-testid="report-status">{t('estimate.status', { status: t(`cohort.status.${e.status}` as MessageKey) })}</p>
              {estimate?.frozen ? <p className="small" data-testid="report-frozen">{t('estimate.frozen', { time: deidentified ? relativeDay(estimate.shownAt) : i18n.dateTime(estimate.shownAt) })}</p> : null}
              <p className="small" data-testid="report-model">{t('estimate.model', { id: e.model.id, n: e.n, responders: e.calibration.responders, nonResponders: e.calibration.nonResponders })}</p>
              {shown && e.reasons.length > 0 ? (
                <ul className="small" data-testid="report-caveats">{e.reasons.map((r) => <li key={r.code}>{reasonText(r, { n: e.n, responders: e.calibration.responders, nonResponders: e.calibration.nonResponders, excluded: e.calibration.excluded }, i18n)}</li>)}</ul>
              ) : null}
            </div>
          )}
        </section>

        <footer className="report-foot small" data-testid="report-footer">
          {deidentified ? t('report.generatedDeid', { app: t('app.name'), version: info.version })
            : t('report.generated', { time: i18n.dateTime(generatedAt), clinician, app: t('app.name'), version: info.version })}
        </footer>
      </article>
    </div>
  );
}

function ScoreRow({ label, a }: { label: string; a: Assessment | null }) {
  const { t } = useI18n();
  const none = t('common.none');
  const hads = (s: HadsSubscaleScore | undefined) => (s && s.scored ? String(s.score) : none);
  const pcs = (s: PcsScaleScore | undefined) => (s && s.scored ? String(s.score) : none);
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{a?.nrs ?? none}</td>
      <td className="num">{hads(a?.hads?.anxiety)}</td>
      <td className="num">{hads(a?.hads?.depression)}</td>
      <td className="num">{pcs(a?.pcs?.total)}</td>
      <td className="num">{pcs(a?.pcs?.rumination)}</td>
      <td className="num">{pcs(a?.pcs?.magnification)}</td>
      <td className="num">{pcs(a?.pcs?.helplessness)}</td>
    </tr>
  );
}
