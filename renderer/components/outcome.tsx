/** The NRS outcome of an infusion: "NRS 7 → 3: 57.1% reduction" and a responder badge. */
import type { NrsOutcome } from '../../shared/scoring/types';
import { useI18n } from '../i18n/i18n';
import { useNumberFormat } from '../number-format';

export function ResponseBadge({ outcome }: { outcome: NrsOutcome }) {
  const { t } = useI18n();
  if (outcome.status === 'evaluable') {
    return outcome.responder
      ? <span className="badge good" data-testid="response">{t('outcome.responder')}</span>
      : <span className="badge neutral" data-testid="response">{t('outcome.nonResponder')}</span>;
  }
  if (outcome.status === 'not-evaluable') return <span className="badge muted" data-testid="response">{t('outcome.notEvaluable')}</span>;
  if (outcome.status === 'undefined') return <span className="badge muted" data-testid="response">{t('outcome.undefined')}</span>;
  return <span className="badge pending" data-testid="response">{t('outcome.missing')}</span>;
}

export function OutcomeLine({ outcome }: { outcome: NrsOutcome }) {
  const i18n = useI18n();
  return (
    <div className="outcome" data-testid="outcome">
      {outcome.pre !== null && outcome.post !== null && outcome.reductionPct !== null ? (
        <span className="outcome-text">{i18n.t('outcome.reduction', { pre: outcome.pre, post: outcome.post, pct: i18n.percent(outcome.reductionPct) })}</span>
      ) : null}
      <ResponseBadge outcome={outcome} />
    </div>
  );
}

/** A patient row's outcome cells in the lists: z in use, NRS before → after, % reduction, badge. */
export function OutcomeCells(props: { z: number | null; preNrs: number | null; post60Nrs: number | null; outcome: NrsOutcome; reductionTestId?: string }) {
  const { t } = useI18n();
  const f = useNumberFormat();
  const none = t('common.none');
  const pct = props.outcome.reductionPct;
  return (
    <>
      <td className="num">{props.z === null ? none : f.z(props.z)}</td>
      <td>{props.preNrs ?? none} → {props.post60Nrs ?? none}</td>
      <td className="num" data-testid={props.reductionTestId}>{pct === null ? none : `${f.fixed(pct, 1)}%`}</td>
      <td><ResponseBadge outcome={props.outcome} /></td>
    </>
  );
}
