/**
 * Scores for one time point (pre / 60 min after): NRS 0–10, HADS items 1–14 (0–3) and PCS items
 * 1–13 (0–4) entered by item number. The keys go through score-entry.ts, so entry cannot shift: a
 * digit always replaces the focused item and moves on (full-width digits too), Backspace clears,
 * a pasted row fills item after item, NRS "1" "0" is 10. Enter saves; live totals from shared/scoring.
 * Editing saved scores is a correction: a reason is required and kept with the old values.
 */
import { useMemo, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react';
import type { Assessment, TimePoint } from '../../shared/record/types';
import { scoreHads, scorePcs, HADS_ANXIETY_ITEMS } from '../../shared/scoring';
import { digitOfKey } from '../../shared/input';
import { krp } from '../bridge';
import { useI18n } from '../i18n/i18n';
import { Field, describedBy } from '../components/field';
import { HadsTotals, PcsTotals } from '../components/score-totals';
import { ReasonField, checkReasonText } from '../components/reason-field';
import { problemText, type Problem } from '../error-text';
import { backspace, pasteDigits, replaceText, typeDigit, type EntryState } from './score-entry';
import { DateTimeInput } from '../components/date-time-input';
import { useScrollIntoView } from '../components/scroll-into-view';

export { HadsTotals, PcsTotals } from '../components/score-totals';

/** One item's text → its score, null when empty, or 'invalid' (full-width digits accepted). */
export function parseItem(text: string, max: number): number | null | 'invalid' {
  const s = text.normalize('NFKC').trim();
  if (s === '') return null;
  if (!/^\d{1,2}$/.test(s)) return 'invalid';
  const n = Number(s);
  return n <= max ? n : 'invalid';
}

const HADS = 14;
const PCS = 13;
/** Slot maxima in keyboard order: NRS, HADS 1–14, PCS 1–13. */
const MAXIMA: readonly number[] = [10, ...Array<number>(HADS).fill(3), ...Array<number>(PCS).fill(4)];

const isAnxiety = (item: number) => (HADS_ANXIETY_ITEMS as readonly number[]).includes(item);
const textOf = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

function initialTexts(existing: Assessment | null): string[] {
  return [
    textOf(existing?.nrs),
    ...Array.from({ length: HADS }, (_, i) => textOf(existing?.hadsItems?.[i])),
    ...Array.from({ length: PCS }, (_, i) => textOf(existing?.pcsItems?.[i])),
  ];
}

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
  const [texts, setTexts] = useState<readonly string[]>(() => initialTexts(props.existing));
  const [reason, setReason] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [failure, setFailure] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const problemsRef = useRef<HTMLDivElement>(null);
  const pendingOne = useRef(false);
  // The whole form (NRS, 14 HADS and 13 PCS items, Save) in view when it opens; problems when they appear.
  useScrollIntoView(formRef, true, 'start');

  const nrs = texts[0];
  const hads = texts.slice(1, 1 + HADS);
  const pcs = texts.slice(1 + HADS);
  const nrsValue = parseItem(nrs, 10);
  const hadsValues = hads.map((v) => parseItem(v, 3));
  const pcsValues = pcs.map((v) => parseItem(v, 4));
  const live = useMemo(() => ({
    hads: hadsValues.every((v) => v === null) ? null : scoreHads(hadsValues.map((v) => (v === 'invalid' ? null : v))),
    pcs: pcsValues.every((v) => v === null) ? null : scorePcs(pcsValues.map((v) => (v === 'invalid' ? null : v))),
  }), [texts]); // eslint-disable-line react-hooks/exhaustive-deps

  const nrsError = nrsValue === 'invalid' ? t('assess.err.nrs') : showErrors && nrsValue === null ? t('assess.err.nrsRequired') : null;
  const recordedAtError = showErrors && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(recordedAt) ? t('assess.err.recordedAt') : null;
  const itemErrors = [
    ...hadsValues.flatMap((v, i) => (v === 'invalid' ? [t('assess.err.hadsItem', { n: i + 1 })] : [])),
    ...pcsValues.flatMap((v, i) => (v === 'invalid' ? [t('assess.err.pcsItem', { n: i + 1 })] : [])),
  ];

  const inputs = () => Array.from(formRef.current?.querySelectorAll<HTMLInputElement>('input[data-score]') ?? []);
  /** Shows the new state: texts, then the cursor on its slot (or on Save after the last one). */
  const apply = (next: EntryState) => {
    setTexts(next.texts);
    setFailure(null);
    const target = inputs()[next.focus];
    if (target) {
      if (target !== document.activeElement) target.focus();
      // Select on the next frame only if the cursor is still there: a deferred select() would pull
      // the focus back from a field the user (or an IME commit) has moved to meanwhile.
      requestAnimationFrame(() => { if (document.activeElement === target) target.select(); });
    } else {
      formRef.current?.querySelector<HTMLButtonElement>('button[type=submit]')?.focus();
    }
    pendingOne.current = next.pendingOne;
  };
  const stateAt = (slot: number): EntryState => ({ texts, focus: slot, pendingOne: pendingOne.current });

  const onKey = (slot: number) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
    const digit = digitOfKey(e.key);
    if (digit !== null) { e.preventDefault(); apply(typeDigit(stateAt(slot), MAXIMA, digit)); return; }
    if (e.key === 'Backspace' || e.key === 'Delete') { e.preventDefault(); apply(backspace(stateAt(slot))); }
  };
  const onPaste = (slot: number) => (e: ClipboardEvent<HTMLInputElement>) => {
    e.preventDefault();
    apply(pasteDigits({ ...stateAt(slot), pendingOne: false }, MAXIMA, e.clipboardData.getData('text')));
  };
  /** Input that did not come as a key (IME commit, autofill): same rules. */
  const onChange = (slot: number) => (e: React.ChangeEvent<HTMLInputElement>) => apply(replaceText(stateAt(slot), MAXIMA, e.target.value));
  const slotProps = (slot: number) => ({
    'data-score': slot === 0 ? 'nrs' : slot <= HADS ? `hads-${slot}` : `pcs-${slot - HADS}`,
    className: slot === 0 ? 'score nrs' : 'score', inputMode: 'numeric' as const, autoComplete: 'off', value: texts[slot],
    onKeyDown: onKey(slot), onPaste: onPaste(slot), onChange: onChange(slot),
    onFocus: (e: React.FocusEvent<HTMLInputElement>) => { pendingOne.current = false; e.target.select(); },
  });

  useScrollIntoView(problemsRef, failure);
  const reasonCheck = checkReasonText(reason);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (nrsValue === 'invalid' || nrsValue === null || itemErrors.length > 0 || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(recordedAt)
      || (props.existing && !reasonCheck.ok)) {
      setFailure({ key: 'common.fixErrors' });
      return;
    }
    const hadsItems = hadsValues.every((v) => v === null) ? null : (hadsValues as (number | null)[]);
    const pcsItems = pcsValues.every((v) => v === null) ? null : (pcsValues as (number | null)[]);
    setBusy(true);
    try {
      const saved = props.existing
        ? await krp().assessments.update({
          assessmentId: props.existing.id, patch: { recordedAt, nrs: nrsValue, hadsItems, pcsItems }, reason: reasonCheck.ok ? reasonCheck.value : '',
        })
        : await krp().assessments.add({ patientId: props.patientId, infusionId: props.infusionId, timePoint: props.timePoint, recordedAt, nrs: nrsValue, hadsItems, pcsItems });
      props.onSaved(saved);
    } catch (e) {
      setFailure({ error: e });
      setBusy(false);
    }
  };

  const timepoint = t(props.timePoint === 'pre' ? 'tp.pre' : 'tp.post60');
  const itemLabel = (scale: 'hads' | 'pcs', i: number, bad: boolean, slot: number) => (
    <label key={i} className={`item${bad ? ' invalid' : ''}`}>
      <span className="item-no">{i + 1}{scale === 'hads'
        ? <small className={`sub ${isAnxiety(i + 1) ? 'anxiety' : 'depression'}`} title={isAnxiety(i + 1) ? t('hads.anxiety') : t('hads.depression')}>{isAnxiety(i + 1) ? t('hads.itemAnxiety') : t('hads.itemDepression')}</small>
        : null}</span>
      <input id={`${prefix}${scale}-${i + 1}`} aria-label={`${scale.toUpperCase()} ${t('assess.item', { n: i + 1 })}${scale === 'hads' ? ` ${isAnxiety(i + 1) ? t('hads.anxiety') : t('hads.depression')}` : ''}`} aria-invalid={bad || undefined} {...slotProps(slot)} />
    </label>
  );
  return (
    <form ref={formRef} className="card assessment-form" onSubmit={submit} noValidate data-testid={`assessment-form-${props.timePoint}`}
      onKeyDown={(e) => { if (e.key === 'Escape') props.onCancel(); }} aria-labelledby={`${prefix}title`}>
      <h3 id={`${prefix}title`}>{t('assess.title', { timepoint })}</h3>
      <p className="hint">{t('assess.hintKeys')}</p>
      <div className="assessment-top">
        <Field id={`${prefix}recordedAt`} label={t('assess.recordedAt')} error={recordedAtError} required>
          <DateTimeInput id={`${prefix}recordedAt`} withTime value={recordedAt} onChange={setRecordedAt} {...describedBy(`${prefix}recordedAt`, recordedAtError)} />
        </Field>
        <Field id={`${prefix}nrs`} label={t('assess.nrs')} error={nrsError} required>
          <input id={`${prefix}nrs`} autoFocus {...slotProps(0)} {...describedBy(`${prefix}nrs`, nrsError)} />
        </Field>
      </div>

      <fieldset className="items">
        <legend>{t('assess.hads')}</legend>
        <div className="item-grid">{hads.map((_, i) => itemLabel('hads', i, hadsValues[i] === 'invalid', 1 + i))}</div>
        <HadsTotals i18n={i18n} score={live.hads} />
      </fieldset>

      <fieldset className="items">
        <legend>{t('assess.pcs')}</legend>
        <div className="item-grid">{pcs.map((_, i) => itemLabel('pcs', i, pcsValues[i] === 'invalid', 1 + HADS + i))}</div>
        <PcsTotals i18n={i18n} score={live.pcs} />
      </fieldset>

      {props.existing ? <ReasonField id={`${prefix}reason`} value={reason} onChange={(v) => { setReason(v); setFailure(null); }} showError={showErrors} /> : null}
      <div ref={problemsRef}>
        {itemErrors.length > 0 ? (
          <ul className="error-list" role="alert" data-testid="item-errors">{itemErrors.map((m) => <li key={m}>{m}</li>)}</ul>
        ) : null}
        {failure ? <p className="error" role="alert" data-testid="form-error">{problemText(failure, i18n)}</p> : null}
      </div>
      <div className="actions">
        <button type="button" onClick={props.onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="primary" disabled={busy}>{busy ? t('common.saving') : t('assess.save')}</button>
      </div>
    </form>
  );
}
