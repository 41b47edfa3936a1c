/**
 * A date (or date and time) input that follows the app's language, not Chromium's locale: a text
 * field showing 2025/03/04 14:30 in Japanese and 4 Mar 2025 14:30 in English, reading what is
 * typed in that language (full-width digits included, ISO always) and reporting ISO text
 * (YYYY-MM-DD or YYYY-MM-DDTHH:MM) to the form. Text that is not a real date is passed on as
 * typed, so the form's own check refuses it with its message. The format is shown as a hint.
 * Drop-in for <input type="date"> / "datetime-local": same id, value and onChange(string).
 */
import { useState, type InputHTMLAttributes } from 'react';
import { formatDateText, parseDateText } from '../datetime';
import { useI18n } from '../i18n/i18n';

type NativeProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'>;

export function DateTimeInput(props: NativeProps & { id: string; value: string; onChange(value: string): void; withTime?: boolean }) {
  const { id, value, onChange, withTime = false, ...rest } = props;
  const { t, language } = useI18n();
  const [text, setText] = useState(() => (value ? formatDateText(value, language) : ''));
  // What the shown text was last made from. A value set from outside (reset, preset) or a language
  // switch re-formats the text during this render (React's "adjust state on a prop change"), so the
  // field never shows a stale format, not even for one frame.
  const [shownFor, setShownFor] = useState({ value, language });
  if (shownFor.value !== value || shownFor.language !== language) {
    setShownFor({ value, language });
    // The text was typed (or formatted) in the language it was shown in.
    const current = parseDateText(text, shownFor.language, withTime);
    let next = text;
    if (value === '' && text !== '' && current !== null) next = '';
    else if (value !== '' && current !== value && /^\d{4}-\d{2}-\d{2}/.test(value)) next = formatDateText(value, language);
    else if (language !== shownFor.language && current !== null) next = formatDateText(current, language);
    if (next !== text) setText(next);
  }

  const format = t(withTime ? 'date.formatDateTime' : 'date.format');
  return (
    <input {...rest} id={id} type="text" inputMode="numeric" autoComplete="off" spellCheck={false} value={text} placeholder={format} title={format}
      data-iso={parseDateText(text, language, withTime) ?? ''}
      onChange={(e) => {
        setText(e.target.value);
        const iso = parseDateText(e.target.value, language, withTime);
        onChange(iso ?? e.target.value.trim());
      }}
      onBlur={(e) => {
        const iso = parseDateText(text, language, withTime);
        if (iso !== null) setText(formatDateText(iso, language));
        rest.onBlur?.(e);
      }} />
  );
}
