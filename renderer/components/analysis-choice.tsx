/**
 * Which analysis counts for the estimate, in the chart's list of runs: a note naming the analysis
 * in use (the newest, or the clinician's choice with who, when and why), and per run either the
 * "in use" mark or "Use this one…", which asks for the reason first (the earlier choice is kept).
 */
import { useState } from 'react';
import type { PatientChart } from '../../shared/record/types';
import { krp } from '../bridge';
import { useI18n } from '../i18n/i18n';
import { CorrectedMark } from './corrections-ui';
import { ReasonForm } from './reason-form';

/** The sentence above the runs: which analysis counts, and why (shown once there is a choice to make). */
export function AnalysisInUseNote({ chart }: { chart: PatientChart }) {
  const i18n = useI18n();
  const inUse = chart.analysisInUse;
  const runs = chart.scans.reduce((n, s) => n + (s.deletedAt === null ? s.analyses.length : 0), 0);
  if (inUse === null || (runs < 2 && chart.analysisChoices.length === 0)) return null;
  const choice = chart.analysisChoices[0];
  const scan = chart.scans.find((s) => s.id === inUse.scanId);
  const date = scan ? i18n.date(scan.acquiredAt) : '';
  return (
    <p className="notice" data-testid="analysis-in-use-note">
      {choice && choice.analysisId === inUse.id
        ? i18n.t('choice.noteChosen', { date, z: i18n.number(inUse.z, 3), who: choice.clinician, at: i18n.dateTime(choice.at), reason: choice.reason })
        : i18n.t('choice.noteNewest', { date, z: i18n.number(inUse.z, 3) })}
    </p>
  );
}

/** The "in use" mark of the analysis that counts, or the choice of another one with its reason. */
export function ChooseAnalysis(props: { chart: PatientChart; analysisId: number; onChosen(): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const mark = <CorrectedMark corrections={props.chart.corrections} entity="analysis" entityId={props.analysisId} />;
  if (props.chart.analysisInUse?.id === props.analysisId) {
    return <span className="in-use" data-testid="analysis-in-use"><strong>{t('choice.inUse')}</strong>{mark}</span>;
  }
  if (!open) {
    return (
      <span>
        <button type="button" className="link" onClick={() => setOpen(true)} data-testid={`choose-analysis-${props.analysisId}`}>{t('choice.choose')}</button>
        {mark}
      </span>
    );
  }
  return (
    <ReasonForm idSuffix={`choice-${props.analysisId}`} purpose="choose" testId="choose-analysis-form" title={t('choice.title')} hint={t('choice.hint')}
      confirmLabel={t('choice.confirm')} confirmClass="primary" confirmTestId="choose-analysis-confirm" onCancel={() => setOpen(false)}
      act={async (reason) => {
        await krp().analyses.choose({ patientId: props.chart.patient.id, analysisId: props.analysisId, reason });
        setOpen(false);
        props.onChosen();
      }} />
  );
}
