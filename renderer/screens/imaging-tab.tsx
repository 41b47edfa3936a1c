/**
 * The Imaging tab of a chart: import (BOLD by dialog or drop, optional confounds and WM/CSF
 * masks, acquisition date, TR when the header has none) with the header and the space decision
 * shown before anything runs; Analyse → progress naming the stage, Cancel; then the latest
 * result (z, r, date), QC, the viewer and the ROI signals; every run listed.
 */
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { ScanPreview } from '../../shared/api-imaging';
import type { Analysis, PatientChart, Scan } from '../../shared/record/types';
import { krp } from '../bridge';
import { errorDetail, errorText, problemText, type Problem } from '../error-text';
import { useI18n, type I18n } from '../i18n/i18n';
import { en, type MessageKey } from '../i18n/catalog-en';
import { AnalysisInUseNote, ChooseAnalysis } from '../components/analysis-choice';
import { clearJob, jobCancelling, jobStarted, useAnalysisJob } from '../imaging/job-store';
import { QcPanel } from '../components/qc-panel';
import { QcPlots } from '../components/qc-plots';
import { BrainViewer } from '../components/brain-viewer';
import { RoiSignalChart } from '../components/roi-signal-chart';
import { SiteZStrip } from '../components/site-z-strip';
import { Field } from '../components/field';
import { DateTimeInput } from '../components/date-time-input';
import { useNumberFormat } from '../number-format';
import { DicomPicker, t1Request, type DicomChoice } from '../imaging/dicom-picker';
import { RegistrationCheck } from '../imaging/registration-check';
import { RefusalFindings } from '../imaging/refusal-findings';

declare global {
  interface Window {
    /** Electron preload only: the local path of a dropped file (webUtils.getPathForFile). */
    krpFiles?: { pathForFile(file: File): string };
  }
}

/** The single-file inputs of the form (a DICOM folder is chosen in DicomPicker). */
type FilePurpose = 'bold' | 'confounds' | 'wm-mask' | 'csf-mask' | 't1';
type Files = Record<FilePurpose, { path: string; fileName: string } | null>;
const NO_FILES: Files = { bold: null, confounds: null, 'wm-mask': null, 'csf-mask': null, t1: null };
const PURPOSE_LABEL: Record<FilePurpose, MessageKey> = { bold: 'imaging.bold', confounds: 'imaging.confounds', 'wm-mask': 'imaging.wmMask', 'csf-mask': 'imaging.csfMask', t1: 'imaging.t1' };
/** Refusals of the MNI check that preprocessing in the app resolves (native-space NIfTI). */
const NATIVE_SPACE = new Set(['space.scanner', 'space.not-mni']);

export interface AnalysisRun {
  analysis: Analysis;
  scan: Scan;
}

/** Every analysis of the chart with its scan, newest first. */
export function analysisRuns(chart: PatientChart): AnalysisRun[] {
  return chart.scans.flatMap((scan) => scan.analyses.map((analysis) => ({ analysis, scan })))
    .sort((a, b) => (a.analysis.createdAt < b.analysis.createdAt ? 1 : a.analysis.createdAt > b.analysis.createdAt ? -1 : b.analysis.id - a.analysis.id));
}

export function ImagingTab(props: { chart: PatientChart; onChanged(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const f = useNumberFormat();
  const patientId = props.chart.patient.id;
  const job = useAnalysisJob(patientId);
  const [files, setFiles] = useState<Files>(NO_FILES);
  const [dicom, setDicom] = useState<DicomChoice | null>(null);
  const [acquiredAt, setAcquiredAt] = useState('');
  const [tr, setTr] = useState('');
  const [preview, setPreview] = useState<ScanPreview | null>(null);
  const [inspecting, setInspecting] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [formError, setFormError] = useState<{ acquiredAt?: boolean; tr?: boolean }>({});
  const runs = useMemo(() => analysisRuns(props.chart), [props.chart]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const selected = runs.find((r) => r.analysis.id === selectedId) ?? runs[0] ?? null;
  const reloadedFor = useRef<string | null>(null);
  const resultRef = useRef<HTMLElement>(null);
  const messageRef = useRef<HTMLDivElement>(null);

  // A finished job of this patient: reload the chart once so the new run appears.
  useEffect(() => {
    if (job?.status === 'done' && reloadedFor.current !== job.jobId) {
      reloadedFor.current = job.jobId;
      setSelectedId(job.analysisId);
      setFiles(NO_FILES); // the import form is done with these files
      setDicom(null);
      setPreview(null);
      setTr('');
      props.onChanged();
    }
  }, [job, props]);

  // What the physician waits for is brought into view: a refusal or problem, then the result.
  useEffect(() => {
    if (problem || preview?.refusal) messageRef.current?.scrollIntoView({ block: 'nearest' });
  }, [problem, preview]);
  useEffect(() => {
    if (job?.status === 'done' && selected?.analysis.id === job.analysisId) resultRef.current?.scrollIntoView({ block: 'start' });
    else if (job?.status === 'failed' || job?.status === 'cancelled') messageRef.current?.scrollIntoView({ block: 'nearest' });
  }, [job?.status, selected?.analysis.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const trValue = tr.trim() === '' ? null : Number(tr);
  const headerLacksTr = preview?.header !== null && preview?.header !== undefined && preview.header.trSeconds === null;

  const inspect = async (path: string, trSeconds: number | null, confoundsPath: string | null = files.confounds?.path ?? null) => {
    setInspecting(true);
    try {
      setPreview(await krp().imaging.inspect({ path, trSeconds, confoundsPath }));
      setProblem(null);
    } catch (e) {
      setPreview(null);
      setProblem({ error: e });
    } finally {
      setInspecting(false);
    }
  };

  const setFile = (purpose: FilePurpose, path: string | null) => {
    const fileName = path === null ? '' : path.split(/[\\/]/).pop() ?? path;
    const entry = path === null ? null : { path, fileName };
    // Confounds and masks belong to one BOLD series: a new series starts without them.
    setFiles((f) => (purpose === 'bold' ? { ...NO_FILES, bold: entry } : { ...f, [purpose]: entry }));
    if (purpose === 'bold') {
      if (path !== null) setDicom(null); // one source: a NIfTI or a DICOM folder
      setPreview(null);
      setTr('');
      if (path !== null) void inspect(path, null, null);
    } else if (purpose === 'confounds' && files.bold !== null) {
      // Checked against the scan now, not after Analyse (its rows must equal the volumes).
      void inspect(files.bold.path, trValue !== null && Number.isFinite(trValue) ? trValue : null, path);
    }
  };

  const chooseDicom = (choice: DicomChoice | null) => {
    setDicom(choice);
    if (choice !== null) { setFiles((f) => ({ ...f, bold: null })); setPreview(null); setTr(''); }
  };

  const choose = async (purpose: FilePurpose) => {
    try {
      const chosen = await krp().imaging.chooseFile({ purpose });
      if (chosen.status === 'done') setFile(purpose, chosen.result.path);
    } catch (e) {
      setProblem({ error: e });
    }
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (!file || !window.krpFiles) { setProblem({ key: 'imaging.dropUnavailable' }); return; }
    setFile('bold', window.krpFiles.pathForFile(file));
  };

  const running = job?.status === 'running';
  const today = new Date();
  const todayText = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const nativeNifti = preview?.refusal !== null && preview?.refusal !== undefined && NATIVE_SPACE.has(preview.refusal.code);
  const niftiReady = files.bold !== null && preview !== null && (preview.refusal === null || nativeNifti) && preview.confounds === null && !inspecting;
  const dicomReady = dicom !== null && dicom.boldSeries !== null;
  const canAnalyse = (niftiReady || dicomReady) && !running;

  const analyse = async () => {
    const errors = {
      acquiredAt: !/^\d{4}-\d{2}-\d{2}$/.test(acquiredAt) || acquiredAt > todayText,
      tr: (headerLacksTr || tr.trim() !== '') && !(trValue !== null && Number.isFinite(trValue) && trValue >= 0.1 && trValue <= 20),
    };
    setFormError(errors);
    const source = dicom !== null ? dicom.list.path : files.bold?.path ?? null;
    if (errors.acquiredAt || errors.tr || source === null) return;
    try {
      clearJob(patientId);
      const { jobId } = await krp().imaging.analyze({
        patientId, boldPath: source, acquiredAt, boldSeries: dicom?.boldSeries ?? null, t1Path: files.t1?.path ?? null,
        ...(dicom !== null && files.t1 === null ? t1Request(dicom) : {}),
        confoundsPath: files.confounds?.path ?? null, wmMaskPath: files['wm-mask']?.path ?? null, csfMaskPath: files['csf-mask']?.path ?? null,
        trSeconds: trValue,
      });
      jobStarted(patientId, jobId);
      setProblem(null);
    } catch (e) {
      setProblem({ error: e });
    }
  };

  const cancel = async () => {
    if (job?.status !== 'running') return;
    jobCancelling(patientId);
    try { await krp().imaging.cancel({ jobId: job.jobId }); } catch (e) { setProblem({ error: e }); }
  };

  return (
    <div className="imaging" data-testid="imaging-tab">
      <section className="card import" aria-labelledby="import-title">
        <h2 id="import-title">{t('imaging.importTitle')}</h2>
        <p className="muted">{t('imaging.importIntro')}</p>
        <div className="drop-zone" data-testid="drop-zone" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
          {(['bold', 'confounds', 'wm-mask', 'csf-mask', 't1'] as const).map((purpose) => (
            <div key={purpose} className="file-row" data-testid={`file-${purpose}`}>
              <span className="file-label">{t(PURPOSE_LABEL[purpose])}</span>
              <span className={files[purpose] ? 'file-name' : 'file-name muted'} title={files[purpose]?.path}>{files[purpose]?.fileName ?? t('imaging.noFile')}</span>
              <button type="button" onClick={() => void choose(purpose)} disabled={running} data-testid={`choose-${purpose}`}>{t('imaging.choose')}</button>
              {files[purpose] ? <button type="button" className="link" onClick={() => setFile(purpose, null)} disabled={running}>{t('imaging.clear')}</button> : <span />}
            </div>
          ))}
          <p className="hint">{window.krpFiles ? t('imaging.drop') : t('imaging.dropUnavailable')}</p>
        </div>
        <h3>{t('imaging.dicomTitle')}</h3>
        <p className="muted">{t('imaging.dicomIntro')}</p>
        <DicomPicker patient={props.chart.patient} value={dicom} onChange={chooseDicom} disabled={running} t1FileChosen={files.t1 !== null} />
        {dicom !== null && files.t1 !== null ? <p className="hint">{t('series.t1Chosen')}</p> : null}
        <div className="form-grid import-fields">
          <Field id="acquiredAt" label={t('imaging.acquiredAt')} required error={formError.acquiredAt ? t('imaging.err.acquiredAt') : null}>
            <DateTimeInput id="acquiredAt" value={acquiredAt} onChange={setAcquiredAt} />
          </Field>
          {headerLacksTr || tr !== '' ? (
            <Field id="trSeconds" label={t('imaging.tr')} required={headerLacksTr} hint={t('imaging.trHint')} error={formError.tr ? t('imaging.err.tr') : null}>
              <input id="trSeconds" inputMode="decimal" value={tr} onChange={(e) => setTr(e.target.value)}
                onBlur={() => { if (files.bold && trValue !== null && Number.isFinite(trValue)) void inspect(files.bold.path, trValue); }} />
            </Field>
          ) : null}
        </div>
        {inspecting ? <p className="muted">{t('imaging.inspecting')}</p> : null}
        <div ref={messageRef} className="scroll-target">
          {preview ? <PreviewCard preview={nativeNifti ? { ...preview, refusal: null } : preview} trEntered={trValue} i18n={i18n} /> : null}
          {nativeNifti ? <p className="notice" data-testid="native-note">{t('imaging.nativeNote')}</p> : null}
          {problem ? <p className="error" role="alert">{problemText(problem, i18n)}</p> : null}
          <div className="actions">
            <button type="button" className="primary" disabled={!canAnalyse} onClick={() => void analyse()} data-testid="analyse">{t('imaging.analyse')}</button>
          </div>
          <JobStatus job={job} onCancel={() => void cancel()} i18n={i18n} />
        </div>
      </section>

      {selected ? (
        <>
          <RegistrationCheck key={selected.analysis.id} analysis={selected.analysis} onRejected={() => { setSelectedId(null); props.onChanged(); }} />
          <section ref={resultRef} className="card result scroll-target" data-testid="analysis-result" aria-labelledby="result-title">
            <h2 id="result-title">{t('imaging.result')}</h2>
            <div className="result-numbers">
              <div className="big"><span className="label">{t('imaging.z')}</span><strong data-testid="result-z">{f.z(selected.analysis.z)}</strong></div>
              <div className="big"><span className="label">{t('imaging.r')}</span><strong data-testid="result-r">{f.z(selected.analysis.r)}</strong></div>
              <div className="big"><span className="label">{t('imaging.seedToVoxel')}</span>
                <strong data-testid="result-seed-to-voxel">{selected.analysis.seedToVoxel ? f.z(selected.analysis.seedToVoxel.meanZ) : '—'}</strong></div>
              <p className="muted" data-testid="result-seed-to-voxel-note">{selected.analysis.seedToVoxel
                ? t('imaging.seedToVoxelHint', { voxels: selected.analysis.seedToVoxel.voxels, fwhm: selected.analysis.seedToVoxel.fwhmMm })
                : t('imaging.seedToVoxelNone')}</p>
              <p className="muted">{t('imaging.analysedOn', { date: i18n.dateTime(selected.analysis.createdAt), acquired: i18n.date(selected.scan.acquiredAt) })}</p>
            </div>
          </section>
          <div className="imaging-grid">
            <section className="card viewer-card" aria-labelledby="viewer-title">
              <h2 id="viewer-title">{t('imaging.viewer')}</h2>
              <p className="muted">{t('imaging.seedMapSmoothed')}</p>
              {selected.analysis.seedMap ? <BrainViewer key={selected.analysis.id} analysisId={selected.analysis.id}
                centres={{ mpfc: selected.analysis.qc.rois.mpfc.centreMm, precuneus: selected.analysis.qc.rois.precuneus.centreMm }} /> : <p className="muted">{t('common.none')}</p>}
            </section>
            <QcPanel qc={selected.analysis.qc} />
          </div>
          {selected.analysis.qc.series ? (
            <QcPlots key={selected.analysis.id} analysisId={selected.analysis.id} series={selected.analysis.qc.series} trSeconds={selected.analysis.qc.trSeconds}
              outlierScans={selected.analysis.qc.outlierScans} />
          ) : null}
          {selected.analysis.signals ? (
            <section className="card" aria-labelledby="signals-title">
              <h2 id="signals-title">{t('imaging.signals')}</h2>
              <RoiSignalChart mpfc={selected.analysis.signals.mpfc} precuneus={selected.analysis.signals.precuneus} trSeconds={selected.analysis.signals.trSeconds}
                outlierScans={selected.analysis.qc.outlierScans} />
            </section>
          ) : null}
          <SiteZStrip patientId={patientId} z={selected.analysis.z} settingsHash={selected.analysis.settingsHash} />
        </>
      ) : null}

      <section className="card runs" aria-labelledby="runs-title">
        <h2 id="runs-title">{t('imaging.runs')}</h2>
        <AnalysisInUseNote chart={props.chart} />
        {runs.length === 0 ? <p className="muted">{t('imaging.runsEmpty')}</p> : (
          <table className="table" data-testid="runs">
            <thead><tr><th>{t('audit.when')}</th><th>{t('imaging.acquiredAt')}</th><th className="num">z</th><th className="num">r</th><th>{t('qc.warnings')}</th><th>{t('choice.column')}</th><th /></tr></thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.analysis.id} data-testid="run-row">
                  <td>{i18n.dateTime(run.analysis.createdAt)}</td>
                  <td>{i18n.date(run.scan.acquiredAt)}</td>
                  <td className="num">{f.z(run.analysis.z)}</td>
                  <td className="num">{f.z(run.analysis.r)}</td>
                  <td className="num">{run.analysis.qc.warnings.length}</td>
                  <td><ChooseAnalysis chart={props.chart} analysisId={run.analysis.id} onChosen={props.onChanged} /></td>
                  <td>{selected?.analysis.id === run.analysis.id ? <span className="muted">{t('imaging.showing')}</span>
                    : <button type="button" className="link" onClick={() => setSelectedId(run.analysis.id)}>{t('imaging.show')}</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function PreviewCard({ preview, trEntered, i18n }: { preview: ScanPreview; trEntered: number | null; i18n: I18n }) {
  const { t } = i18n;
  const h = preview.header;
  const mb = (bytes: number) => `${i18n.number(bytes / 1_048_576, 1)} MB`;
  return (
    <div className="preview" data-testid="scan-preview">
      {h ? (
        <dl className="facts header-facts" data-testid="header-summary">
          <div><dt>{t('imaging.dims')}</dt><dd>{h.dims.slice(0, 3).join(' × ')}</dd></div>
          <div><dt>{t('imaging.volumes')}</dt><dd>{h.dims[3]}</dd></div>
          <div><dt>{t('imaging.voxel')}</dt><dd>{h.voxelSizeMm.map((v) => i18n.number(v, 2)).join(' × ')} mm</dd></div>
          <div><dt>{t('imaging.datatype')}</dt><dd>{h.datatype} · NIfTI-{h.niftiVersion}</dd></div>
          <div><dt>{t('imaging.trValue')}</dt><dd>{h.trSeconds !== null ? t('imaging.trFromHeader', { tr: i18n.number(h.trSeconds, 3) })
            : trEntered !== null ? t('imaging.trFromUser', { tr: i18n.number(trEntered, 3) }) : t('imaging.trMissing')}</dd></div>
          <div><dt>{t('imaging.spaceCode')}</dt><dd>{h.affineSource} {h.spaceCode}</dd></div>
          <div><dt>{t('imaging.fileSize')}</dt><dd>{mb(h.fileBytes)}</dd></div>
        </dl>
      ) : null}
      {preview.space ? (
        <p className="space-ok" data-testid="space-decision"><strong>{t('imaging.spaceOk')}</strong> — {spaceBasisText(preview, i18n)}</p>
      ) : null}
      {preview.refusal ? (
        <div className="refusal" role="alert" data-testid="scan-refusal" data-code={preview.refusal.code}>
          <strong>{t('imaging.refused')}</strong>
          <p>{refusalText(preview.refusal, i18n)}</p>
        </div>
      ) : null}
      {preview.confounds ? (
        <div className="refusal" role="alert" data-testid="confounds-refusal" data-code={preview.confounds.code}>
          <p>{refusalText(preview.confounds, i18n)}</p>
        </div>
      ) : null}
    </div>
  );
}

function spaceBasisText(preview: ScanPreview, i18n: I18n): string {
  const space = preview.space!;
  const key = `imaging.space.${space.basis}` as MessageKey;
  return key in en ? i18n.t(key, { template: space.matchedTemplate ?? '' }) : space.message;
}

/** The catalogue's words for a refusal code, else the service's sentence. */
export function refusalText(refusal: { code: string; message: string; details?: Record<string, string | number> }, i18n: I18n): string {
  return errorText({ name: 'KrpError', code: refusal.code, message: refusal.message, details: refusal.details ?? {} }, i18n);
}

function JobStatus({ job, onCancel, i18n }: { job: ReturnType<typeof useAnalysisJob>; onCancel(): void; i18n: I18n }) {
  const { t } = i18n;
  if (job === null) return null;
  if (job.status === 'running') {
    const stage = job.stage ? t(`stage.${job.stage}` as MessageKey) : t('app.loading');
    const text = job.cancelling ? t('imaging.cancelling')
      : job.step ? t('imaging.runningStep', { step: t(`step.${job.step}` as MessageKey), pct: i18n.percent(job.fraction * 100) })
        : t('imaging.running', { stage, pct: i18n.percent(job.fraction * 100) });
    return (
      <div className="job" data-testid="analysis-progress" aria-live="polite">
        <progress max={1} value={job.fraction} aria-label={stage} />
        <span data-testid="analysis-stage" data-step={job.step ?? ''}>{text}</span>
        <button type="button" onClick={onCancel} disabled={job.cancelling} data-testid="cancel-analysis">{t('imaging.cancel')}</button>
      </div>
    );
  }
  if (job.status === 'done') return <p className="notice" data-testid="analysis-message">{t('imaging.done')}</p>;
  if (job.status === 'cancelled') return <p className="notice" data-testid="analysis-message">{t('imaging.cancelled')}</p>;
  return (
    <>
      <p className="error" role="alert" data-testid="analysis-message">{t('imaging.failed', { message: errorDetail({ name: 'KrpError', ...job.error }, i18n) })}</p>
      {job.findings ? <RefusalFindings findings={job.findings} /> : null}
    </>
  );
}
