import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { checkCorrection, correctionEvent, type MyTarget } from '@luoshi/shared';
import { api, keys } from '../../app/api';
import { formatInstant } from '../../ui/dates';
import { useI18n } from '../../i18n/i18n';
import { formatQuantity } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/States';
import { correctables } from '../corrections';
import { newEventId } from '../ids';
import { serverNow } from '../outbox/hooks';
import { outbox } from '../outbox/store';
import { fill } from '../words';
import { Field, focusFirstProblem, useProblems } from './fields';

/**
 * A correction says what the right value was and why. The original stays in the log; the
 * correction compensates it (a delta for sums, the right reading for readings), so the
 * rollup moves and the history still shows what was first reported.
 */
export function CorrectionForm({ target, onSent }: { target: MyTarget; onSent: (eventId: string) => void }) {
  const { t, lang } = useI18n();
  const base = useId();
  const log = useQuery({ queryKey: keys.events(target.code), queryFn: () => api.events(target.code) });
  const options = useMemo(() => correctables(log.data ?? []), [log.data]);
  const [picked, setPicked] = useState<string | null>(null);
  const [right, setRight] = useState('');
  const [reason, setReason] = useState('');
  const { problems, setProblems, edit } = useProblems();
  const form = useRef<HTMLFormElement>(null);
  const ids = { value: `${base}-right`, reason: `${base}-reason` };

  if (log.isPending) return <Loading />;
  if (log.error) return <ErrorState error={log.error} onRetry={() => void log.refetch()} />;
  if (options.length === 0) return <p className="rp-muted">{t('rpCorrectNone')}</p>;
  const original = options.find((o) => o.id === picked) ?? null;
  const q = (v: number) => formatQuantity(v, target.uom, lang);
  const preview = original ? checkCorrection(right, reason || '-', original, target) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!original) return;
    const checked = checkCorrection(right, reason, original, target);
    if (!checked.ok) {
      setProblems(checked.problems);
      focusFirstProblem(form.current, checked.problems, ids);
      return;
    }
    const event = correctionEvent(newEventId(), target.code, original, checked, serverNow());
    outbox.add([
      {
        event,
        ownerUnit: target.ownerUnit,
        title: target.title,
        uom: target.uom,
        origin: 'correction',
        state: 'waiting',
        createdAt: Date.now(),
        attempts: 0,
        nextTryAt: 0,
      },
    ]);
    onSent(event.id);
  };

  return (
    <form ref={form} className="rp-form" onSubmit={submit} noValidate data-testid="correction-form">
      <fieldset className="rp-pick">
        <legend>{t('rpCorrectPick')}</legend>
        {options.slice(0, 20).map((o) => (
          <label
            key={o.id}
            className={`rp-pick-row ${picked === o.id ? 'is-picked' : ''}`}
            data-testid="correctable"
            data-event={o.id}
          >
            <input
              type="radio"
              name="original"
              value={o.id}
              checked={picked === o.id}
              onChange={() => setPicked(o.id)}
            />
            <span>
              {formatInstant(o.occurredAt, lang)} · {t('rpCorrectOriginal')} {q(o.entry.value)}
              {o.effectiveValue !== o.entry.value ? (
                <>
                  {' '}
                  · {t('rpCorrectInForce')} <strong>{q(o.effectiveValue)}</strong>
                </>
              ) : null}
              {o.entry.reporter ? <span className="rp-muted"> · {o.entry.reporter}</span> : null}
              {o.entry.note ? <span className="rp-muted"> · {o.entry.note}</span> : null}
            </span>
          </label>
        ))}
      </fieldset>
      {original ? (
        <>
          <Field id={ids.value} field="value" label={t('rpCorrectRight')} problems={problems}>
            <div className="rp-value">
              <input
                id={ids.value}
                name="right"
                inputMode="decimal"
                autoComplete="off"
                value={right}
                onChange={(e) => edit('value', setRight, e.target.value)}
              />
              <span className="rp-uom">{target.uom}</span>
            </div>
          </Field>
          <Field
            id={ids.reason}
            field="reason"
            label={t('rpCorrectReason')}
            hint={t('rpCorrectReasonHint')}
            problems={problems}
          >
            <input
              id={ids.reason}
              name="reason"
              value={reason}
              onChange={(e) => edit('reason', setReason, e.target.value)}
            />
          </Field>
          {preview?.ok ? (
            <p className="rp-preview" data-testid="correction-preview">
              {original.kind === 'increment'
                ? fill(t('rpCorrectPreviewInc'), { delta: `${preview.delta > 0 ? '+' : ''}${q(preview.delta)}` })
                : fill(t('rpCorrectPreviewRead'), { value: q(preview.value) })}
            </p>
          ) : null}
          <button type="submit" className="rp-primary">
            {t('rpCorrectSubmit')}
          </button>
        </>
      ) : null}
    </form>
  );
}
