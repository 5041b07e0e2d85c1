/**
 * Finding the words of a list in a clause: one regular expression per list, verbs that open a
 * clause, X建 compounds. Split out of extract.ts, which judges what the words mean.
 */
import { BUILD_COMPOUND, CLAUSE_OPENING_VERB, RATE_SUFFIX } from './lexicon';

export interface WordHit {
  word: string;
  index: number;
}

export function lastCompound(text: string): WordHit | undefined {
  let hit: WordHit | undefined;
  for (const m of text.matchAll(BUILD_COMPOUND)) hit = { word: m[0], index: m.index };
  return hit;
}

/** 建蔬菜基地3500亩: a verb too ambiguous for the list, taken only where it opens the clause. */
export function clauseOpeningVerb(before: string): WordHit | undefined {
  // 年内发展党员11名, 全年组织…: a time word may stand before the opening verb.
  const opening = before
    .replace(/^[\s、,，;；:：]+/, '')
    .replace(/^(?:年内|全年|今年|当年|上半年|下半年|年底前|同年)/, '');
  const m = CLAUSE_OPENING_VERB.exec(opening);
  return m ? { word: m[0], index: before.length - opening.length } : undefined;
}

export function later(a: WordHit | undefined, b: WordHit | undefined): WordHit | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.index > a.index ? b : a;
}

/** 覆盖率, 完成率, 就业率: a verb that opens a rate noun is not acting. */
export const isRateNoun = (text: string, index: number, word: string): boolean =>
  RATE_SUFFIX.test(text.slice(index + word.length, index + word.length + 2));

/**
 * One regular expression per word list, longest word first, so a search is one scan of the text
 * rather than one indexOf per word (the lists run to a few hundred words; the 200 ms budget for a
 * 20,000-character plan is spent here otherwise).
 */
const WORD_RE = new WeakMap<readonly string[], RegExp>();
export function wordRe(words: readonly string[]): RegExp {
  let re = WORD_RE.get(words);
  if (!re) {
    const sorted = [...words].sort((a, b) => b.length - a.length);
    re = new RegExp(sorted.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    WORD_RE.set(words, re);
  }
  return re;
}

/** The word of `words` that starts last in `text` (the longest one at that position). */
export function findLast(text: string, words: readonly string[]): WordHit | undefined {
  const re = wordRe(words);
  let best: WordHit | undefined;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (!isRateNoun(text, m.index, m[0])) best = { word: m[0], index: m.index };
    re.lastIndex = m.index + 1;
  }
  return best;
}

/** The word of `words` that starts first in `text` (the longest one at that position). */
export function findFirst(text: string, words: readonly string[]): WordHit | undefined {
  const re = wordRe(words);
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (!isRateNoun(text, m.index, m[0])) return { word: m[0], index: m.index };
    re.lastIndex = m.index + 1;
  }
  return undefined;
}
