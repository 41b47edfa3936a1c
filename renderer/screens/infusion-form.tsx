/**
 * New infusion or correction of one: start, weight × mg/kg → total mg shown live (only from valid
 * inputs), duration. Full-width digits (「６２．５」) are accepted. A dose other than the protocol's
 * 0.3 mg/kg is warned about, not refused. A correction needs a reason. Enter saves, Escape cancels.
 */
import { useRef, useState, type FormEvent } from 'react';
import type { Infusion } from '../../shared/record/types';
import { DEFAULT_DOSE_MG_PER_KG, DEFAULT_INFUSION_MINUTES } from '../../shared/record/types';
import { parseDecimalText, parseIntegerText } from '../../shared/input';
import { krp } from '../bridge';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/catalog-en';
import { Field, describedBy } from '../components/field';
import { ReasonField, checkReasonText } from '../components/reason-field';
import { problemText, type Problem } from '../error-text';
import { toLocalInput } from '../datetime';
import { DateTimeInput } from '../components/date-time-input';
import { useScrollIntoView } from '../components/scroll-into-view';

export const WEIGHT_RANGE = [1, 400] as const;
export const DOSE_RANGE = [0.01, 2] as const;

/** Total dose in mg (rounded to 0.01 mg), or null unless weight and dose are both valid. */
export function totalDoseMg(weightText: string, doseText: string): number | null {
  const w = parseDecimalText(weightText, ...WEIGHT_RANGE);
  const d = parseDecimalText(doseText, ...DOSE_RANGE);
  if (!w.ok || !d.ok) return null;
  return Math.round(w.value * d.value * 100) / 100;
}

/** The dose when it is valid but not the protocol's 0.3 mg/kg (a warning, not a refusal), else null. */
export function offProtocolDose(doseText: string): number | null {
  const d = parseDecimalText(doseText, ...DOSE_RANGE);
  return d.ok && Math.abs(d.value - DEFAULT_DOSE_MG_PER_KG) > 1e-9 ? d.value : null;
}

type Errors = Partial<Record<'startedAt' | 'weight' | 'dose' | 'duration', MessageKey>>;

export function InfusionForm(props: { patientId: number; existing?: Infusion; onSaved(infusion: Infusion): void; onCancel(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const ex = props.existing;
  const [startedAt, setStartedAt] = useState(ex ? ex.startedAt.slice(0, 16) : toLocalInput(new Date()));
  const [weight, setWeight] = useState(ex ? String(ex.weightKg) : '');
  const [dose, setDose] = useState(String(ex ? ex.doseMgPerKg : DEFAULT_DOSE_MG_PER_KG));
  const [duration, setDuration] = useState(String(ex ? ex.durationMin : DEFAULT_INFUSION_MINUTES));
  const [reason, setReason] = useState('');
  const [showReasonError, setShowReasonError] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const failureRef = useRef<HTMLParagraphElement>(null);
  useScrollIntoView(formRef, true, 'nearest');
  useScrollIntoView(failureRef, failure);
  const total = totalDoseMg(weight, dose);
  const offDose = offProtocolDose(dose);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const w = parseDecimalText(weight, ...WEIGHT_RANGE);
    const d = parseDecimalText(dose, ...DOSE_RANGE);
    const m = parseIntegerText(duration, 1, 1440);
    const next: Errors = {};
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(startedAt)) next.startedAt = 'infusion.err.startedAt';
    if (!w.ok) next.weight = 'infusion.err.weight';
    if (!d.ok) next.dose = 'infusion.err.dose';
    if (!m.ok) next.duration = 'infusion.err.duration';
    setErrors(next);
    const why = checkReasonText(reason);
    setShowReasonError(true);
    if (Object.keys(next).length > 0 || !w.ok || !d.ok || !m.ok || (ex && !why.ok)) { setFailure({ key: 'common.fixErrors' }); return; }
    setBusy(true);
    try {
      const fields = { startedAt, weightKg: w.value, doseMgPerKg: d.value, durationMin: m.value };
      const infusion = ex
        ? await krp().infusions.update({ infusionId: ex.id, patch: fields, reason: why.ok ? why.value : '' })
        : await krp().infusions.add({ patientId: props.patientId, ...fields });
      props.onSaved(infusion);
    } catch (e) {
      setFailure({ error: e });
      setBusy(false);
    }
  };
  const err = (k: keyof Errors) => (errors[k] ? t(errors[k]!) : null);
  const clear = (k: keyof Errors) => { setErrors((e) => ({ ...e, [k]: undefined })); setFailure(null); };

  return (
    <form ref={formRef} className="card form-grid infusion-form" onSubmit={submit} noValidate data-testid="infusion-form"
      onKeyDown={(e) => { if (e.key === 'Escape') props.onCancel(); }} aria-labelledby="infusion-form-title">
      <h2 id="infusion-form-title" className="wide">{t(ex ? 'correct.infusionTitle' : 'infusion.title')}</h2>
      <Field id="startedAt" label={t('infusion.startedAt')} error={err('startedAt')} required>
        <DateTimeInput id="startedAt" withTime value={startedAt} autoFocus onChange={(v) => { setStartedAt(v); clear('startedAt'); }} {...describedBy('startedAt', err('startedAt'))} />
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
        {total === null && weight.trim() !== '' ? <span className="muted"> {t('infusion.totalInvalid')}</span> : null}
      </div>
      {offDose !== null ? <p className="warning wide" role="status" data-testid="dose-warning">{t('infusion.warnDose', { dose: i18n.number(offDose, 3) })}</p> : null}
      {ex ? <ReasonField id="infusion-reason" value={reason} onChange={(v) => { setReason(v); setFailure(null); }} showError={showReasonError} /> : null}
      {failure ? <p ref={failureRef} className="error wide" role="alert" data-testid="form-error">{problemText(failure, i18n)}</p> : null}
      <div className="actions wide">
        <button type="button" onClick={props.onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="primary" disabled={busy}>{busy ? t('common.saving') : t(ex ? 'correct.save' : 'infusion.save')}</button>
      </div>
    </form>
  );
}
