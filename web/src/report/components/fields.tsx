import { useState, type ReactNode } from 'react';
import type { ReportField, ReportProblem } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { problemText } from '../words';

/** A labelled field with its hint and, when wrong, the reason right under it (announced to screen readers). */
export function Field({
  id,
  label,
  hint,
  problems,
  field,
  children,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  problems: readonly ReportProblem[];
  field: ReportField;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const mine = problems.filter((p) => p.field === field);
  return (
    <div className={`rp-field ${mine.length > 0 ? 'has-problem' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <small id={`${id}-hint`} className="rp-hint">
          {hint}
        </small>
      ) : null}
      {mine.map((p) => (
        <p
          key={p.code}
          id={`${id}-problem`}
          className="rp-problem"
          role="alert"
          data-testid="field-problem"
          data-code={p.code}
        >
          {problemText(t, p)}
        </p>
      ))}
    </div>
  );
}

/** Moves focus to the first field with a problem, so a phone user sees what to fix. */
export function focusFirstProblem(
  form: HTMLFormElement | null,
  problems: readonly ReportProblem[],
  ids: Partial<Record<ReportField, string>>,
): void {
  const first = problems[0];
  const id = first ? ids[first.field] : undefined;
  if (form && id) form.querySelector<HTMLElement>(`#${CSS.escape(id)}`)?.focus();
}

/**
 * A form's problems: what the last submit found, each shown under its field; typing in a
 * field clears what was said about it (the message was about the old text).
 */
export function useProblems() {
  const [problems, setProblems] = useState<ReportProblem[]>([]);
  const edit = (field: ReportField, set: (v: string) => void, v: string) => {
    set(v);
    setProblems((ps) => (ps.some((p) => p.field === field) ? ps.filter((p) => p.field !== field) : ps));
  };
  return { problems, setProblems, edit };
}
