/**
 * Plan-text extraction: finds quantified commitments (and reported outcomes) in Chinese work
 * plans and reports. Pure functions, no I/O; the CLI in cli.ts is the only part that reads files.
 */
export {
  COMMITMENT_THRESHOLD,
  extractCandidates,
  extractCommitments,
  type Bound,
  type Commitment,
  type ExtractOptions,
} from './extract';
export { findDeadlines, type DeadlineMatch } from './deadlines';
export type { Comparison } from './lexicon';
export { parseChineseNumber, parseNumber, parseQuantity, type Numeral, type Quantity } from './numbers';
export { findQuantities, type FoundQuantity } from './quantities';
export { detectHeadings, sectionIndex, type Heading } from './sections';
export { splitClauses, splitSentences, type Sentence, type Span } from './sentences';
export { UNITS, matchUnitAt, unitCategory, type UnitCategory, type UnitMatch } from './units';
