/**
 * The reason a reasoned action requires (correcting, removing, rejecting an analysis, choosing the
 * analysis that counts): one line, checked with the shared text rules (no control/bidi/invisible
 * characters); the label, hint and message say which action it is for, in the user's language.
 */
import { checkTextValue } from '../../shared/input';
import { CORRECTION_REASON_MAX } from '../../shared/record/corrections';
import type { MessageKey } from '../i18n/catalog-en';
import { useI18n } from '../i18n/i18n';
import { Field, describedBy } from './field';

/** What the reason is given for. */
export type ReasonPurpose = 'correct' | 'remove' | 'reject' | 'choose';

const TEXTS: Record<ReasonPurpose, { label: MessageKey; hint: MessageKey; required: MessageKey }> = {
  correct: { label: 'correct.reason', hint: 'correct.reasonHint', required: 'correct.err.reasonRequired' },
  remove: { label: 'reason.remove', hint: 'reason.removeHint', required: 'reason.err.removeRequired' },
  reject: { label: 'reason.reject', hint: 'reason.rejectHint', required: 'reason.err.rejectRequired' },
  choose: { label: 'reason.choose', hint: 'reason.chooseHint', required: 'reason.err.chooseRequired' },
};

/** The reason as it will be stored, or the catalogue key of what is wrong with it. */
export function checkReasonText(text: string, purpose: ReasonPurpose = 'correct'): { ok: true; value: string } | { ok: false; key: MessageKey; codePoint?: string } {
  const checked = checkTextValue(text, { maxLength: CORRECTION_REASON_MAX, required: true });
  if (checked.ok) return checked;
  if (checked.problem === 'empty') return { ok: false, key: TEXTS[purpose].required };
  if (checked.problem === 'too-long') return { ok: false, key: 'correct.err.reasonTooLong' };
  return { ok: false, key: `input.err.${checked.problem}`, codePoint: checked.codePoint };
}

export function ReasonField(props: { id: string; value: string; onChange(v: string): void; showError: boolean; purpose?: ReasonPurpose }) {
  const { t } = useI18n();
  const purpose = props.purpose ?? 'correct';
  const checked = checkReasonText(props.value, purpose);
  const error = props.showError && !checked.ok ? t(checked.key, { codePoint: checked.codePoint ?? '' }) : null;
  return (
    <Field id={props.id} label={t(TEXTS[purpose].label)} hint={t(TEXTS[purpose].hint)} error={error} required className="wide reason">
      <input id={props.id} autoComplete="off" value={props.value} maxLength={CORRECTION_REASON_MAX * 2}
        onChange={(e) => props.onChange(e.target.value)} {...describedBy(props.id, error, true)} data-testid="correction-reason" />
    </Field>
  );
}
