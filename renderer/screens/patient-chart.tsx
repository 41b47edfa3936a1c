/**
 * One patient's chart: a compact header (code, identity, latest response, study criteria), and
 * tabs: the timeline (scans → infusions → pre/post scores with outcome), imaging (import, analysis,
 * QC, viewer), outcome & estimate, and the audit trail; a button opens the printable report.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Assessment, Correction, Infusion, InfusionWithAssessments, PatientChart, TimePoint } from '../../shared/record/types';
import { krp } from '../bridge';
import { useI18n } from '../i18n/i18n';
import { problemText, type Problem } from '../error-text';
import { OutcomeLine } from '../components/outcome';
import { InfusionForm } from './infusion-form';
import { AssessmentForm, HadsTotals, PcsTotals } from './assessment-form';
import { AuditView } from './audit-view';
import { shiftClamped } from '../datetime';
import { ImagingTab } from './imaging-tab';
import { NewPatientScreen } from './new-patient';
import { CorrectedMark, RemoveEntry } from '../components/corrections-ui';
import { EstimateTab } from './estimate-tab';
import { isOffProtocolDose } from './report-deid';
import { ChartHeader } from '../components/chart-header';
import { formatZ } from '../../shared/format/numbers';
import type { ChartTab } from '../app';

type Editing = { kind: 'infusion' } | { kind: 'patient' } | { kind: 'correct-infusion'; infusion: Infusion } | { kind: 'assessment'; infusionId: number; timePoint: TimePoint; existing: Assessment | null } | null;

export function PatientChartScreen(props: { patientId: number; initialTab?: ChartTab; onBack(): void; onReport(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [chart, setChart] = useState<PatientChart | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [tab, setTab] = useState<ChartTab>(props.initialTab ?? 'timeline');
  const [editing, setEditing] = useState<Editing>(null);

  const load = useCallback(async () => {
    try {
      setChart(await krp().patients.open({ patientId: props.patientId }));
      setError(null);
    } catch (e) {
      setError({ error: e });
    }
  }, [props.patientId]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => { void load(); }, [load]);

  if (error && !chart) return <p className="error" role="alert">{problemText(error, i18n)}</p>;
  if (!chart) return <p className="muted">{t('app.loading')}</p>;
  const p = chart.patient;
  const saved = () => { setEditing(null); void load(); };
  if (editing?.kind === 'patient') return <NewPatientScreen existing={p} onCreated={saved} onCancel={() => setEditing(null)} />;

  return (
    <section aria-labelledby="chart-title" data-testid="patient-chart">
      <button type="button" className="link back" onClick={props.onBack}>← {t('chart.back')}</button>
      <ChartHeader chart={chart} actions={<>
        <CorrectedMark corrections={chart.corrections} entity="patient" entityId={p.id} />
        <button type="button" className="link" onClick={() => setEditing({ kind: 'patient' })} data-testid="edit-patient">{t('correct.editPatient')}</button>
        <RemoveEntry what="patient" testId="patient" remove={(reason) => krp().patients.delete({ patientId: p.id, reason })} onRemoved={props.onBack} />
      </>} />

      <div className="tabs" role="tablist">
        {([['timeline', 'chart.timeline'], ['imaging', 'chart.imaging'], ['estimate', 'chart.estimate'], ['audit', 'chart.audit']] as const).map(([name, label]) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} className={tab === name ? 'tab active' : 'tab'} onClick={() => setTab(name)} data-testid={`tab-${name}`}>{t(label)}</button>
        ))}
        <button type="button" className="tab-action" onClick={props.onReport} data-testid="open-report">{t('chart.report')}</button>
      </div>

      {tab === 'imaging' ? <ImagingTab chart={chart} onChanged={() => void load()} /> : null}
      {tab === 'estimate' ? <EstimateTab chart={chart} /> : null}
      {tab === 'audit' ? <AuditView patientId={p.id} /> : tab !== 'timeline' ? null : (
        <div className="timeline" data-testid="timeline">
          {chart.scans.length === 0 && chart.infusions.length === 0 && editing?.kind !== 'infusion' ? <p className="muted">{t('chart.noEvents')}</p> : null}
          {chart.scans.map((scan) => {
            const a = scan.analyses[0];
            return (
              <article key={`scan-${scan.id}`} className="event scan">
                <div className="when">{i18n.dateTime(scan.acquiredAt)}</div>
                <div className="card body">
                  <h3>{t('chart.scan')}</h3>
                  <p>{a ? t('chart.scanZ', { z: formatZ(a.z, i18n.language), r: formatZ(a.r, i18n.language) }) : t('chart.scanNotAnalysed')}</p>
                </div>
              </article>
            );
          })}
          {[...chart.infusions].reverse().map((inf) => (
            editing?.kind === 'correct-infusion' && editing.infusion.id === inf.id
              ? <InfusionForm key={inf.id} patientId={p.id} existing={inf} onSaved={saved} onCancel={() => setEditing(null)} />
              : <InfusionCard key={inf.id} infusion={inf} corrections={chart.corrections} editing={editing} onEdit={setEditing} onSaved={saved} patientId={p.id} />
          ))}
          {editing?.kind === 'infusion' ? (
            <InfusionForm patientId={p.id} onSaved={saved} onCancel={() => setEditing(null)} />
          ) : (
            <div><button type="button" className="primary" onClick={() => setEditing({ kind: 'infusion' })} data-testid="new-infusion">{t('chart.newInfusion')}</button></div>
          )}
        </div>
      )}
    </section>
  );
}

function InfusionCard(props: { infusion: InfusionWithAssessments; corrections: readonly Correction[]; patientId: number; editing: Editing; onEdit(e: Editing): void; onSaved(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const inf = props.infusion;
  const byTime = (tp: TimePoint) => inf.assessments.find((a) => a.timePoint === tp && a.deletedAt === null) ?? null;
  const pre = byTime('pre');
  const post = byTime('post60');
  const now = new Date();
  const defaultAt = (tp: TimePoint) => (tp === 'pre' ? shiftClamped(inf.startedAt, 0, now) : shiftClamped(inf.startedAt, 60, now));
  const isEditing = (tp: TimePoint) => props.editing?.kind === 'assessment' && props.editing.infusionId === inf.id && props.editing.timePoint === tp;

  const block = (tp: TimePoint, a: Assessment | null) => (
    isEditing(tp) ? (
      <AssessmentForm key={tp} patientId={props.patientId} infusionId={inf.id} timePoint={tp} defaultRecordedAt={defaultAt(tp)}
        existing={a} onSaved={props.onSaved} onCancel={() => props.onEdit(null)} />
    ) : a ? (
      <div key={tp} className="assessment" data-testid={`assessment-${tp}`}>
        <div className="assessment-head">
          <h4>{t(tp === 'pre' ? 'tp.pre' : 'tp.post60')}</h4>
          <span className="muted">{i18n.dateTime(a.recordedAt)}</span>
          <CorrectedMark corrections={props.corrections} entity="assessment" entityId={a.id} />
          <button type="button" className="link" onClick={() => props.onEdit({ kind: 'assessment', infusionId: inf.id, timePoint: tp, existing: a })} data-testid={`edit-${tp}`}>{t('assess.edit')}</button>
          <RemoveEntry what="assessment" testId={`assessment-${tp}`} remove={(reason) => krp().assessments.delete({ assessmentId: a.id, reason })} onRemoved={props.onSaved} />
        </div>
        <div className="assessment-scores">
          <div className="nrs-value"><span className="label">NRS</span><strong data-testid={`nrs-${tp}`}>{a.nrs ?? t('common.none')}</strong></div>
          <div><span className="label">HADS</span><HadsTotals i18n={i18n} score={a.hads} /></div>
          <div><span className="label">PCS</span><PcsTotals i18n={i18n} score={a.pcs} /></div>
        </div>
      </div>
    ) : (
      <button key={tp} type="button" className="record" disabled={tp === 'post60' && pre === null}
        onClick={() => props.onEdit({ kind: 'assessment', infusionId: inf.id, timePoint: tp, existing: null })} data-testid={`record-${tp}`}>
        {t('assess.record', { timepoint: t(tp === 'pre' ? 'tp.pre' : 'tp.post60') })}
      </button>
    )
  );

  return (
    <article className="event infusion" data-testid="infusion">
      <div className="when">{i18n.dateTime(inf.startedAt)}</div>
      <div className="card body">
        <div className="infusion-head">
          <h3>{t('infusion.title')}</h3>
          <CorrectedMark corrections={props.corrections} entity="infusion" entityId={inf.id} />
          <button type="button" className="link" onClick={() => props.onEdit({ kind: 'correct-infusion', infusion: inf })} data-testid="correct-infusion">{t('correct.editInfusion')}</button>
          <RemoveEntry what="infusion" testId="infusion" remove={(reason) => krp().infusions.delete({ infusionId: inf.id, reason })} onRemoved={props.onSaved} />
        </div>
        <p data-testid="infusion-summary">{t('infusion.summary', {
          weight: i18n.number(inf.weightKg, 1), dose: i18n.number(inf.doseMgPerKg, 3),
          total: i18n.number(inf.totalMg, 2), duration: i18n.number(inf.durationMin, 0),
        })}{isOffProtocolDose(inf.doseMgPerKg) ? <strong className="warn" data-testid="dose-off-protocol"> {t('infusion.offProtocol')}</strong> : null}</p>
        {block('pre', pre)}
        {block('post60', post)}
        <OutcomeLine outcome={inf.outcome} />
      </div>
    </article>
  );
}

