/**
 * Local user accounts (MHLW guideline 6.0: user authentication and access logs): who may sign in,
 * with which role, and the rules a user name and a password must follow. Pure TypeScript, shared
 * by the renderer's forms, the IPC contract and the store (which re-checks everything).
 */
import { checkTextValue, type TextCheck } from '../input/identifier';

export const USER_ROLES = ['administrator', 'clinician'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A user as lists and the session show it (never the password hash). */
export interface UserAccount {
  id: number;
  /** The sign-in name, NFKC-normalized as typed (unique case-insensitively). */
  username: string;
  /** The name every audit row and report shows. */
  displayName: string;
  role: UserRole;
  active: boolean;
  /** An administrator reset the password: it must be changed at the next sign-in. */
  mustChangePassword: boolean;
  createdAt: string;
  deactivatedAt: string | null;
}

export const USERNAME_MAX = 64;
export const DISPLAY_NAME_MAX = 120;
/** Shortest accepted password, in characters after NFKC normalization. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/** A user name: one line, NFKC, no control/bidi/zero-width characters (shared/input rules). */
export function checkUsername(raw: string): TextCheck {
  return checkTextValue(raw, { maxLength: USERNAME_MAX, required: true });
}

export function checkDisplayName(raw: string): TextCheck {
  return checkTextValue(raw, { maxLength: DISPLAY_NAME_MAX, required: true });
}

/** The key uniqueness and sign-in lookups use: normalized and case-folded. */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

export type PasswordProblem = 'too-short' | 'too-long';

/**
 * The password as it is hashed: NFKC-normalized (full-width typed by an IME equals half-width;
 * NIST SP 800-63B §5.1.1.2), not trimmed (spaces count). Null with the problem when refused.
 */
export function normalizePassword(raw: string): { ok: true; value: string } | { ok: false; problem: PasswordProblem } {
  const value = raw.normalize('NFKC');
  const length = Array.from(value).length;
  if (length < PASSWORD_MIN) return { ok: false, problem: 'too-short' };
  if (length > PASSWORD_MAX) return { ok: false, problem: 'too-long' };
  return { ok: true, value };
}

/** Inactivity lock: default and accepted range, in minutes. */
export const LOCK_MINUTES_DEFAULT = 10;
export const LOCK_MINUTES_MIN = 1;
export const LOCK_MINUTES_MAX = 240;
