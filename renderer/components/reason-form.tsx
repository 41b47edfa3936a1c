/**
 * The small form every reasoned action in the chart uses (removing an entry, choosing which analysis
 * counts): a title, a hint, the reason field, the refusal of the service in the user's language, and
 * Cancel / confirm. Nothing is sent until the reason passes the shared text rules; Escape cancels.
 */
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import { problemText, type Problem } from '../error-text';
import { ReasonField, checkReasonText, type ReasonPurpose } from './reason-field';

export interface ReasonFormProps {
  /** Tells the reason field's id apart from the other forms' on the screen. */
  idSuffix: string;
  /** What the reason is for (the field's label, hint and message say so). */
  purpose: ReasonPurpose;
  testId: string;
  title: string;
  hint: string;
  confirmLabel: string;
  confirmClass: 'primary' | 'danger';
  confirmTestId?: string;
  /** The contract call; the form stays open with the refusal shown when it throws. */
  act(reason: string): Promise<void>;
  onCancel(): void;
}

export function ReasonForm(props: ReasonFormProps) {
  const i18n = useI18n();
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState(false);
  const [failure, setFailure] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    const why = checkReasonText(reason, props.purpose);
    if (!why.ok) return;
    setBusy(true);
    try {
      await props.act(why.value);
    } catch (err) {
      setFailure({ error: err });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card remove-form form-grid" onSubmit={submit} noValidate data-testid={props.testId}
      onKeyDown={(e) => { if (e.key === 'Escape') props.onCancel(); }}>
      <h4 className="wide">{props.title}</h4>
      <p className="hint wide">{props.hint}</p>
      <ReasonField id={`reason-${props.idSuffix}`} purpose={props.purpose} value={reason} onChange={(v) => { setReason(v); setFailure(null); }} showError={shown} />
      {failure ? <p className="error wide" role="alert" data-testid="form-error">{problemText(failure, i18n)}</p> : null}
      <div className="actions wide">
        <button type="button" onClick={props.onCancel}>{i18n.t('common.cancel')}</button>
        <button type="submit" className={props.confirmClass} disabled={busy} data-testid={props.confirmTestId}>{props.confirmLabel}</button>
      </div>
    </form>
  );
}
