import { useId, type ReactElement } from 'react';
import { cloneElement } from 'react';

/** A labelled input with its problem beside it (the server's named field error, in the reader's language). */
export function Field({ label, error, hint, children }: { label: string; error?: string | undefined; hint?: string; children: ReactElement<Record<string, unknown>> }) {
  const id = useId();
  const errId = `${id}-err`;
  return (
    <label className={`pa-field${error ? ' pa-field-bad' : ''}`}>
      <span>{label}</span>
      {cloneElement(children, { 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? errId : undefined })}
      {hint ? <small className="pa-muted">{hint}</small> : null}
      {error ? (
        <small className="pa-error" id={errId} role="alert" data-testid="field-error">
          {error}
        </small>
      ) : null}
    </label>
  );
}
