/**
 * How corrections show in the chart: a "corrected" mark beside a corrected value whose history
 * (when, who, which fields, why) is its tooltip and opens on click; and the removal of a mistaken
 * entry, which asks for the reason first (nothing clinical is hard-deleted).
 */
import { useState, type FormEvent } from 'react';
import type { Correction, CorrectionEntity } from '../../shared/record/corrections';
import { useI18n, type I18n } from '../i18n/i18n';
import { problemText, type Problem } from '../error-text';
import { ReasonField, checkReasonText } from './reason-field';

function historyLine(c: Correction, i18n: I18n): string {
  return i18n.t('correct.historyEntry', { at: i18n.dateTime(c.at), who: c.clinician, fields: c.fields.join(', '), reason: c.reason });
}

/** The mark beside an entity that was corrected; nothing when it never was. */
export function CorrectedMark(props: { corrections: readonly Correction[]; entity: CorrectionEntity; entityId: number }) {
  const i18n = useI18n();
  const [open, setOpen] = useState(false);
  const mine = props.corrections.filter((c) => c.entity === props.entity && c.entityId === props.entityId && c.action === 'update');
  if (mine.length === 0) return null;
  const lines = mine.map((c) => historyLine(c, i18n));
  return (
    <span className="corrected">
      <button type="button" className="corrected-mark" title={i18n.t('correct.markTitle', { history: lines.join(' / ') })}
        aria-expanded={open} onClick={() => setOpen(!open)} data-testid={`corrected-${props.entity}-${props.entityId}`}>
        {i18n.t('correct.mark')}
      </button>
      {open ? (
        <ul className="correction-history" data-testid="correction-history" aria-label={i18n.t('correct.history')}>
          {lines.map((l, i) => <li key={mine[i]!.id}>{l}</li>)}
        </ul>
      ) : null}
    </span>
  );
}

/** "Remove…" → reason → confirm; `remove` is the contract call. */
export function RemoveEntry(props: { what: 'patient' | 'infusion' | 'assessment'; testId: string; remove(reason: string): Promise<unknown>; onRemoved(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState(false);
  const [failure, setFailure] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open) return <button type="button" className="link danger" onClick={() => setOpen(true)} data-testid={`remove-${props.testId}`}>{t('correct.delete')}</button>;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    const why = checkReasonText(reason);
    if (!why.ok) return;
    setBusy(true);
    try {
      await props.remove(why.value);
      props.onRemoved();
    } catch (err) {
      setFailure({ error: err });
      setBusy(false);
    }
  };
  return (
    <form className="card remove-form form-grid" onSubmit={submit} noValidate data-testid={`remove-form-${props.testId}`}
      onKeyDown={(e) => { if (e.key === 'Escape') setOpen(false); }}>
      <h4 className="wide">{t('correct.deleteTitle', { what: t(`correct.what.${props.what}`) })}</h4>
      <p className="hint wide">{t('correct.deleteHint')}</p>
      <ReasonField id={`remove-reason-${props.testId}`} value={reason} onChange={(v) => { setReason(v); setFailure(null); }} showError={shown} />
      {failure ? <p className="error wide" role="alert" data-testid="form-error">{problemText(failure, i18n)}</p> : null}
      <div className="actions wide">
        <button type="button" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
        <button type="submit" className="danger" disabled={busy}>{t('correct.deleteConfirm')}</button>
      </div>
    </form>
  );
}
