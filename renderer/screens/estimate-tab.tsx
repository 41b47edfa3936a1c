/**
 * The Outcome & estimate tab: the latest infusion's % NRS reduction and responder status, the
 * estimate from the patient's latest analysis (requested — and so stored — each time the tab
 * shows it), and the site's cohort scatter with this patient highlighted and the model metrics.
 */
import { useEffect, useMemo, useState } from 'react';
import type { PatientEstimate } from '../../shared/api-imaging';
import type { PatientChart } from '../../shared/record/types';
import { krp } from '../bridge';
import { problemText, type Problem } from '../error-text';
import { useI18n } from '../i18n/i18n';
import { OutcomeLine } from '../components/outcome';
import { CohortScatter } from '../components/cohort-scatter';
import { EstimateCard, ModelMetrics } from '../components/estimate-card';

export function EstimateTab({ chart }: { chart: PatientChart }) {
  const i18n = useI18n();
  const { t } = i18n;
  const analysisId = chart.analysisInUse?.id ?? null;
  const [result, setResult] = useState<PatientEstimate | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    if (analysisId === null) return;
    let live = true;
    setResult(null);
    krp().estimate.forPatient({ patientId: chart.patient.id }).then(
      (r) => { if (live) { setResult(r); setProblem(null); } },
      (e: unknown) => { if (live) setProblem({ error: e }); },
    );
    return () => { live = false; };
  }, [chart.patient.id, analysisId]);

  const marker = useMemo(() => (result ? { z: result.estimate.patientZ, predicted: result.estimate.pi95 ? result.estimate.predictedReductionPct : null } : null), [result]);

  return (
    <div className="estimate-tab" data-testid="estimate-tab">
      <section className="card" aria-labelledby="outcome-title">
        <h2 id="outcome-title">{t('estimate.outcome')}</h2>
        <OutcomeLine outcome={chart.outcome} />
      </section>
      {analysisId === null ? <p className="card muted" data-testid="estimate-no-analysis">{t('estimate.noAnalysis')}</p> : null}
      {problem ? <p className="error" role="alert">{problemText(problem, i18n)}</p> : null}
      {analysisId !== null && result === null && problem === null ? <p className="muted">{t('estimate.loading')}</p> : null}
      {result ? (
        <>
          <EstimateCard estimate={result.estimate} frozenAt={result.frozen ? result.shownAt : null} />
          <div className="cohort-grid">
            <section className="card" aria-labelledby="scatter-title">
              <h2 id="scatter-title">{t('cohort.scatter')}</h2>
              {result.cohort.n === 0 ? <p className="muted">{t('cohort.empty')}</p> : <CohortScatter cohort={result.cohort} patient={marker} />}
            </section>
            <ModelMetrics cohort={result.cohort} />
          </div>
        </>
      ) : null}
    </div>
  );
}
