/**
 * The words shown for a refused action: the catalogue's text for the error code when there is
 * one, otherwise the service's own sentence inside the generic "The action failed" frame.
 */
import { isKrpError } from '../shared/errors';
import type { I18n } from './i18n/i18n';
import { en, type MessageKey } from './i18n/catalog-en';

/** Localized message for any thrown value. */
export function errorText(error: unknown, i18n: I18n): string {
  if (isKrpError(error)) {
    const key = `error.${error.code}` as MessageKey;
    if (key in en) {
      const details = (error as { details?: Record<string, string | number> }).details ?? {};
      return i18n.t(key, details);
    }
    return i18n.t('error.generic', { message: error.message });
  }
  return i18n.t('error.generic', { message: error instanceof Error ? error.message : String(error) });
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
