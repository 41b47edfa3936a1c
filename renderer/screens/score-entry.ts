/**
 * Keyboard entry of a score sheet as one row of slots (NRS, HADS 1–14, PCS 1–13), kept pure so
 * that it cannot shift: a typed digit always replaces the focused slot's value — also when it
 * equals the value already there — and moves to the next slot; an out-of-range digit is shown in
 * the slot (marked invalid) and the cursor stays; a pasted row ("2103…") fills slot after slot.
 * NRS 0–10: "1" waits in the NRS slot; a following "0" makes 10, any other digit confirms 1 and
 * goes to the next slot (Tab or Enter confirms 1 as well).
 */
import { digitsOf } from '../../shared/input';

export interface EntryState {
  /** Text of every slot, in order. */
  texts: readonly string[];
  /** Slot that has the cursor; texts.length = the Save button. */
  focus: number;
  /** The NRS slot just received "1" and a "0" would make it 10. */
  pendingOne: boolean;
}

/** Highest score of each slot; a slot with max ≥ 10 takes two-digit input (NRS). */
export type SlotMaxima = readonly number[];

/** A digit typed in slot `state.focus`. */
export function typeDigit(state: EntryState, maxima: SlotMaxima, digit: number): EntryState {
  const at = state.focus;
  if (at >= state.texts.length) return state;
  const texts = state.texts.slice();
  if (maxima[at] >= 10) {
    if (state.pendingOne) {
      if (digit === 0) { texts[at] = '10'; return { texts, focus: at + 1, pendingOne: false }; }
      return typeDigit({ texts, focus: at + 1, pendingOne: false }, maxima, digit);
    }
    texts[at] = String(digit);
    return digit === 1 ? { texts, focus: at, pendingOne: true } : { texts, focus: at + 1, pendingOne: false };
  }
  texts[at] = String(digit);
  return { texts, focus: digit <= maxima[at] ? at + 1 : at, pendingOne: false };
}

/** A pasted text from the focused slot on: its digits in turn; stops at an out-of-range digit or the end. */
export function pasteDigits(state: EntryState, maxima: SlotMaxima, text: string): EntryState {
  let next = state;
  for (const d of digitsOf(text)) {
    if (next.focus >= next.texts.length) break;
    const before = next.focus;
    next = typeDigit(next, maxima, d);
    if (next.focus === before && !next.pendingOne) break; // out of range: stays for correction
  }
  return next;
}

/** Backspace: clears a filled slot (cursor stays); in an empty slot goes back to the previous one. */
export function backspace(state: EntryState): EntryState {
  const at = state.focus;
  if (at < state.texts.length && state.texts[at] !== '') {
    const texts = state.texts.slice();
    texts[at] = '';
    return { texts, focus: at, pendingOne: false };
  }
  return { texts: state.texts, focus: Math.max(0, at - 1), pendingOne: false };
}

/**
 * A whole new value for a slot from outside the keyboard path (IME commit, autofill, tests' fill):
 * one digit (full-width accepted) is typed as above; "10" into NRS is 10; the old text followed by one
 * digit is that digit; anything else is kept as typed (folded to half-width) for the form to flag.
 */
export function replaceText(state: EntryState, maxima: SlotMaxima, raw: string): EntryState {
  const at = state.focus;
  const folded = raw.normalize('NFKC').replace(/\s/g, '');
  const old = state.texts[at] ?? '';
  const fresh = { ...state, pendingOne: false };
  if (folded === '') {
    const texts = state.texts.slice(); texts[at] = '';
    return { texts, focus: at, pendingOne: false };
  }
  if (/^\d$/.test(folded)) return typeDigit(fresh, maxima, Number(folded));
  if (maxima[at] >= 10 && folded === '10') return typeDigit(typeDigit(fresh, maxima, 1), maxima, 0);
  if (old !== '' && folded.startsWith(old) && /^\d$/.test(folded.slice(old.length))) {
    return typeDigit(state, maxima, Number(folded.slice(old.length)));
  }
  const texts = state.texts.slice(); texts[at] = folded;
  return { texts, focus: at, pendingOne: false };
}
