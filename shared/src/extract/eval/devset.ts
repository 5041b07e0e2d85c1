import { readFileSync } from 'node:fs';
import type { DevDocument } from './score';

/** The development set: real published plans and reports the word lists were not written from. */
export interface DevSet {
  rule: string;
  documents: Record<string, DevDocument>;
}

const dir = new URL('../fixtures/dev/', import.meta.url);

export function loadDevSet(): Array<{ name: string; doc: DevDocument; text: string }> {
  const set = JSON.parse(readFileSync(new URL('labels.json', dir), 'utf8')) as DevSet;
  return Object.entries(set.documents).map(([name, doc]) => ({
    name,
    doc,
    text: readFileSync(new URL(`docs/${name}`, dir), 'utf8'),
  }));
}
