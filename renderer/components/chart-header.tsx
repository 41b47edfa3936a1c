/**
 * The chart's compact header (≤ ~150 px at 1280×800): the display code as the page heading (it
 * takes the focus when a chart opens, e.g. after saving a new patient), the identity facts on one
 * line, the latest treatment response, and the study criteria as a one-line summary in words
 * ("4 met · 1 not recorded") that opens the full checklist on demand. Statuses are words with a
 * text icon, never a bare ✓/✗ glyph.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import type { PatientChart } from '../../shared/record/types';
import type { EligibilityCriterion } from '../../shared/scoring/types';
import { useI18n } from '../i18n/i18n';
import { OutcomeLine } from './outcome';

export function ChartHeader(props: { chart: PatientChart; actions: ReactNode; focusOnOpen?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { chart } = props;
  const p = chart.patient;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (props.focusOnOpen !== false) heading.current?.focus({ preventScroll: true });
  }, [p.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const none = t('common.none');
  const age = chart.ageYears === null ? t('chart.ageUnknown') : t('chart.age', { age: chart.ageYears });
  return (
    <div className="chart-head card" data-testid="chart-head">
      <div className="chart-head-main">
        <div className="chart-head-title">
          <h1 id="chart-title" className="code" data-testid="chart-code" tabIndex={-1} ref={heading}>{p.displayCode}</h1>
          <div className="identity-actions">{props.actions}</div>
        </div>
        <dl className="facts-inline">
          <div><dt>{t('patient.hospitalId')}</dt><dd>{p.hospitalId ?? none}</dd></div>
          <div><dt>{t('patient.sex')}</dt><dd>{t(`sex.${p.sex}`)}</dd></div>
          <div><dt>{t('patient.birthYear')}</dt><dd>{p.birthYear ?? none}<span className="muted">{t('chart.ageParen', { age })}</span></dd></div>
          <div className="grow"><dt>{t('patient.diagnosis')}</dt><dd className="ellipsis" title={p.diagnosis}>{p.diagnosis || none}</dd></div>
          <div><dt>{t('patient.painDuration')}</dt><dd>{p.painDurationMonths === null ? none : i18n.number(p.painDurationMonths, 1)}</dd></div>
        </dl>
      </div>
      <div className="chart-head-side">
        <div className="latest">
          <span className="label">{t('chart.latestOutcome')}</span>
          <OutcomeLine outcome={chart.outcome} />
        </div>
        <Eligibility criteria={chart.eligibility.criteria} overall={chart.eligibility.overall} />
      </div>
    </div>
  );
}

/** Counts of criteria by status, in the order met, not met, not recorded (zero counts left out). */
export function criteriaCounts(criteria: readonly Pick<EligibilityCriterion, 'status'>[]): { status: EligibilityCriterion['status']; count: number }[] {
  const order: EligibilityCriterion['status'][] = ['met', 'not-met', 'unknown'];
  return order.map((status) => ({ status, count: criteria.filter((c) => c.status === status).length })).filter((c) => c.count > 0);
}

function Eligibility({ criteria, overall }: { criteria: readonly EligibilityCriterion[]; overall: PatientChart['eligibility']['overall'] }) {
  const { t } = useI18n();
  const counts = criteriaCounts(criteria).map((c) => t('elig.count', { status: t(`elig.status.${c.status}`), count: c.count })).join(t('common.listSeparator'));
  return (
    <details className="eligibility" data-testid="eligibility">
      <summary>
        <span className="label">{t('chart.eligibility')}</span>
        <span className={`overall ${overall}`}><StatusIcon status={overall} /> {t(`elig.overall.${overall}`)}</span>
        <span className="muted elig-counts">{t('elig.counts', { counts })}</span>
      </summary>
      <ul className="eligibility-list">
        {criteria.map((c) => (
          <li key={c.id} className={`criterion ${c.status}`}>
            <span className="criterion-label">{t(`elig.${c.id}`)}</span>
            <span className="criterion-status"><StatusIcon status={c.status} /> {t(`elig.status.${c.status}`)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** A small shape beside the status word (colour is never the only cue; the word carries the meaning). */
function StatusIcon({ status }: { status: EligibilityCriterion['status'] }) {
  return <span className={`status-icon ${status}`} aria-hidden="true" />;
}
