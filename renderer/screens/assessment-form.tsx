/**
 * Scores for one time point (pre / 60 min after): NRS 0–10, HADS items 1–14 (0–3) and PCS items
 * 1–13 (0–4) entered by item number. Typing a valid score moves to the next item; Backspace in an
 * empty item goes back; Enter saves; live subscale totals and bands from shared/scoring.
 */
import { useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Assessment, TimePoint } from '../../shared/record/types';
import { scoreHads, scorePcs, HADS_ANXIETY_ITEMS } from '../../shared/scoring';
import type { HadsSubscaleScore, PcsScaleScore } from '../../shared/scoring/types';
import { krp } from '../bridge';
import { useI18n, type I18n } from '../i18n/i18n';
import { Field, describedBy } from '../components/field';
import { problemText, type Problem } from '../error-text';

/** One item's text → its score, null when empty, or 'invalid'. */
export function parseItem(text: string, max: number): number | null | 'invalid' {
  const s = text.trim();
  if (s === '') return null;
  if (!/^\d{1,2}$/.test(s)) return 'invalid';
  const n = Number(s);
  return n <= max ? n : 'invalid';
}

const itemsText = (values: readonly (number | null)[] | null, count: number) =>
  Array.from({ length: count }, (_, i) => (values && values[i] !== null && values[i] !== undefined ? String(values[i]) : ''));

export interface AssessmentFormProps {
  patientId: number;
  infusionId: number;
  timePoint: TimePoint;
  defaultRecordedAt: string;
  existing: Assessment | null;
  onSaved(a: Assessment): void;
  onCancel(): void;
}

export function AssessmentForm(props: AssessmentFormProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const prefix = `${props.timePoint}-`;
  const [recordedAt, setRecordedAt] = useState(props.existing?.recordedAt.slice(0, 16) ?? props.defaultRecordedAt);
  const [nrs, setNrs] = useState(props.existing?.nrs === null || props.existing === null ? '' : String(props.existing.nrs));
  const [hads, setHads] = useState(itemsText(props.existing?.hadsItems ?? null, 14));
  const [pcs, setPcs] = useState(itemsText(props.existing?.pcsItems ?? null, 13));
  const [showErrors, setShowErrors] = useState(false);
  const [failure, setFailure] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const nrsValue = parseItem(nrs, 10);
  const hadsValues = hads.map((v) => parseItem(v, 3));
  const pcsValues = pcs.map((v) => parseItem(v, 4));
  const live = useMemo(() => ({
    hads: hadsValues.every((v) => v === null) ? null : scoreHads(hadsValues.map((v) => (v === 'invalid' ? null : v))),
    pcs: pcsValues.every((v) => v === null) ? null : scorePcs(pcsValues.map((v) => (v === 'invalid' ? null : v))),
  }), [hads, pcs]); // eslint-disable-line react-hooks/exhaustive-deps

  const nrsError = nrsValue === 'invalid' ? t('assess.err.nrs') : showErrors && nrsValue === null ? t('assess.err.nrsRequired') : null;
  const recordedAtError = showErrors && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(recordedAt) ? t('assess.err.recordedAt') : null;
  const itemErrors = [
    ...hadsValues.flatMap((v, i) => (v === 'invalid' ? [t('assess.err.hadsItem', { n: i + 1 })] : [])),
    ...pcsValues.flatMap((v, i) => (v === 'invalid' ? [t('assess.err.pcsItem', { n: i + 1 })] : [])),
  ];

  /** Focus the next (or previous) score input of this form. */
  const move = (from: HTMLInputElement, step: 1 | -1) => {
    const inputs = Array.from(formRef.current?.querySelectorAll<HTMLInputElement>('input[data-score]') ?? []);
    const next = inputs[inputs.indexOf(from) + step];
    if (next) { next.focus(); next.select(); } else if (step === 1) formRef.current?.querySelector<HTMLButtonElement>('button[type=submit]')?.focus();
  };

  const onItemInput = (list: string[], set: (v: string[]) => void, index: number, max: number) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const text = e.target.value.replace(/\s/g, '').slice(-1);
    const next = list.slice();
    next[index] = text;
    set(next);
    setFailure(null);
    if (parseItem(text, max) !== 'invalid' && text !== '') move(e.target, 1);
  };
  const onItemKey = (list: string[], index: number) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Backspace' && list[index] === '') { e.preventDefault(); move(e.currentTarget, -1); }
  };
  const onNrsInput = (e: React.ChangeEvent<HTMLInputElement>) => {
    const text = e.target.value.replace(/\s/g, '').slice(0, 2);
    setNrs(text);
    setFailure(null);
    if (text === '0' || /^[2-9]$/.test(text) || text === '10') move(e.target, 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (nrsValue === 'invalid' || nrsValue === null || itemErrors.length > 0 || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(recordedAt)) {
      setFailure({ key: 'common.fixErrors' });
      return;
    }
    const hadsItems = hadsValues.every((v) => v === null) ? null : (hadsValues as (number | null)[]);
    const pcsItems = pcsValues.every((v) => v === null) ? null : (pcsValues as (number | null)[]);
    setBusy(true);
    try {
      const saved = props.existing
        ? await krp().assessments.update({ assessmentId: props.existing.id, patch: { recordedAt, nrs: nrsValue, hadsItems, pcsItems } })
        : await krp().assessments.add({ patientId: props.patientId, infusionId: props.infusionId, timePoint: props.timePoint, recordedAt, nrs: nrsValue, hadsItems, pcsItems });
      props.onSaved(saved);
    } catch (e) {
      setFailure({ error: e });
      setBusy(false);
    }
  };

  const timepoint = t(props.timePoint === 'pre' ? 'tp.pre' : 'tp.post60');
  return (
    <form ref={formRef} className="card assessment-form" onSubmit={submit} noValidate data-testid={`assessment-form-${props.timePoint}`}
      onKeyDown={(e) => { if (e.key === 'Escape') props.onCancel(); }} aria-labelledby={`${prefix}title`}>
      <h3 id={`${prefix}title`}>{t('assess.title', { timepoint })}</h3>
      <p className="hint">{t('assess.hint')}</p>
      <div className="assessment-top">
        <Field id={`${prefix}recordedAt`} label={t('assess.recordedAt')} error={recordedAtError} required>
          <input id={`${prefix}recordedAt`} type="datetime-local" value={recordedAt} onChange={(e) => setRecordedAt(e.target.value)} {...describedBy(`${prefix}recordedAt`, recordedAtError)} />
        </Field>
        <Field id={`${prefix}nrs`} label={t('assess.nrs')} error={nrsError} required>
          <input id={`${prefix}nrs`} data-score="nrs" className="score nrs" inputMode="numeric" autoComplete="off" autoFocus value={nrs}
            onChange={onNrsInput} onFocus={(e) => e.target.select()} {...describedBy(`${prefix}nrs`, nrsError)} />
        </Field>
      </div>

      <fieldset className="items">
        <legend>{t('assess.hads')}</legend>
        <div className="item-grid">
          {hads.map((v, i) => {
            const bad = hadsValues[i] === 'invalid';
            const anxiety = (HADS_ANXIETY_ITEMS as readonly number[]).includes(i + 1);
            return (
              <label key={i} className={`item${bad ? ' invalid' : ''}`}>
                <span className="item-no">{i + 1}<small className="sub">{anxiety ? t('hads.anxiety').slice(0, 1) : t('hads.depression').slice(0, 1)}</small></span>
                <input data-score={`hads-${i + 1}`} id={`${prefix}hads-${i + 1}`} className="score" inputMode="numeric" autoComplete="off" value={v}
                  aria-label={`HADS ${t('assess.item', { n: i + 1 })}`} aria-invalid={bad || undefined}
                  onChange={onItemInput(hads, setHads, i, 3)} onKeyDown={onItemKey(hads, i)} onFocus={(e) => e.target.select()} />
              </label>
            );
          })}
        </div>
        <HadsTotals i18n={i18n} score={live.hads} />
      </fieldset>

      <fieldset className="items">
        <legend>{t('assess.pcs')}</legend>
        <div className="item-grid">
          {pcs.map((v, i) => {
            const bad = pcsValues[i] === 'invalid';
            return (
              <label key={i} className={`item${bad ? ' invalid' : ''}`}>
                <span className="item-no">{i + 1}</span>
                <input data-score={`pcs-${i + 1}`} id={`${prefix}pcs-${i + 1}`} className="score" inputMode="numeric" autoComplete="off" value={v}
                  aria-label={`PCS ${t('assess.item', { n: i + 1 })}`} aria-invalid={bad || undefined}
                  onChange={onItemInput(pcs, setPcs, i, 4)} onKeyDown={onItemKey(pcs, i)} onFocus={(e) => e.target.select()} />
              </label>
            );
          })}
        </div>
        <PcsTotals i18n={i18n} score={live.pcs} />
      </fieldset>

      {itemErrors.length > 0 ? (
        <ul className="error-list" role="alert" data-testid="item-errors">{itemErrors.map((m) => <li key={m}>{m}</li>)}</ul>
      ) : null}
      {failure ? <p className="error" role="alert" data-testid="form-error">{problemText(failure, i18n)}</p> : null}
      <div className="actions">
        <button type="button" onClick={props.onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="primary" disabled={busy}>{busy ? t('common.saving') : t('assess.save')}</button>
      </div>
    </form>
  );
}

function subscaleText(i18n: I18n, s: HadsSubscaleScore | PcsScaleScore): string {
  if (!s.scored) return i18n.t('score.unscored', { answered: s.answered });
  const band = 'band' in s ? ` · ${i18n.t(`hads.band.${s.band}`)}` : '';
  return `${i18n.number(s.score, 1)}${band}${s.prorated ? ` · ${i18n.t('score.prorated')}` : ''}`;
}

export function HadsTotals({ i18n, score }: { i18n: I18n; score: ReturnType<typeof scoreHads> | null }) {
  if (score === null) return <div className="totals muted">{i18n.t('assess.notGiven')}</div>;
  return (
    <dl className="totals" data-testid="hads-totals">
      <div><dt>{i18n.t('hads.anxiety')}</dt><dd data-testid="hads-anxiety">{subscaleText(i18n, score.anxiety)}</dd></div>
      <div><dt>{i18n.t('hads.depression')}</dt><dd data-testid="hads-depression">{subscaleText(i18n, score.depression)}</dd></div>
    </dl>
  );
}

export function PcsTotals({ i18n, score }: { i18n: I18n; score: ReturnType<typeof scorePcs> | null }) {
  if (score === null) return <div className="totals muted">{i18n.t('assess.notGiven')}</div>;
  return (
    <dl className="totals" data-testid="pcs-totals">
      <div><dt>{i18n.t('pcs.total')}</dt><dd data-testid="pcs-total">{subscaleText(i18n, score.total)}{score.clinicallyRelevant ? ` · ${i18n.t('pcs.relevant')}` : ''}</dd></div>
      <div><dt>{i18n.t('pcs.rumination')}</dt><dd>{subscaleText(i18n, score.rumination)}</dd></div>
      <div><dt>{i18n.t('pcs.magnification')}</dt><dd>{subscaleText(i18n, score.magnification)}</dd></div>
      <div><dt>{i18n.t('pcs.helplessness')}</dt><dd>{subscaleText(i18n, score.helplessness)}</dd></div>
    </dl>
  );
}
