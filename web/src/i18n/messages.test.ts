import { describe, expect, it } from 'vitest';
import { zh } from './messages';
import { en } from './messages.en';

/** Full-width punctuation and CJK characters: none belongs in an English sentence. */
const CJK = /[\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]/;
/** Chinese on purpose: the language button names the other language; upload headers are quoted as typed. */
const CHINESE_ON_PURPOSE = new Set(['language', 'rpUpE_columns']);

describe('English that reads as English (issue 18.14)', () => {
  it('has no full-width punctuation or Chinese in English strings', () => {
    const bad = Object.entries(en).filter(([k, v]) => !CHINESE_ON_PURPOSE.has(k) && CJK.test(v));
    expect(bad).toEqual([]);
  });
  it('quotes Chinese upload headers with ASCII punctuation around them', () => {
    expect(en.rpUpE_columns.replace(/[\u4e00-\u9fff]/g, '')).not.toMatch(CJK);
  });
  it('joins words with ASCII punctuation in English, full-width in Chinese', () => {
    expect([en.colon, en.comma, en.semi, en.paren]).toEqual([': ', ', ', '; ', ' ({x})']);
    expect([zh.colon, zh.comma, zh.semi, zh.paren]).toEqual(['：', '，', '；', '（{x}）']);
  });
  it('names event-log entries with capitalised nouns', () => {
    for (const k of ['ekIncrement', 'ekReading', 'ekCorrection', 'ekNote'] as const)
      expect(en[k]).toMatch(/^[A-Z][a-z]+$/);
  });
});
