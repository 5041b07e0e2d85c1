/**
 * Per line of the input: whether it is an item of a numbered or bare list, and whether it is a row
 * of a progress table. A list item ends its sentence at the line's end even without a full stop
 * ("城镇新增就业1256万人\n新能源汽车…"), and counts as a commitment without a verb.
 */
/** Lines that open with a list marker: 1. 1、 1。 01 (1) ① 一、 * - … */
const LIST_MARKER =
  /^(?:\d{1,2}\s*[、.．。)）]|0\d\s|[(（]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十]{1,3}[)）]|[*＊•·☑]|-(?!\d))/;
/** A bare list (one item a line, no markers) is a run of short lines. */
const SHORT_LINE = 60;
/**
 * A line under a Chinese-numeral marker longer than this is a section paragraph (一、2023年工作回顾 …);
 * lines under Arabic markers (1. 2、 01) are items whatever their length.
 */
const LONG_ITEM = 120;
const ARABIC_MARKER = /^(?:\d{1,2}\s*[、.．。)）]|0\d\s|[(（]\d{1,2}[)）])/;

export interface LineInfo {
  /** An item of a numbered or bare list. */
  item: boolean;
  /** A row of a table whose header reports progress (完成情况, 占全年计划, 完成率). */
  achievementTable: boolean;
  /** The paragraph measures results against the year's target (完成全年目标任务的76%): it reports. */
  measuresTarget: boolean;
}

export interface Lines {
  at(offset: number): LineInfo;
  /** Where each list item's line starts, and where the line after the last item starts. */
  itemStarts: number[];
}

const TABLE_ROW = /\|.*\|/;
const MEASURES_TARGET = /(?:完成|占)(?:全年|年度)(?:目标|计划)(?:任务)?的\s*\d/;
const ACHIEVEMENT_HEADER = /完成|占全年|占年度|比例|进度/;

/** Per line: list item or not, progress table or not. Built once per document; lookups by binary search. */
export function listLines(text: string): Lines {
  const starts: number[] = [];
  const infos: LineInfo[] = [];
  const raw = text.split('\n');
  const lens = raw.map((l) => l.trim().length);
  const nonEmpty = (i: number, step: number): number | undefined => {
    for (let j = i + step; j >= 0 && j < raw.length; j += step) if (lens[j]! > 0) return lens[j];
    return undefined;
  };
  const short = (n: number | undefined) => n !== undefined && n <= SHORT_LINE;
  let at = 0;
  let tableHeader: string | undefined;
  raw.forEach((line, i) => {
    starts.push(at);
    at += line.length + 1;
    const trimmed = line.trim();
    if (TABLE_ROW.test(trimmed)) tableHeader ??= trimmed;
    else tableHeader = undefined;
    infos.push({
      item:
        (LIST_MARKER.test(trimmed) && (trimmed.length <= LONG_ITEM || ARABIC_MARKER.test(trimmed))) ||
        (short(lens[i]) && short(nonEmpty(i, -1)) && short(nonEmpty(i, 1))),
      achievementTable: tableHeader !== undefined && ACHIEVEMENT_HEADER.test(tableHeader),
      measuresTarget: MEASURES_TARGET.test(trimmed),
    });
  });
  const itemStarts = starts.flatMap((start, i) => (infos[i]!.item ? [start, start + raw[i]!.length] : []));
  return {
    itemStarts,
    at(offset) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      return infos[lo] ?? { item: false, achievementTable: false, measuresTarget: false };
    },
  };
}
