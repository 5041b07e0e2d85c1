import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { chinaDate, checkReport, reportEvent, reportKind, type MyTarget } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { newEventId } from '../ids';
import { serverNow } from '../outbox/hooks';
import { outbox } from '../outbox/store';
import { Field, focusFirstProblem, useProblems } from './fields';
import { useOpenInView } from './useOpenInView';
import { PhotoPicker, releasePhotos, type PickedPhoto } from '../photos/PhotoPicker';

/**
 * One report: an increment for cumulative targets, the current value for readings. It goes
 * to the device's outbox first (so it survives a dead network) and is sent from there.
 */
export function ReportForm({ target, onSent }: { target: MyTarget; onSent: (eventId: string) => void }) {
  const { t } = useI18n();
  const base = useId();
  const today = chinaDate(serverNow()) ?? '';
  const [value, setValue] = useState('');
  const [date, setDate] = useState(today);
  const [note, setNote] = useState('');
  const [evidence, setEvidence] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [saving, setSaving] = useState(false);
  const [storeFailed, setStoreFailed] = useState(false);
  // Previews hold object URLs: free them when the form goes away.
  const photosRef = useRef(photos);
  photosRef.current = photos;
  useEffect(() => () => releasePhotos(photosRef.current), []);
  const { problems, setProblems, edit } = useProblems();
  const form = useRef<HTMLFormElement>(null);
  const kind = reportKind(target.measureKind);
  const ids = { value: `${base}-value`, date: `${base}-date`, note: `${base}-note`, evidence: `${base}-evidence` };
  useOpenInView(form, 'input[name=value]');

  if (!kind) return <p className="rp-muted">{t('rpRatioNotReportable')}</p>;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    const now = serverNow();
    const checked = checkReport({ value, date, note, evidence }, target, chinaDate(now) ?? today);
    if (!checked.ok) {
      setProblems(checked.problems);
      focusFirstProblem(form.current, checked.problems, ids);
      return;
    }
    setProblems([]);
    const event = reportEvent(newEventId(), target.code, checked, now);
    const item = {
      event,
      ownerUnit: target.ownerUnit,
      title: target.title,
      uom: target.uom,
      origin: 'form',
      state: 'waiting',
      createdAt: Date.now(),
      attempts: 0,
      nextTryAt: 0,
    } as const;
    if (photos.length === 0) outbox.add([item]);
    else {
      setSaving(true);
      try {
        // Bytes first (IndexedDB), then the report: it goes when they are safe on the device.
        await outbox.addWithPhotos(item, photos);
        setStoreFailed(false);
      } catch {
        setStoreFailed(true);
        return;
      } finally {
        setSaving(false);
      }
      releasePhotos(photos);
      setPhotos([]);
    }
    setValue('');
    setNote('');
    setEvidence('');
    onSent(event.id);
  };

  return (
    <form ref={form} className="rp-form" onSubmit={(e) => void submit(e)} noValidate data-testid="report-form">
      <Field
        id={ids.value}
        field="value"
        label={t(kind === 'increment' ? 'rpIncrement' : 'rpReading')}
        hint={t(kind === 'increment' ? 'rpIncrementHint' : 'rpReadingHint')}
        problems={problems}
      >
        <div className="rp-value">
          <input
            id={ids.value}
            name="value"
            inputMode="decimal"
            autoComplete="off"
            value={value}
            onChange={(e) => edit('value', setValue, e.target.value)}
            aria-invalid={problems.some((p) => p.field === 'value')}
            aria-describedby={`${ids.value}-hint`}
          />
          <span className="rp-uom">{target.uom}</span>
        </div>
      </Field>
      <Field id={ids.date} field="date" label={t('rpDate')} problems={problems}>
        <input
          id={ids.date}
          name="date"
          type="date"
          value={date}
          min={target.periodStart}
          max={today < target.periodEnd ? today : target.periodEnd}
          onChange={(e) => edit('date', setDate, e.target.value)}
          aria-invalid={problems.some((p) => p.field === 'date')}
        />
      </Field>
      <Field id={ids.note} field="note" label={t('rpNote')} problems={problems}>
        <textarea
          id={ids.note}
          name="note"
          rows={2}
          value={note}
          onChange={(e) => edit('note', setNote, e.target.value)}
        />
      </Field>
      <Field id={ids.evidence} field="evidence" label={t('rpEvidence')} hint={t('rpEvidenceHint')} problems={problems}>
        <input
          id={ids.evidence}
          name="evidence"
          type="url"
          inputMode="url"
          value={evidence}
          onChange={(e) => edit('evidence', setEvidence, e.target.value)}
          aria-describedby={`${ids.evidence}-hint`}
        />
      </Field>
      <PhotoPicker photos={photos} onChange={setPhotos} />
      {storeFailed ? (
        <p className="rp-problem" role="alert" data-testid="photo-problem">
          {t('phStoreFailed')}
        </p>
      ) : null}
      <button type="submit" className="rp-primary" disabled={saving}>
        {saving ? t('rpSubmitting') : t('rpSubmit')}
      </button>
    </form>
  );
}
