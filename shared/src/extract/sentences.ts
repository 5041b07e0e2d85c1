/**
 * Sentence and clause splitting with offsets into the original text.
 *
 * Text copied out of web pages breaks lines in the middle of sentences ("挖掘引入上下游产业链\n企业\n,探索…"),
 * so a single newline does not end a sentence; a blank line, a heading or a full stop does.
 */

export interface Span {
  /** Offset of the first character, in UTF-16 code units, as `String.prototype.slice` takes it. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

export interface Sentence extends Span {
  text: string;
}

const TERMINAL = new Set(['。', '！', '？', '!', '?', '；', ';']);
const CLOSERS = new Set(['”', '’', '」', '』', ')', '）']);

/**
 * Splits `text` into sentences. `breaks` are extra offsets where a sentence must end, used for
 * heading boundaries so a title never runs into the paragraph below it.
 */
export function splitSentences(text: string, breaks: Iterable<number> = []): Sentence[] {
  const forced = new Set(breaks);
  const sentences: Sentence[] = [];
  let start = 0;
  const emit = (end: number): void => {
    const span = trim(text, start, end);
    if (span) sentences.push({ ...span, text: text.slice(span.start, span.end) });
    start = end;
  };
  for (let i = 0; i < text.length; i += 1) {
    if (forced.has(i) && i > start) emit(i);
    const ch = text.charAt(i);
    if (TERMINAL.has(ch)) {
      let end = i + 1;
      while (CLOSERS.has(text.charAt(end))) end += 1;
      emit(end);
      i = end - 1;
    } else if (ch === '\n' && /^\n[ \t\u3000\r]*\n/.test(text.slice(i, i + 8))) {
      emit(i);
    }
  }
  emit(text.length);
  return sentences;
}

function trim(text: string, start: number, end: number): Span | undefined {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text.charAt(s))) s += 1;
  while (e > s && /\s/.test(text.charAt(e - 1))) e -= 1;
  return s < e ? { start: s, end: e } : undefined;
}

/**
 * Clauses of a sentence, split at commas, colons and table cell borders (a cell is a clause: a
 * verb in the 工作计划 column does not govern a specification in the 建设内容 column). The 、 of a list stays inside its clause,
 * because "32个居民区、149个小区" share one verb. The ASCII comma of 3,842 is not a break.
 */
export function splitClauses(sentence: string): Span[] {
  const clauses: Span[] = [];
  let start = 0;
  for (let i = 0; i < sentence.length; i += 1) {
    const ch = sentence.charAt(i);
    // A space after a quantity, or before a dash or a bracket, separates items in copied lists
    // ("挡墙13.46千米 道路8.72千米", "[1] 基础设施 - 实施…"). Other spaces between Chinese characters
    // are where a converted PDF wrapped its lines ("维修加固的基 础上") and break nothing; a space
    // next to a digit is the gap before a measure word ("新增志愿者 500 名").
    const isBreak =
      ch === '，' || ch === '：' || ch === ':' || ch === '|' ||
      (/\s/.test(ch) &&
        (/\d[\u4e00-\u9fff%]{1,3}$|[\]）)]$/.test(sentence.slice(Math.max(0, i - 5), i)) || /^\s*[-–—[]/.test(sentence.slice(i + 1, i + 4))) &&
        /^\s*[-–—]?\s*[\u4e00-\u9fff[（(]/.test(sentence.slice(i + 1, i + 6))) || (ch === ',' && !/\d,\d{3}/.test(sentence.slice(i - 1, i + 4)));
    if (isBreak) {
      clauses.push({ start, end: i });
      start = i + 1;
    }
  }
  clauses.push({ start, end: sentence.length });
  return clauses;
}
