/** New-patient form: checked field by field in the page (catalogue messages), then by the store. */
import { useState, type FormEvent } from 'react';
import type { MethodArgs } from '../../shared/api';
import type { Sex } from '../../shared/record/types';
import { krp } from '../bridge';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/catalog-en';
import { Field, describedBy } from '../components/field';
import { problemText, type Problem } from '../error-text';

type Flag = 'unset' | 'yes' | 'no';
interface Draft {
  displayCode: string; hospitalId: string; birthYear: string; sex: Sex; diagnosis: string;
  painDurationMonths: string; psychiatricHistory: Flag; abnormalMri: Flag; notes: string;
}
type Errors = Partial<Record<keyof Draft, MessageKey>>;

const EMPTY: Draft = {
  displayCode: '', hospitalId: '', birthYear: '', sex: 'unknown', diagnosis: '',
  painDurationMonths: '', psychiatricHistory: 'unset', abnormalMri: 'unset', notes: '',
};

const flagValue = (f: Flag): boolean | null => (f === 'unset' ? null : f === 'yes');

/** Checks a draft; returns the contract argument or the errors by field. */
export function checkPatientDraft(d: Draft, thisYear: number): { args: MethodArgs<'patients.create'> } | { errors: Errors } {
  const errors: Errors = {};
  const code = d.displayCode.trim();
  if (code.length < 1 || code.length > 40) errors.displayCode = 'patient.err.displayCode';
  if (d.hospitalId.trim().length > 64) errors.hospitalId = 'patient.err.hospitalId';
  let birthYear: number | null = null;
  if (d.birthYear.trim() !== '') {
    birthYear = Number(d.birthYear.trim());
    if (!/^\d{4}$/.test(d.birthYear.trim()) || birthYear < 1900 || birthYear > thisYear) errors.birthYear = 'patient.err.birthYear';
  }
  let pain: number | null = null;
  if (d.painDurationMonths.trim() !== '') {
    pain = Number(d.painDurationMonths.trim());
    if (!Number.isFinite(pain) || pain < 0 || pain > 1200) errors.painDurationMonths = 'patient.err.painDuration';
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    args: {
      displayCode: code,
      hospitalId: d.hospitalId.trim() === '' ? null : d.hospitalId.trim(),
      birthYear,
      sex: d.sex,
      diagnosis: d.diagnosis.trim(),
      painDurationMonths: pain,
      psychiatricHistory: flagValue(d.psychiatricHistory),
      abnormalMri: flagValue(d.abnormalMri),
      notes: d.notes.trim(),
    },
  };
}

export function NewPatientScreen(props: { onCreated(patientId: number): void; onCancel(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setFailure(null);
  };
  const err = (key: keyof Draft) => (errors[key] ? t(errors[key]!) : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkPatientDraft(draft, new Date().getFullYear());
    if ('errors' in checked) { setErrors(checked.errors); setFailure({ key: 'common.fixErrors' }); return; }
    setBusy(true);
    try {
      const patient = await krp().patients.create(checked.args);
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

  return (
    <section aria-labelledby="new-patient-title">
      <div className="screen-head"><h1 id="new-patient-title">{t('patient.newTitle')}</h1></div>
      <form className="card form-grid" onSubmit={submit} noValidate onKeyDown={(e) => { if (e.key === 'Escape') props.onCancel(); }} data-testid="new-patient-form">
        <Field id="displayCode" label={t('patient.displayCode')} hint={t('patient.displayCodeHint')} error={err('displayCode')} required>
          <input id="displayCode" autoFocus autoComplete="off" value={draft.displayCode} onChange={(e) => set('displayCode')(e.target.value)} {...describedBy('displayCode', err('displayCode'), true)} />
        </Field>
        <Field id="hospitalId" label={t('patient.hospitalId')} error={err('hospitalId')}>
          <input id="hospitalId" autoComplete="off" value={draft.hospitalId} onChange={(e) => set('hospitalId')(e.target.value)} {...describedBy('hospitalId', err('hospitalId'))} />
        </Field>
        <Field id="birthYear" label={t('patient.birthYear')} error={err('birthYear')}>
          <input id="birthYear" inputMode="numeric" autoComplete="off" value={draft.birthYear} onChange={(e) => set('birthYear')(e.target.value)} {...describedBy('birthYear', err('birthYear'))} />
        </Field>
        <Field id="sex" label={t('patient.sex')}>
          <select id="sex" value={draft.sex} onChange={(e) => set('sex')(e.target.value as Sex)}>
            {(['female', 'male', 'other', 'unknown'] as const).map((s) => <option key={s} value={s}>{t(`sex.${s}`)}</option>)}
          </select>
        </Field>
        <Field id="diagnosis" label={t('patient.diagnosis')} className="wide">
          <input id="diagnosis" autoComplete="off" value={draft.diagnosis} onChange={(e) => set('diagnosis')(e.target.value)} />
        </Field>
        <Field id="painDurationMonths" label={t('patient.painDuration')} error={err('painDurationMonths')}>
          <input id="painDurationMonths" inputMode="decimal" autoComplete="off" value={draft.painDurationMonths} onChange={(e) => set('painDurationMonths')(e.target.value)} {...describedBy('painDurationMonths', err('painDurationMonths'))} />
        </Field>
        <Field id="psychiatricHistory" label={t('patient.psychiatricHistory')}>{flagSelect('psychiatricHistory')}</Field>
        <Field id="abnormalMri" label={t('patient.abnormalMri')}>{flagSelect('abnormalMri')}</Field>
        <Field id="notes" label={t('patient.notes')} className="wide">
          <textarea id="notes" rows={2} value={draft.notes} onChange={(e) => set('notes')(e.target.value)} />
        </Field>
        {failure ? <p className="error wide" role="alert" data-testid="form-error">{problemText(failure, i18n)}</p> : null}
        <div className="actions wide">
          <button type="button" onClick={props.onCancel}>{t('patient.cancel')}</button>
          <button type="submit" className="primary" disabled={busy}>{busy ? t('common.saving') : t('patient.save')}</button>
        </div>
      </form>
    </section>
  );
}
