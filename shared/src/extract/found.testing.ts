import { extractCommitments } from './extract';

/** The tests' view of an extraction: each candidate as [value, unit], in text order. */
export const found = (text: string): [number, string][] => extractCommitments(text).map((c) => [c.value, c.unit]);
