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
  /** The event names a unit of measure (`uom`) other than its target's. */
  'uom_mismatch',
  /** occurredAt falls before the plan period's first day or after its last (China dates). */
  'out_of_period',
  /** A correction names (`corrects`) an event that was never stored. */
  'unknown_event',
  /** A correction names an event of another target, or a note (which has no value to correct). */
  'correction_mismatch',
  /** The target's plan is not published: a draft takes no reports yet, a closed plan none any more (issue 16). */
  'plan_not_open',
  /** The target was cancelled (撤销) in an adjustment and takes no more reports. */
  'target_cancelled',
  /** The id is already used in the owner unit by an event with different content (issue 15): never a silent duplicate. */
  'id_conflict',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];
