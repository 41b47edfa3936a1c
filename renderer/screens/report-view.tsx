/**
 * The report screen: toolbar (back, pseudonymised switch, "Save PDF…") above one printable A4
 * page (report-page.tsx; print CSS hides everything else). Loads the chart, the estimate with its
 * site cohort, the session's clinician, the app version, the record's audit head and the
 * institution name; draws the viewer snapshot (a hidden NiiVue canvas copied to an <img>: a WebGL
 * canvas prints black). "Save PDF…" prints this page through the host (printToPDF / page.pdf).
 */
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/api';
import type { PatientEstimate } from '../../shared/api-imaging';
import type { PatientChart } from '../../shared/record/types';
import { krp } from '../bridge';
import { problemText, type Problem } from '../error-text';
import { useI18n } from '../i18n/i18n';
import { BrainViewer, type ViewerApi } from '../components/brain-viewer';
import { ReportPage } from './report-page';

export function ReportView(props: { patientId: number; onBack(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [chart, setChart] = useState<PatientChart | null>(null);
  const [estimate, setEstimate] = useState<PatientEstimate | null>(null);
  const [clinician, setClinician] = useState('');
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [auditHead, setAuditHead] = useState<string | null>(null);
  const [snapshot, setSnapshot] = useState<string | null>(null);
  const [deidentified, setDeidentified] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [message, setMessage] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [generatedAt] = useState(() => new Date().toISOString());
  const [institution, setInstitution] = useState('');

  useEffect(() => {
    (async () => {
      const c = await krp().patients.open({ patientId: props.patientId });
      setChart(c);
      const [session, appInfo, institutionName] = await Promise.all([krp().session.get({}), krp().app.info({}), krp().records.institution({})]);
      setClinician(session.clinician ?? '');
      setInstitution(institutionName);
      setInfo(appInfo);
      // The audit head is a footer detail: the report is still printable without it.
      krp().records.backupStatus({}).then((s) => setAuditHead(s.head ? `${s.head.seq}:${s.head.hash.slice(0, 12)}` : null), () => undefined);
      if (c.analysisInUse) setEstimate(await krp().estimate.forPatient({ patientId: props.patientId }));
    })().catch((e: unknown) => setProblem({ error: e }));
  }, [props.patientId]);

  const onViewer = (api: ViewerApi) => {
    // Two frames: NiiVue has drawn the loaded volumes at the canvas size.
    requestAnimationFrame(() => requestAnimationFrame(() => setSnapshot(api.snapshot())));
  };

  if (problem && !chart) return <p className="error" role="alert">{problemText(problem, i18n)}</p>;
  if (!chart || !info) return <p className="muted">{t('app.loading')}</p>;
  const latest = chart.analysisInUse;
  const needsSnapshot = latest?.seedMap != null;
  const ready = (!needsSnapshot || snapshot !== null) && (latest === null || estimate !== null);

  const save = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await krp().report.savePdf({ patientId: chart.patient.id, deidentified });
      setMessage(r.status === 'cancelled' ? { key: 'settings.cancelled' } : { key: 'report.saved', values: { path: r.result.path } });
    } catch (e) {
      setMessage({ error: e });
    } finally {
      setBusy(false);
    }
  };

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
      <ReportPage chart={chart} estimate={estimate} info={info} clinician={clinician} institution={institution} auditHead={auditHead}
        snapshot={snapshot} generatedAt={generatedAt} deidentified={deidentified} ready={ready} />
    </div>
  );
}
