/** Every error a client or producer sees has this shape: a stable code and a sentence. */
export interface ErrorBody {
  code: string;
  message: string;
}

/** Reasons an event is refused; stored with rejected events and returned over HTTP. */
export const REJECT_CODES = [
  'invalid_json',
  'invalid_schema',
  'invalid_value',
  'future_date',
  'subject_mismatch',
  'unknown_target',
  'unit_mismatch',
  'kind_mismatch',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];
