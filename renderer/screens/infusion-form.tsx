/** New infusion: start, weight × mg/kg → total mg shown live, duration. Enter saves, Escape cancels. */
import { useState, type FormEvent } from 'react';
import type { Infusion } from '../../shared/record/types';
import { DEFAULT_DOSE_MG_PER_KG, DEFAULT_INFUSION_MINUTES } from '../../shared/record/types';
import { krp } from '../bridge';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/catalog-en';
import { Field, describedBy } from '../components/field';
import { problemText, type Problem } from '../error-text';
import { toLocalInput } from '../datetime';

/** Total dose in mg (rounded to 0.01 mg), or null while either input is not a positive number. */
export function totalDoseMg(weightText: string, doseText: string): number | null {
  const w = Number(weightText.replace(',', '.'));
  const d = Number(doseText.replace(',', '.'));
  if (weightText.trim() === '' || doseText.trim() === '' || !Number.isFinite(w) || !Number.isFinite(d) || w <= 0 || d <= 0) return null;
  return Math.round(w * d * 100) / 100;
}

export function InfusionForm(props: { patientId: number; onSaved(infusion: Infusion): void; onCancel(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [startedAt, setStartedAt] = useState(toLocalInput(new Date()));
  const [weight, setWeight] = useState('');
  const [dose, setDose] = useState(String(DEFAULT_DOSE_MG_PER_KG));
  const [duration, setDuration] = useState(String(DEFAULT_INFUSION_MINUTES));
  const [errors, setErrors] = useState<Partial<Record<'startedAt' | 'weight' | 'dose' | 'duration', MessageKey>>>({});
  const [failure, setFailure] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const total = totalDoseMg(weight, dose);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const w = Number(weight.replace(',', '.'));
    const d = Number(dose.replace(',', '.'));
    const m = Number(duration);
    const next: typeof errors = {};
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(startedAt)) next.startedAt = 'infusion.err.startedAt';
    if (weight.trim() === '' || !Number.isFinite(w) || w <= 0 || w > 400) next.weight = 'infusion.err.weight';
    if (dose.trim() === '' || !Number.isFinite(d) || d < 0.01 || d > 5) next.dose = 'infusion.err.dose';
    if (!/^\d+$/.test(duration.trim()) || m < 1 || m > 1440) next.duration = 'infusion.err.duration';
    setErrors(next);
    if (Object.keys(next).length > 0) { setFailure({ key: 'common.fixErrors' }); return; }
    setBusy(true);
    try {
      const infusion = await krp().infusions.add({ patientId: props.patientId, startedAt, weightKg: w, doseMgPerKg: d, durationMin: m });
      props.onSaved(infusion);
    } catch (e) {
      setFailure({ error: e });
      setBusy(false);
    }
  };
  const err = (k: keyof typeof errors) => (errors[k] ? t(errors[k]!) : null);
  const clear = (k: keyof typeof errors) => { setErrors((e) => ({ ...e, [k]: undefined })); setFailure(null); };

  return (
    <form className="card form-grid infusion-form" onSubmit={submit} noValidate data-testid="infusion-form"
      onKeyDown={(e) => { if (e.key === 'Escape') props.onCancel(); }} aria-labelledby="infusion-form-title">
      <h2 id="infusion-form-title" className="wide">{t('infusion.title')}</h2>
      <Field id="startedAt" label={t('infusion.startedAt')} error={err('startedAt')} required>
        <input id="startedAt" type="datetime-local" value={startedAt} autoFocus onChange={(e) => { setStartedAt(e.target.value); clear('startedAt'); }} {...describedBy('startedAt', err('startedAt'))} />
      </Field>
      <Field id="weightKg" label={t('infusion.weight')} error={err('weight')} required>
        <input id="weightKg" inputMode="decimal" autoComplete="off" value={weight} onChange={(e) => { setWeight(e.target.value); clear('weight'); }} {...describedBy('weightKg', err('weight'))} />
      </Field>
      <Field id="doseMgPerKg" label={t('infusion.dose')} error={err('dose')} required>
        <input id="doseMgPerKg" inputMode="decimal" autoComplete="off" value={dose} onChange={(e) => { setDose(e.target.value); clear('dose'); }} {...describedBy('doseMgPerKg', err('dose'))} />
      </Field>
      <Field id="durationMin" label={t('infusion.duration')} error={err('duration')} required>
        <input id="durationMin" inputMode="numeric" autoComplete="off" value={duration} onChange={(e) => { setDuration(e.target.value); clear('duration'); }} {...describedBy('durationMin', err('duration'))} />
      </Field>
      <div className="total wide" aria-live="polite">
        <span className="label">{t('infusion.total')}</span>
        <output data-testid="total-mg">{total === null ? t('common.none') : t('infusion.totalValue', { total: i18n.number(total, 2) })}</output>
      </div>
      {failure ? <p className="error wide" role="alert" data-testid="form-error">{problemText(failure, i18n)}</p> : null}
      <div className="actions wide">
        <button type="button" onClick={props.onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="primary" disabled={busy}>{busy ? t('common.saving') : t('infusion.save')}</button>
      </div>
    </form>
  );
}
