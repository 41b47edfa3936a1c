/**
 * The Cohort page: the site's calibration patients in the same scatter (fitted line, prediction
 * band, 50 % responder line; a click on a point opens that patient's chart), the model metrics
 * with the published r beside the site's, the analysed patients as a sortable, paged table, and
 * the cohort export (identified or de-identified CSV, through the save dialog).
 */
import { useEffect, useState } from 'react';
import type { CohortView } from '../../shared/api-imaging';
import { krp } from '../bridge';
import { problemText, type Problem } from '../error-text';
import { useI18n } from '../i18n/i18n';
import { CohortScatter } from '../components/cohort-scatter';
import { ModelMetrics } from '../components/estimate-card';
import { TrackRecord } from '../components/track-record';
import { CohortPatientTable } from '../components/cohort-patient-table';

export function CohortScreen(props: { onOpenPatient(patientId: number): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [cohort, setCohort] = useState<CohortView | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [message, setMessage] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    krp().cohort.view({}).then(setCohort, (e: unknown) => setProblem({ error: e }));
  }, []);

  const exportCsv = async (deidentified: boolean) => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await krp().records.export({ deidentified });
      setMessage(r.status === 'cancelled' ? { key: 'settings.cancelled' } : { key: 'settings.exportDone', values: { rows: r.result.rows, path: r.result.path } });
    } catch (e) {
      setMessage({ error: e });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="cohort-title" className="cohort" data-testid="cohort-screen">
      <div className="screen-head">
        <h1 id="cohort-title">{t('cohort.title')}</h1>
        <div className="button-row">
          <button type="button" disabled={busy} onClick={() => void exportCsv(false)} data-testid="cohort-export">{t('cohort.export')}</button>
          <button type="button" disabled={busy} onClick={() => void exportCsv(true)} data-testid="cohort-export-deid">{t('cohort.exportDeid')}</button>
        </div>
      </div>
      <p className="muted">{t('cohort.intro')}</p>
      {message ? <p className="notice" role="status" data-testid="cohort-message">{problemText(message, i18n)}</p> : null}
      {problem ? <p className="error" role="alert">{problemText(problem, i18n)}</p> : null}
      {cohort === null && problem === null ? <p className="muted">{t('app.loading')}</p> : null}
      {cohort ? (
        <div className="cohort-grid">
          <section className="card" aria-labelledby="site-scatter-title">
            <h2 id="site-scatter-title">{t('cohort.scatter')}</h2>
            {cohort.n === 0 ? <p className="muted">{t('cohort.empty')}</p> : <><CohortScatter cohort={cohort} onOpenPatient={props.onOpenPatient} /><p className="hint">{t('cohort.patientsIntro')}</p></>}
          </section>
          <ModelMetrics cohort={cohort} />
        </div>
      ) : null}
      {cohort ? <CohortPatientTable onOpen={props.onOpenPatient} /> : null}
      {cohort ? <TrackRecord track={cohort.trackRecord} /> : null}
    </section>
  );
}
