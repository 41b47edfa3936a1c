/**
 * The reason a correction or removal requires: one line, checked with the shared text rules
 * (no control/bidi/invisible characters); the message names what is wrong in the user's language.
 */
import { checkTextValue } from '../../shared/input';
import { CORRECTION_REASON_MAX } from '../../shared/record/corrections';
import type { MessageKey } from '../i18n/catalog-en';
import { useI18n } from '../i18n/i18n';
import { Field, describedBy } from './field';

/** The reason as it will be stored, or the catalogue key of what is wrong with it. */
export function checkReasonText(text: string): { ok: true; value: string } | { ok: false; key: MessageKey; codePoint?: string } {
  const checked = checkTextValue(text, { maxLength: CORRECTION_REASON_MAX, required: true });
  if (checked.ok) return checked;
  if (checked.problem === 'empty') return { ok: false, key: 'correct.err.reasonRequired' };
  if (checked.problem === 'too-long') return { ok: false, key: 'correct.err.reasonTooLong' };
  return { ok: false, key: `input.err.${checked.problem}`, codePoint: checked.codePoint };
}

export function ReasonField(props: { id: string; value: string; onChange(v: string): void; showError: boolean }) {
  const { t } = useI18n();
  const checked = checkReasonText(props.value);
  const error = props.showError && !checked.ok ? t(checked.key, { codePoint: checked.codePoint ?? '' }) : null;
  return (
    <Field id={props.id} label={t('correct.reason')} hint={t('correct.reasonHint')} error={error} required className="wide reason">
      <input id={props.id} autoComplete="off" value={props.value} maxLength={CORRECTION_REASON_MAX * 2}
        onChange={(e) => props.onChange(e.target.value)} {...describedBy(props.id, error, true)} data-testid="correction-reason" />
    </Field>
  );
}
