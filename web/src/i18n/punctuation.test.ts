import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Issue 18.14: English reads with ASCII punctuation. Full-width brackets and colons belong in
 * the zh words (messages.ts: `uiParen`, `uiLabelled`), never typed into a component, where
 * they would show in the English UI too ("Behind（2 cycles）").
 */
const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const components = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? components(path.join(dir, e.name))
      : e.name.endsWith('.tsx') && !e.name.endsWith('.test.tsx')
        ? [path.join(dir, e.name)]
        : [],
  );
/** The code without its comments (a comment may quote Chinese text freely). */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

describe('components type no full-width punctuation', () => {
  it('every （ ） ： comes from the words, not from a component', () => {
    const found = components(src).flatMap((f) =>
      code(readFileSync(f, 'utf8'))
        .split('\n')
        .flatMap((line, i) => (/[（）：]/.test(line) ? [`${path.relative(src, f)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
