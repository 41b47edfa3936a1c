/**
 * The words shown for a refused action, always in the user's language: the catalogue's text for
 * the error code (with the service's details filled in). For a code the catalogue does not know,
 * the English UI shows the service's own sentence and the Japanese UI a Japanese sentence naming
 * the code, never English. `errorDetail` is the bare text, for messages that already have their
 * own frame ("The analysis failed: …"), so that no prefix is ever doubled.
 */
import { isKrpError } from '../shared/errors';
import type { I18n } from './i18n/i18n';
import { en, type MessageKey } from './i18n/catalog-en';

function catalogueKey(code: string): MessageKey | null {
  const key = `error.${code}`;
  return Object.prototype.hasOwnProperty.call(en, key) ? (key as MessageKey) : null;
}

/** The catalogue text for a known code; for an unknown one the service's sentence (en) or a Japanese sentence naming the code. */
export function errorDetail(error: unknown, i18n: I18n): string {
  const code = isKrpError(error) ? error.code : 'internal';
  const key = catalogueKey(code);
  if (key !== null) {
    const details = isKrpError(error) ? { ...(error as { details?: Record<string, string | number> }).details } : {};
    return i18n.t(key, details);
  }
  if (i18n.language === 'en') {
    const message = error instanceof Error || isKrpError(error) ? (error as { message: string }).message : String(error);
    return message.trim() !== '' ? message : i18n.t('error.untranslated', { code });
  }
  return i18n.t('error.untranslated', { code });
}

/** Localized message for any thrown value, on its own: known codes as they are, others inside "could not be completed". */
export function errorText(error: unknown, i18n: I18n): string {
  const detail = errorDetail(error, i18n);
  return isKrpError(error) && catalogueKey(error.code) !== null ? detail : i18n.t('error.generic', { message: detail });
}

/**
 * Something to tell the user, kept as data (not text) so that it follows a language switch:
 * a catalogue key with its values, or a thrown error.
 */
export type Problem = { key: MessageKey; values?: Record<string, string | number> } | { error: unknown };

/** The text of a Problem in the current language. */
export function problemText(problem: Problem, i18n: I18n): string {
  return 'key' in problem ? i18n.t(problem.key, problem.values) : errorText(problem.error, i18n);
}
