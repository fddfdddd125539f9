/**
 * Where a long name gives way. Names of runs made from one template differ at their end
 * ("Release 4.2 regression · device 07", "受入テスト 第3版・病棟端末 #3"): cut at the end they all
 * read "Release 4.2 regression · d…". The last word stays whole — with the words before it while
 * they are as short as "#3", "07" or "B" — and only the head gives way: "Release 4.2 re…device 07".
 * The tail is at most 12 characters; a name whose last word is longer gives way at its end.
 */

const separator = /[\s·・:/|>›\-–—_,(（[]/u;
const maxTail = 12;
/** A last word shorter than this takes the word before it along ("B #3", "device 07"). */
const shortWord = 4;

export interface NameParts {
  readonly head: string;
  readonly tail: string;
  /** The head ended in white space (dropped from `head`): the tail is set a space apart. */
  readonly spaced: boolean;
}

/** Characters that are not separators: how much a tail says. */
const weight = (chars: ReadonlyArray<string>): number => chars.filter((c) => !separator.test(c)).length;

export const splitName = (name: string): NameParts => {
  const chars = [...name];
  const whole = { head: name, tail: "", spaced: false };
  if (chars.length <= 16) return whole;
  // Where a word starts (after a separator), from the end back, within the tail's bound.
  const starts: number[] = [];
  for (let i = chars.length - 1; i >= Math.max(1, chars.length - maxTail); i -= 1) {
    if (separator.test(chars[i - 1] ?? "") && !separator.test(chars[i] ?? "")) starts.push(i);
  }
  let pick = 0;
  while (pick + 1 < starts.length && weight(chars.slice(starts[pick])) < shortWord) pick += 1;
  const start = starts[pick];
  if (start === undefined) return whole;
  const head = chars.slice(0, start).join("");
  const trimmed = head.trimEnd();
  return { head: trimmed, tail: chars.slice(start).join(""), spaced: trimmed !== head };
};
