/**
 * Heading detection for the outline of a work plan: 一、 > (一) > 1、 > (1) > 一是, plus
 * unnumbered titles. Levels are ranks, not depths: a document may skip one (a (一) straight
 * under a part title), and a heading closes every open heading of its level or deeper.
 */

export interface Heading {
  /** 0 document title, 1 part title, 2 一、, 3 (一), 4 1、, 5 (1), 6 一是, 7 unnumbered lead line. */
  level: number;
  /** The heading as a reader would quote it, with its marker, on one line. */
  title: string;
  /** Offsets in the input, end exclusive; may span two lines when the marker stands alone. */
  start: number;
  end: number;
  /** True for 一是/二是 items that sit inside a paragraph rather than on their own line. */
  inline: boolean;
  /** Where the heading stops applying when that is not the next heading: an inline item ends with its paragraph. */
  scopeEnd?: number;
}

interface Line {
  text: string;
  start: number;
  end: number;
}

const MARKERS: ReadonlyArray<{ level: number; re: RegExp }> = [
  { level: 2, re: /^[一二三四五六七八九十]{1,3}、/ },
  { level: 3, re: /^[(（][一二三四五六七八九十]{1,3}[)）]/ },
  // 1、 or 1. but not 1.57万 at the start of a line.
  { level: 4, re: /^\d{1,2}(?:、|[.．](?!\d))/ },
  { level: 5, re: /^(?:[(（]\d{1,2}[)）]|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])/ },
];

const INLINE_ITEM = /(^|[。；;\n])[ \t\u3000]*([一二三四五六七八九十]{1,2}是)/g;
const PUNCTUATION = /[，,。；;：:！？!?、]/;
const ENDS_SENTENCE = /[。！？；!?;][”’」』)）]*$/;
/** Unnumbered titles are short; anything longer is a paragraph that happens to lack commas. */
const MAX_TITLE = 40;
/** A lead line may end with 。 (着力发展在线经济。) but is then shorter still. */
const MAX_LEAD_WITH_STOP = 16;
/** "(一)汇集民智,打造人民城市新范例。" is a heading; a longer numbered line ending in 。 is an item. */
const MAX_HEADING_WITH_STOP = 25;
/** The line after a title opens a paragraph; a short one means the title was a broken fragment. */
const MIN_BODY_AFTER_TITLE = 20;

/**
 * Emoji and pictographs that blogs and WeChat posts end their lines with (回顾2023年工作成果🏆,
 * …工作报告。🌟): decoration, so a line is judged as if they were spaces. Replaced one for one by
 * spaces to keep the offsets.
 */
const DECORATION = /\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\uFE0F|\u200D/gu;

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const body = line.replace(DECORATION, (m) => ' '.repeat(m.length));
    lines.push({ text: body, start, end: start + body.length });
    start += raw.length + 1;
  }
  return lines;
}

function leadingSpace(text: string): number {
  return text.length - text.trimStart().length;
}

function markerHeading(lines: readonly Line[], i: number): { heading: Heading; consumed: number } | undefined {
  const line = lines[i];
  if (!line) return undefined;
  const trimmed = line.text.trim();
  const level = MARKERS.find((m) => m.re.test(trimmed))?.level;
  if (level === undefined) return undefined;
  const start = line.start + leadingSpace(line.text);
  const marker = MARKERS.find((m) => m.level === level)?.re.exec(trimmed)?.[0] ?? '';
  const rest = trimmed.slice(marker.length).trim();
  if (rest === '') {
    // "一、" alone, its words on the next non-empty line.
    let j = i + 1;
    while (lines[j] !== undefined && lines[j]?.text.trim() === '') j += 1;
    const next = lines[j];
    if (!next) return undefined;
    const nextText = next.text.trim();
    const end = next.start + leadingSpace(next.text) + nextText.length;
    return { heading: { level, title: marker + stripStop(nextText), start, end, inline: false }, consumed: j - i + 1 };
  }
  // "(一)汇集民智,打造人民城市新范例。一是…": the heading stops at the first full stop.
  const stop = trimmed.indexOf('。');
  const endInLine = stop >= 0 && trimmed.slice(stop + 1).trim() !== '' ? stop + 1 : trimmed.length;
  return {
    heading: {
      level,
      title: itemTitle(trimmed.slice(0, endInLine), marker),
      start,
      end: start + endInLine,
      inline: false,
    },
    consumed: 1,
  };
}

/**
 * "1、全年完成旧住房综合修缮改造12.5万平方米,新增…。" is a numbered item, not a heading; it still
 * opens a section (its siblings close it), but the path shows only its first clause.
 */
function itemTitle(text: string, marker: string): string {
  const title = stripStop(text);
  if (title.length <= (text.endsWith('。') ? MAX_HEADING_WITH_STOP : MAX_TITLE)) return title;
  const body = title.slice(marker.length);
  const cut = firstClauseEnd(body);
  return marker + (cut > 0 ? body.slice(0, cut) : body.slice(0, MAX_TITLE));
}

/**
 * Where the first clause ends: at punctuation, but not at a comma that groups digits (检查2,400家次),
 * read as numbers.ts reads them (an ASCII comma before three digits).
 */
function firstClauseEnd(body: string): number {
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i]!;
    if (!PUNCTUATION.test(ch)) continue;
    if (ch === ',' && /\d/.test(body[i - 1] ?? '') && /^\d{3}(?!\d)/.test(body.slice(i + 1))) continue;
    return i;
  }
  return -1;
}

function stripStop(title: string): string {
  return title.replace(/[。.]+$/, '').replace(/\s+/g, ' ');
}

function isTitleShaped(trimmed: string): boolean {
  const withoutStop = trimmed.replace(/。$/, '');
  if (withoutStop.length < 4 || withoutStop.length > MAX_TITLE) return false;
  if (PUNCTUATION.test(withoutStop)) return false;
  return withoutStop === trimmed || trimmed.length <= MAX_LEAD_WITH_STOP;
}

function titleHeading(
  lines: readonly Line[],
  i: number,
  isFirst: boolean,
  prevIsHeading: boolean,
): Heading | undefined {
  const line = lines[i];
  if (!line) return undefined;
  const trimmed = line.text.trim();
  if (!isTitleShaped(trimmed)) return undefined;
  const prev = lines[i - 1];
  const next = lines[i + 1];
  const start = line.start + leadingSpace(line.text);
  const heading = (level: number): Heading => ({
    level,
    title: stripStop(trimmed),
    start,
    end: start + trimmed.length,
    inline: false,
  });
  const nextText = next?.text.trim() ?? '';
  if (isFirst) return nextText === '' && !next ? undefined : heading(0);
  const prevBlank = !prev || prev.text.trim() === '';
  if (prevBlank && nextText === '') return heading(1);
  const prevEndsSentence = prev !== undefined && ENDS_SENTENCE.test(prev.text.trim());
  if ((prevEndsSentence || prevIsHeading) && nextText.length >= MIN_BODY_AFTER_TITLE) return heading(7);
  return undefined;
}

function inlineItems(text: string): Heading[] {
  const items: Heading[] = [];
  for (const m of text.matchAll(INLINE_ITEM)) {
    const start = (m.index ?? 0) + (m[0].length - (m[2]?.length ?? 0));
    const rest = text.slice(start, start + 30);
    const cut = rest.search(PUNCTUATION);
    const title = cut > 0 ? rest.slice(0, cut) : rest;
    const lineEnd = text.indexOf('\n', start);
    const scopeEnd = lineEnd < 0 ? text.length : lineEnd;
    items.push({ level: 6, title, start, end: start + title.length, inline: true, scopeEnd });
  }
  return items;
}

/** All headings in `text`, ordered by position. */
export function detectHeadings(text: string): Heading[] {
  const lines = splitLines(text);
  const headings: Heading[] = [];
  let seenContent = false;
  let prevIsHeading = false;
  for (let i = 0; i < lines.length;) {
    const line = lines[i];
    if (!line) break;
    if (line.text.trim() === '') {
      i += 1;
      continue;
    }
    const marked = markerHeading(lines, i);
    if (marked) {
      headings.push(marked.heading);
      i += marked.consumed;
      seenContent = true;
      prevIsHeading = true;
      continue;
    }
    const title = titleHeading(lines, i, !seenContent, prevIsHeading);
    if (title) headings.push(title);
    prevIsHeading = title !== undefined;
    seenContent = true;
    i += 1;
  }
  headings.push(...inlineItems(text));
  return headings.sort((a, b) => a.start - b.start);
}

/**
 * The section path (outermost first) in force at each offset. Built once per document so that
 * looking up many sentences stays linear.
 */
export function sectionIndex(headings: readonly Heading[]): (offset: number) => string[] {
  const snapshots: Array<{ start: number; open: Heading[] }> = [];
  let stack: Heading[] = [];
  for (const h of headings) {
    stack = stack.filter((s) => s.scopeEnd === undefined || s.scopeEnd > h.start);
    while (stack.length > 0 && (stack[stack.length - 1]?.level ?? -1) >= h.level) stack.pop();
    stack.push(h);
    snapshots.push({ start: h.start, open: [...stack] });
  }
  return (offset) => {
    let open: Heading[] = [];
    for (const s of snapshots) {
      if (s.start > offset) break;
      open = s.open;
    }
    return open.filter((h) => h.scopeEnd === undefined || h.scopeEnd > offset).map((h) => h.title);
  };
}
