/**
 * Which analysis counts for the estimate, in the chart's list of runs: a note naming the analysis
 * in use (the newest, or the clinician's choice with who, when and why), and per run either the
 * "in use" mark or "Use this one…", which asks for the reason first (the earlier choice is kept).
 */
import { useState, type FormEvent } from 'react';
import type { PatientChart } from '../../shared/record/types';
import { krp } from '../bridge';
import { useI18n } from '../i18n/i18n';
import { problemText, type Problem } from '../error-text';
import { CorrectedMark } from './corrections-ui';
import { ReasonField, checkReasonText } from './reason-field';

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
  const i18n = useI18n();
  const { t } = i18n;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState(false);
  const [failure, setFailure] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
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
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    const why = checkReasonText(reason);
    if (!why.ok) return;
    setBusy(true);
    try {
      await krp().analyses.choose({ patientId: props.chart.patient.id, analysisId: props.analysisId, reason: why.value });
      setOpen(false);
      props.onChosen();
    } catch (err) {
      setFailure({ error: err });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card remove-form form-grid" onSubmit={submit} noValidate data-testid="choose-analysis-form"
      onKeyDown={(e) => { if (e.key === 'Escape') setOpen(false); }}>
      <h4 className="wide">{t('choice.title')}</h4>
      <p className="hint wide">{t('choice.hint')}</p>
      <ReasonField id={`choice-reason-${props.analysisId}`} value={reason} onChange={(v) => { setReason(v); setFailure(null); }} showError={shown} />
      {failure ? <p className="error wide" role="alert" data-testid="form-error">{problemText(failure, i18n)}</p> : null}
      <div className="actions wide">
        <button type="button" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
        <button type="submit" className="primary" disabled={busy} data-testid="choose-analysis-confirm">{t('choice.confirm')}</button>
      </div>
    </form>
  );
}
