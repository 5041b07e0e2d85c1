import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  checkScreenInput,
  MAX_DWELL_SECONDS,
  MAX_ROTATION_SECONDS,
  MIN_DWELL_SECONDS,
  MIN_ROTATION_SECONDS,
  SCREEN_VIEW_KINDS,
  type ScreenInput,
  type ScreenView,
  type ScreenViewKind,
} from '@luoshi/shared';
import { api, keys } from '../../app/api';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ErrorState, Loading } from '../../ui/States';
import { screensApi } from './api';
import { screenProblemText } from './problems';
import { ApiError } from '../../app/http';
import { DeviceLinks } from './DeviceLinks';
import './screens.css';

const KIND_LABEL: Record<ScreenViewKind, MessageKey> = {
  overview: 'vkOverview',
  section: 'vkSection',
  unit: 'vkUnit',
  ranking: 'vkRanking',
  target: 'vkTarget',
  ticker: 'vkTicker',
  tiles: 'vkTiles',
  owed: 'vkOwed',
};

const blank = (planId: string): ScreenInput => ({ id: '', title: '', planId, rotationSeconds: 20, views: [{ kind: 'overview' }] });

/** A view of another kind keeps its dwell time; its parameter starts at the plan's first section, unit or target. */
function viewOf(kind: ScreenViewKind, first: { sectionId: string; unit: string; target: string }, dwellSeconds: number | undefined): ScreenView {
  const dwell = dwellSeconds === undefined ? {} : { dwellSeconds };
  if (kind === 'section') return { kind, sectionId: first.sectionId, ...dwell };
  if (kind === 'unit') return { kind, unit: first.unit, ...dwell };
  if (kind === 'target') return { kind, target: first.target, ...dwell };
  return { kind, ...dwell } as ScreenView;
}

/** The dwell field's text as the view's dwellSeconds: empty is "the screen's interval"; anything else goes to the shared check as typed. */
function withDwell(v: ScreenView, text: string): ScreenView {
  const { dwellSeconds: _old, ...rest } = v;
  return (text.trim() === '' ? rest : { ...rest, dwellSeconds: Number(text) }) as ScreenView;
}

/** The form for one screen: title, plan, interval and the ordered playlist, each view with its parameter. */
function ScreenForm({ initial, isNew, onSaved }: { initial: ScreenInput; isNew: boolean; onSaved: (id: string) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<ScreenInput>(initial);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const plans = useQuery({ queryKey: keys.plans, queryFn: api.plans });
  const plan = useQuery({ queryKey: ['plan', draft.planId], queryFn: () => screensApi.plan(draft.planId), enabled: !!draft.planId });
  const targets = useQuery({ queryKey: keys.targets(draft.planId), queryFn: () => api.targets(draft.planId), enabled: !!draft.planId });
  // The units owning the plan's targets, with their names (what a unit view may show).
  const overview = useQuery({ queryKey: keys.overview(draft.planId), queryFn: () => api.overview(draft.planId), enabled: !!draft.planId });
  const sections = plan.data?.sections ?? [];
  const units = overview.data?.units ?? [];
  const save = useMutation({
    mutationFn: (s: ScreenInput) => (isNew ? screensApi.create(s) : screensApi.update(s)),
    onSuccess: (s) => {
      setSaved(true);
      setError(null);
      onSaved(s.id);
    },
    // The server's refusal in the page's language when it names a problem (field and numbers), else its sentence.
    onError: (e: Error) => setError((e instanceof ApiError && screenProblemText(t, e.body?.problem, e.body?.params)) || e.message),
  });

  const set = (patch: Partial<ScreenInput>): void => {
    setSaved(false);
    // An error is about what was submitted: once the field is edited it no longer applies.
    setError(null);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const setView = (i: number, v: ScreenView): void => set({ views: draft.views.map((x, j) => (j === i ? v : x)) });
  const move = (i: number, by: number): void => {
    const v = [...draft.views];
    const [x] = v.splice(i, 1);
    v.splice(i + by, 0, x!);
    set({ views: v });
  };
  const first = { sectionId: sections[0]?.id ?? '', unit: units[0]?.code ?? '', target: targets.data?.[0]?.code ?? '' };

  const submit = (e: React.FormEvent): void => {
    e.preventDefault();
    const c = checkScreenInput({ ...draft, rotationSeconds: Number(draft.rotationSeconds) });
    if (!c.ok) return setError(screenProblemText(t, c.problem, c.params) ?? c.message);
    save.mutate(c.value);
  };

  return (
    // noValidate: the shared check judges the form and names the field (views[1].dwellSeconds: …),
    // the same words the server would answer; the browser's own bubbles would not say which view.
    <form className="sc-form" onSubmit={submit} data-testid="screen-form" noValidate>
      <label>
        {t('scId')}
        <input value={draft.id} disabled={!isNew} onChange={(e) => set({ id: e.target.value.trim() })} pattern="[A-Za-z0-9_-]{1,64}" required />
      </label>
      <label>
        {t('scTitle')}
        <input value={draft.title} onChange={(e) => set({ title: e.target.value })} maxLength={80} required />
      </label>
      <label>
        {t('scPlan')}
        <select value={draft.planId} onChange={(e) => set({ planId: e.target.value, views: draft.views.filter((v) => v.kind !== 'section' && v.kind !== 'unit' && v.kind !== 'target') })}>
          {(plans.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('scRotation')}
        <input
          type="number"
          min={MIN_ROTATION_SECONDS}
          max={MAX_ROTATION_SECONDS}
          value={draft.rotationSeconds}
          onChange={(e) => set({ rotationSeconds: Number(e.target.value) })}
        />
      </label>
      <fieldset>
        <legend>{t('scViews')}</legend>
        <ol className="sc-views">
          {draft.views.map((v, i) => (
            <li key={i}>
              <select
                aria-label={`${t('scViews')} ${i + 1}`}
                value={v.kind}
                onChange={(e) => setView(i, viewOf(e.target.value as ScreenViewKind, first, v.dwellSeconds))}
              >
                {SCREEN_VIEW_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(KIND_LABEL[k])}
                  </option>
                ))}
              </select>
              {v.kind === 'section' ? (
                <select aria-label={t('scSection')} value={v.sectionId} onChange={(e) => setView(i, { ...v, sectionId: e.target.value })}>
                  {sections.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.label}
                      {s.title}
                    </option>
                  ))}
                </select>
              ) : null}
              {v.kind === 'unit' ? (
                <select aria-label={t('scUnit')} value={v.unit} onChange={(e) => setView(i, { ...v, unit: e.target.value })}>
                  {units.map((u) => (
                    <option key={u.code} value={u.code}>
                      {u.name}
                    </option>
                  ))}
                </select>
              ) : null}
              {v.kind === 'target' ? (
                <select aria-label={t('scTarget')} value={v.target} onChange={(e) => setView(i, { ...v, target: e.target.value })}>
                  {(targets.data ?? []).map((x) => (
                    <option key={x.code} value={x.code}>
                      {x.code} {x.title}
                    </option>
                  ))}
                </select>
              ) : null}
              <label className="sc-dwell">
                {t('scDwell')}
                <input
                  type="number"
                  aria-label={`${t('scDwell')} ${i + 1}`}
                  min={MIN_DWELL_SECONDS}
                  max={MAX_DWELL_SECONDS}
                  step={1}
                  placeholder={String(draft.rotationSeconds)}
                  title={t('scDwellHint')}
                  value={v.dwellSeconds ?? ''}
                  onChange={(e) => setView(i, withDwell(v, e.target.value))}
                />
              </label>
              <button type="button" onClick={() => move(i, -1)} disabled={i === 0}>
                {t('scUp')}
              </button>
              <button type="button" onClick={() => move(i, 1)} disabled={i === draft.views.length - 1}>
                {t('scDown')}
              </button>
              <button type="button" onClick={() => set({ views: draft.views.filter((_, j) => j !== i) })} disabled={draft.views.length === 1}>
                {t('scRemove')}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => set({ views: [...draft.views, { kind: 'overview' }] })}>
          {t('scAddView')}
        </button>
      </fieldset>
      <div className="sc-actions">
        <button type="submit" disabled={save.isPending}>
          {t('scSave')}
        </button>
        {saved ? <span className="sc-saved">{t('scSaved')}</span> : null}
        {error ? (
          <span className="sc-error" role="alert">
            {error}
          </span>
        ) : null}
        {!isNew ? (
          <a href={`/wall/${encodeURIComponent(draft.id)}`} target="_blank" rel="noreferrer">
            {t('scOpen')}
          </a>
        ) : null}
      </div>
    </form>
  );
}

/** /screens — list the wall screens, edit one and manage its device links (admins only). */
export function ScreensAdminPage() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['screens'], queryFn: screensApi.list });
  const plans = useQuery({ queryKey: keys.plans, queryFn: api.plans });
  const [editing, setEditing] = useState<{ input: ScreenInput; isNew: boolean; key: number } | null>(null);
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const onSaved = (id: string): void => {
    void qc.invalidateQueries({ queryKey: ['screens'] });
    // Same form (same key): a new screen is now an existing one (it can get device links); the draft stays as saved.
    setEditing((e) => e && { ...e, input: { ...e.input, id }, isNew: false });
  };
  return (
    <div className="sc-page">
      <h2>{t('scHeading')}</h2>
      <table className="targets sc-table">
        <thead>
          <tr>
            <th>{t('scId')}</th>
            <th>{t('scTitle')}</th>
            <th>{t('scPlan')}</th>
            <th>{t('scRotation')}</th>
            <th>{t('scViews')}</th>
          </tr>
        </thead>
        <tbody>
          {list.data.map((s) => (
            <tr key={s.id}>
              <td>
                <button
                  type="button"
                  className="sc-link"
                  onClick={() => setEditing({ input: { id: s.id, title: s.title, planId: s.planId, rotationSeconds: s.rotationSeconds, views: s.views }, isNew: false, key: Date.now() })}
                >
                  {s.id}
                </button>
              </td>
              <td>{s.title}</td>
              <td>{s.planId}</td>
              <td className="num">{s.rotationSeconds}</td>
              <td>{s.views.map((v) => `${t(KIND_LABEL[v.kind])}${v.dwellSeconds ? ` ${t('scSeconds').replace('{n}', String(v.dwellSeconds))}` : ''}`).join(' → ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" onClick={() => setEditing({ input: blank(plans.data?.[0]?.id ?? ''), isNew: true, key: Date.now() })} disabled={!plans.data?.length}>
          {t('scNew')}
        </button>
      </p>
      {editing ? <ScreenForm key={editing.key} initial={editing.input} isNew={editing.isNew} onSaved={onSaved} /> : null}
      {editing && !editing.isNew ? <DeviceLinks key={editing.input.id} screenId={editing.input.id} /> : null}
    </div>
  );
}
