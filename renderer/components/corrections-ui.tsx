/**
 * How corrections show in the chart: a "corrected" mark beside a corrected value whose history
 * (when, who, which fields, why) is its tooltip and opens on click; and the removal of a mistaken
 * entry, which asks for the reason first (nothing clinical is hard-deleted).
 */
import { useState } from 'react';
import type { Correction, CorrectionEntity } from '../../shared/record/corrections';
import { useI18n, type I18n } from '../i18n/i18n';
import { ReasonForm } from './reason-form';

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
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (!open) return <button type="button" className="link danger" onClick={() => setOpen(true)} data-testid={`remove-${props.testId}`}>{t('correct.delete')}</button>;
  return (
    <ReasonForm idSuffix={`remove-${props.testId}`} purpose="remove" testId={`remove-form-${props.testId}`}
      title={t('correct.deleteTitle', { what: t(`correct.what.${props.what}`) })} hint={t('correct.deleteHint')}
      confirmLabel={t('correct.deleteConfirm')} confirmClass="danger" onCancel={() => setOpen(false)}
      act={async (reason) => {
        await props.remove(reason);
        props.onRemoved();
      }} />
  );
}
