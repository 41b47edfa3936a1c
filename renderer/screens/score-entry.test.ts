import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backspace, pasteDigits, replaceText, typeDigit, type EntryState } from './score-entry';

/** NRS, then 3 HADS-like (0–3) slots, then 2 PCS-like (0–4) slots. */
const MAX = [10, 3, 3, 3, 4, 4];
const empty = (): EntryState => ({ texts: ['', '', '', '', '', ''], focus: 0, pendingOne: false });
const typeAll = (s: EntryState, keys: string) => [...keys].reduce((acc, k) => typeDigit(acc, MAX, Number(k)), s);

test('re-typing a saved sheet digit by digit replaces every slot in place, even equal values', () => {
  const saved: EntryState = { texts: ['7', '2', '1', '0', '3', '4'], focus: 0, pendingOne: false };
  const same = typeAll(saved, '721034');
  assert.deepEqual(same.texts, ['7', '2', '1', '0', '3', '4']);
  assert.equal(same.focus, 6); // on Save
  const changed = typeAll(saved, '521134');
  assert.deepEqual(changed.texts, ['5', '2', '1', '1', '3', '4']);
});

test('NRS: 1 then 0 is 10; 1 then another digit is 1 and the digit goes to the next item', () => {
  const ten = typeAll(empty(), '10');
  assert.equal(ten.texts[0], '10');
  assert.equal(ten.focus, 1);
  const one = typeAll(empty(), '12');
  assert.deepEqual(one.texts.slice(0, 2), ['1', '2']);
  assert.equal(one.focus, 2);
  const waiting = typeAll(empty(), '1');
  assert.equal(waiting.focus, 0);
  assert.equal(waiting.pendingOne, true);
  const full = typeAll(empty(), '103210');
  assert.deepEqual(full.texts, ['10', '3', '2', '1', '0', '']);
});

test('an out-of-range digit is shown in its slot and the cursor stays; the next digit replaces it', () => {
  const bad = typeAll(empty(), '75');
  assert.deepEqual(bad.texts.slice(0, 2), ['7', '5']);
  assert.equal(bad.focus, 1);
  const fixed = typeDigit(bad, MAX, 2);
  assert.equal(fixed.texts[1], '2');
  assert.equal(fixed.focus, 2);
});

test('pasting a row fills slot after slot (spaces, commas and full-width digits accepted)', () => {
  const s = pasteDigits({ ...empty(), focus: 1 }, MAX, '2, 1 ０\t3 4 9 9');
  assert.deepEqual(s.texts, ['', '2', '1', '0', '3', '4']);
  assert.equal(s.focus, 6);
  const stopped = pasteDigits({ ...empty(), focus: 1 }, MAX, '2512');
  assert.deepEqual(stopped.texts, ['', '2', '5', '', '', '']);
  assert.equal(stopped.focus, 2);
});

test('Backspace clears a filled slot in place, then steps back from an empty one', () => {
  const s: EntryState = { texts: ['7', '2', '1', '', '', ''], focus: 2, pendingOne: false };
  const cleared = backspace(s);
  assert.deepEqual(cleared.texts, ['7', '2', '', '', '', '']);
  assert.equal(cleared.focus, 2);
  const back = backspace(cleared);
  assert.equal(back.focus, 1);
  assert.deepEqual(back.texts, cleared.texts);
  const retyped = typeDigit(back, MAX, 2); // same value typed again still advances
  assert.equal(retyped.focus, 2);
  assert.equal(backspace({ ...empty(), focus: 0 }).focus, 0);
});

test('a value set from outside the keyboard (IME commit, fill) goes through the same rules', () => {
  assert.deepEqual(replaceText({ ...empty(), focus: 1 }, MAX, '２').texts[1], '2');
  assert.equal(replaceText({ ...empty(), focus: 1 }, MAX, '２').focus, 2);
  assert.equal(replaceText(empty(), MAX, '１０').texts[0], '10');
  assert.equal(replaceText(empty(), MAX, '１０').focus, 1);
  const appended = replaceText({ texts: ['', '2', '', '', '', ''], focus: 1, pendingOne: false }, MAX, '2３');
  assert.deepEqual([appended.texts[1], appended.focus], ['3', 2]);
  const twelve = replaceText(empty(), MAX, '12');
  assert.deepEqual([twelve.texts[0], twelve.focus], ['12', 0]); // kept as typed; the form flags it
  assert.deepEqual(replaceText({ texts: ['8', '', '', '', '', ''], focus: 0, pendingOne: false }, MAX, '').texts[0], '');
});
