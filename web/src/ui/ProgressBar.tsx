/** A completion bar; `mark` (0–100) draws where it should be by now. The number is always printed beside it. */
export function ProgressBar({
  pct,
  mark,
  tone = 'accent',
}: {
  pct: number | null;
  mark?: number | null;
  tone?: string;
}) {
  const w = Math.max(0, Math.min(100, pct ?? 0));
  return (
    <span className="bar" aria-hidden>
      <span className={`bar-fill tone-${tone}`} style={{ width: `${w}%` }} />
      {mark !== undefined && mark !== null ? (
        <span className="bar-mark" style={{ left: `${Math.max(0, Math.min(100, mark))}%` }} />
      ) : null}
    </span>
  );
}
