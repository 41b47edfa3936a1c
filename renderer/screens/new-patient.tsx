/**
 * New-patient form, and the same form correcting a saved patient's details and eligibility flags
 * (then a reason is required and only changed fields are sent). Checked field by field in the page
 * with the shared input rules (NFKC: 「ＫＥＴ－０１４」 is KET-014, 「２４」 months is 24; hidden
 * characters refused by name), then by the store.
 */
import { useState, type FormEvent } from 'react';
import type { MethodArgs } from '../../shared/api';
import { checkTextValue, DISPLAY_CODE_MAX, HOSPITAL_ID_MAX, parseDecimalText, parseIntegerText, type TextCheck } from '../../shared/input';
import type { Patient, Sex } from '../../shared/record/types';
import { krp } from '../bridge';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/catalog-en';
import { Field, describedBy } from '../components/field';
import { ReasonField, checkReasonText } from '../components/reason-field';
import { problemText, type Problem } from '../error-text';

type Flag = 'unset' | 'yes' | 'no';
interface Draft {
  displayCode: string; hospitalId: string; birthYear: string; sex: Sex; diagnosis: string;
  painDurationMonths: string; psychiatricHistory: Flag; abnormalMri: Flag; notes: string;
}
type Errors = Partial<Record<keyof Draft, MessageKey>>;
/** U+XXXX of the character a text error names, by field. */
type Points = Partial<Record<keyof Draft, string>>;
type PatientArgs = MethodArgs<'patients.create'>;

const EMPTY: Draft = {
  displayCode: '', hospitalId: '', birthYear: '', sex: 'unknown', diagnosis: '',
  painDurationMonths: '', psychiatricHistory: 'unset', abnormalMri: 'unset', notes: '',
};

const flagValue = (f: Flag): boolean | null => (f === 'unset' ? null : f === 'yes');
const flagText = (v: boolean | null): Flag => (v === null ? 'unset' : v ? 'yes' : 'no');

/** A saved patient as a draft (for correcting it). */
export function draftOf(p: Patient): Draft {
  return {
    displayCode: p.displayCode, hospitalId: p.hospitalId ?? '', birthYear: p.birthYear === null ? '' : String(p.birthYear), sex: p.sex,
    diagnosis: p.diagnosis, painDurationMonths: p.painDurationMonths === null ? '' : String(p.painDurationMonths),
    psychiatricHistory: flagText(p.psychiatricHistory), abnormalMri: flagText(p.abnormalMri), notes: p.notes,
  };
}

/** Checks a draft; returns the contract argument or the errors by field. */
export function checkPatientDraft(d: Draft, thisYear: number): { args: PatientArgs } | { errors: Errors; points: Points } {
  const errors: Errors = {};
  const points: Points = {};
  const text = (key: keyof Draft, checked: TextCheck, lengthKey: MessageKey): string => {
    if (checked.ok) return checked.value;
    errors[key] = checked.problem === 'empty' || checked.problem === 'too-long' ? lengthKey : `input.err.${checked.problem}`;
    if (checked.codePoint) points[key] = checked.codePoint;
    return '';
  };
  const code = text('displayCode', checkTextValue(d.displayCode, { maxLength: DISPLAY_CODE_MAX, required: true }), 'patient.err.displayCode');
  const hospitalId = text('hospitalId', checkTextValue(d.hospitalId, { maxLength: HOSPITAL_ID_MAX }), 'patient.err.hospitalId');
  const diagnosis = text('diagnosis', checkTextValue(d.diagnosis, { maxLength: 500 }), 'patient.err.diagnosis');
  const notes = text('notes', checkTextValue(d.notes, { maxLength: 5000, multiline: true }), 'patient.err.notes');
  let birthYear: number | null = null;
  if (d.birthYear.trim() !== '') {
    const y = parseIntegerText(d.birthYear, 1900, thisYear);
    if (y.ok) birthYear = y.value; else errors.birthYear = 'patient.err.birthYear';
  }
  let pain: number | null = null;
  if (d.painDurationMonths.trim() !== '') {
    const m = parseDecimalText(d.painDurationMonths, 0, 1200);
    if (m.ok) pain = m.value; else errors.painDurationMonths = 'patient.err.painDuration';
  }
  if (Object.keys(errors).length > 0) return { errors, points };
  return {
    args: {
      displayCode: code, hospitalId: hospitalId === '' ? null : hospitalId, birthYear, sex: d.sex, diagnosis,
      painDurationMonths: pain, psychiatricHistory: flagValue(d.psychiatricHistory), abnormalMri: flagValue(d.abnormalMri), notes,
    },
  };
}

/** The fields of `args` whose values differ from the saved patient (what a correction sends). */
export function changedPatientFields(saved: Patient, args: PatientArgs): Partial<PatientArgs> {
  const patch: Partial<PatientArgs> = {};
  for (const key of Object.keys(args) as (keyof PatientArgs)[]) {
    if (JSON.stringify(args[key] ?? null) !== JSON.stringify(saved[key as keyof Patient] ?? null)) (patch as Record<string, unknown>)[key] = args[key];
  }
  return patch;
}

export function NewPatientScreen(props: { existing?: Patient; onCreated(patientId: number): void; onCancel(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const ex = props.existing;
  const [draft, setDraft] = useState<Draft>(ex ? draftOf(ex) : EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [points, setPoints] = useState<Points>({});
  const [reason, setReason] = useState('');
  const [showReasonError, setShowReasonError] = useState(false);
  const [failure, setFailure] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setFailure(null);
  };
  const err = (key: keyof Draft) => (errors[key] ? t(errors[key]!, { codePoint: points[key] ?? '' }) : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkPatientDraft(draft, new Date().getFullYear());
    setShowReasonError(true);
    if ('errors' in checked) { setErrors(checked.errors); setPoints(checked.points); setFailure({ key: 'common.fixErrors' }); return; }
    const why = checkReasonText(reason);
    if (ex && !why.ok) { setFailure({ key: 'common.fixErrors' }); return; }
    const patch = ex ? changedPatientFields(ex, checked.args) : null;
    if (patch && Object.keys(patch).length === 0) { setFailure({ key: 'correct.noChange' }); return; }
    setBusy(true);
    try {
      const patient = ex && patch
        ? await krp().patients.update({ patientId: ex.id, patch, reason: why.ok ? why.value : '' })
        : await krp().patients.create(checked.args);
      props.onCreated(patient.id);
    } catch (e) {
      setFailure({ error: e });
      setBusy(false);
    }
  };

  const flagSelect = (key: 'psychiatricHistory' | 'abnormalMri') => (
    <select id={key} value={draft[key]} onChange={(e) => set(key)(e.target.value as Flag)}>
      {(['unset', 'no', 'yes'] as const).map((f) => <option key={f} value={f}>{t(`patient.flag.${f}`)}</option>)}
    </select>
  );
  const textInput = (key: 'displayCode' | 'hospitalId' | 'diagnosis', extra: { autoFocus?: boolean; hint?: boolean } = {}) => (
    <input id={key} autoFocus={extra.autoFocus} autoComplete="off" value={draft[key]} onChange={(e) => set(key)(e.target.value)} {...describedBy(key, err(key), extra.hint)} />
  );

  return (
    <section aria-labelledby="new-patient-title">
      <div className="screen-head"><h1 id="new-patient-title">{t(ex ? 'correct.patientTitle' : 'patient.newTitle')}</h1></div>
      <form className="card form-grid" onSubmit={submit} noValidate onKeyDown={(e) => { if (e.key === 'Escape') props.onCancel(); }} data-testid={ex ? 'edit-patient-form' : 'new-patient-form'}>
        <Field id="displayCode" label={t('patient.displayCode')} hint={t('patient.displayCodeHint')} error={err('displayCode')} required>
          {textInput('displayCode', { autoFocus: true, hint: true })}
        </Field>
        <Field id="hospitalId" label={t('patient.hospitalId')} error={err('hospitalId')}>{textInput('hospitalId')}</Field>
        <Field id="birthYear" label={t('patient.birthYear')} error={err('birthYear')}>
          <input id="birthYear" inputMode="numeric" autoComplete="off" value={draft.birthYear} onChange={(e) => set('birthYear')(e.target.value)} {...describedBy('birthYear', err('birthYear'))} />
        </Field>
        <Field id="sex" label={t('patient.sex')}>
          <select id="sex" value={draft.sex} onChange={(e) => set('sex')(e.target.value as Sex)}>
            {(['female', 'male', 'other', 'unknown'] as const).map((s) => <option key={s} value={s}>{t(`sex.${s}`)}</option>)}
          </select>
        </Field>
        <Field id="diagnosis" label={t('patient.diagnosis')} error={err('diagnosis')} className="wide">{textInput('diagnosis')}</Field>
        <Field id="painDurationMonths" label={t('patient.painDuration')} error={err('painDurationMonths')}>
          <input id="painDurationMonths" inputMode="decimal" autoComplete="off" value={draft.painDurationMonths} onChange={(e) => set('painDurationMonths')(e.target.value)} {...describedBy('painDurationMonths', err('painDurationMonths'))} />
        </Field>
        <Field id="psychiatricHistory" label={t('patient.psychiatricHistory')}>{flagSelect('psychiatricHistory')}</Field>
        <Field id="abnormalMri" label={t('patient.abnormalMri')}>{flagSelect('abnormalMri')}</Field>
        <Field id="notes" label={t('patient.notes')} error={err('notes')} className="wide">
          <textarea id="notes" rows={2} value={draft.notes} onChange={(e) => set('notes')(e.target.value)} {...describedBy('notes', err('notes'))} />
        </Field>
        {ex ? <ReasonField id="patient-reason" value={reason} onChange={(v) => { setReason(v); setFailure(null); }} showError={showReasonError} /> : null}
        {failure ? <p className="error wide" role="alert" data-testid="form-error">{problemText(failure, i18n)}</p> : null}
        <div className="actions wide">
          <button type="button" onClick={props.onCancel}>{t('patient.cancel')}</button>
          <button type="submit" className="primary" disabled={busy}>{busy ? t('common.saving') : t(ex ? 'correct.save' : 'patient.save')}</button>
        </div>
      </form>
    </section>
  );
}
