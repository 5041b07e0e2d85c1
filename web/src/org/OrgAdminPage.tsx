import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { UNIT_KINDS, type OrgImportRow, type Unit } from '@luoshi/shared';
import { ApiError } from '../app/http';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/i18n';
import { planAdminApi } from '../plan-admin/api';
import { Field } from '../plan-admin/Field';
import { useChangeRefetch } from '../plan-admin/useChangeRefetch';
import { fieldErrors, lookup, refusal } from '../plan-admin/words';
import { fill } from '../report/words';
import { readGrid } from '../report/upload/read';
import { ErrorState, Loading } from '../ui/States';
import { orgRowsOfGrid } from './columns';
import '../plan-admin/plan-admin.css';

const FIELD_WORD: Record<string, MessageKey> = { code: 'ogCode', name: 'ogName', kind: 'ogKind', parentCode: 'ogParent' };

/** Units in tree order with their depth. */
function treeOrder(units: Unit[]): { unit: Unit; depth: number }[] {
  const kids = new Map<string | null, Unit[]>();
  for (const u of units) kids.set(u.parentCode, [...(kids.get(u.parentCode) ?? []), u]);
  const codes = new Set(units.map((u) => u.code));
  const out: { unit: Unit; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const u of kids.get(parent) ?? []) {
      out.push({ unit: u, depth });
      walk(u.code, depth + 1);
    }
  };
  walk(null, 0);
  // Units whose parent is outside the list (should not happen for admins) still show.
  for (const u of units) if (u.parentCode !== null && !codes.has(u.parentCode)) out.push({ unit: u, depth: 0 });
  return out;
}

/** /org — the unit tree (issue 16): add, rename, move, (de)activate, delete unused, import an org chart. */
export function OrgAdminPage() {
  const { t } = useI18n();
  const qc = useQueryClient();
  useChangeRefetch();
  const units = useQuery({ queryKey: ['units'], queryFn: planAdminApi.units });
  const [form, setForm] = useState({ code: '', name: '', kind: 'department', parentCode: '' });
  const [preview, setPreview] = useState<{ rows: OrgImportRow[]; applied: boolean; source: Record<string, string>[] } | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['units'] });
  const add = useMutation({ mutationFn: () => planAdminApi.addUnit(form), onSuccess: () => (setForm({ code: '', name: '', kind: 'department', parentCode: '' }), refresh()) });
  const act = useMutation({ mutationFn: (f: () => Promise<unknown>) => f(), onSuccess: refresh });
  const imp = useMutation({
    mutationFn: (x: { rows: Record<string, string>[]; apply: boolean }) => planAdminApi.importUnits(x.rows, x.apply),
    onSuccess: (r, x) => {
      setPreview({ ...r, source: x.rows });
      if (r.applied) refresh();
    },
  });
  if (units.isPending) return <Loading />;
  if (units.error) return <ErrorState error={units.error} onRetry={() => void units.refetch()} />;
  const errs = fieldErrors(t, add.error);
  const kindWord = (k: string) => lookup(t, `ogKind_${k}`) ?? k;
  const actErr = act.error instanceof ApiError ? act.error : null;
  const refs = actErr?.body?.references as Record<string, number> | undefined;

  const onFile = async (file: File) => {
    setFileProblem(null);
    setPreview(null);
    const g = await readGrid(file.name, new Uint8Array(await file.arrayBuffer()));
    if (!g.ok) return setFileProblem(t('ogFileError'));
    const r = orgRowsOfGrid(g.grid);
    if (!r.ok) return setFileProblem(fill(t('ogColumnsMissing'), { missing: r.missing.join('、') }));
    imp.mutate({ rows: r.rows, apply: false });
  };

  return (
    <div className="pa-page" data-testid="org-admin">
      <h2>{t('ogHeading')}</h2>
      <p className="pa-muted">{t('ogIntro')}</p>
      {act.error ? (
        <p className="pa-error" role="alert" data-testid="refusal">
          {refusal(t, act.error).words}
          {refs ? ` · ${fill(t('ogRefs'), { refs: Object.entries(refs).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join('，') })}` : ''}
          <br />
          <small className="pa-muted">{actErr?.message}</small>
        </p>
      ) : null}
      <table className="targets pa-table" data-testid="unit-tree">
        <thead>
          <tr>
            <th>{t('ogName')}</th>
            <th>{t('ogKind')}</th>
            <th>{t('ogCode')}</th>
            <th>
              <span className="sr-only">{t('paEdit')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {treeOrder(units.data).map(({ unit: u, depth }) => (
            <tr key={u.code} data-testid={`unit-${u.code}`} className={u.active === false ? 'pa-cancelled' : undefined}>
              <td data-label={t('ogName')} style={{ paddingLeft: 8 + depth * 20 }}>
                {u.name} {u.active === false ? <span className="pa-status pa-status-closed">{t('ogInactive')}</span> : null}
              </td>
              <td data-label={t('ogKind')}>{kindWord(u.kind)}</td>
              <td data-label={t('ogCode')}>{u.code}</td>
              <td>
                <span className="pa-actions">
                  <button
                    type="button"
                    onClick={() => {
                      const name = window.prompt(t('ogName'), u.name);
                      if (name !== null) act.mutate(() => planAdminApi.patchUnit(u.code, { name }));
                    }}
                  >
                    {t('paRename')}
                  </button>
                  <select
                    aria-label={t('ogMove')}
                    value=""
                    onChange={(e) => e.target.value && act.mutate(() => planAdminApi.patchUnit(u.code, { parentCode: e.target.value }))}
                  >
                    <option value="">{t('ogMove')}…</option>
                    {units.data
                      .filter((p) => p.code !== u.code && p.code !== u.parentCode && p.active !== false)
                      .map((p) => (
                        <option key={p.code} value={p.code}>
                          {p.name}
                        </option>
                      ))}
                  </select>
                  <button type="button" onClick={() => act.mutate(() => planAdminApi.patchUnit(u.code, { active: u.active === false }))}>
                    {u.active === false ? t('ogActivate') : t('ogDeactivate')}
                  </button>
                  <button type="button" onClick={() => act.mutate(() => planAdminApi.removeUnit(u.code))}>
                    {t('ogDelete')}
                  </button>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form
        className="pa-form"
        data-testid="new-unit"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <h3>{t('ogAdd')}</h3>
        <div className="pa-grid">
          <Field label={t('ogCode')} error={errs.code}>
            <input name="code" value={form.code} onChange={(e) => setForm((f) => ({ ...f, code: e.target.value }))} />
          </Field>
          <Field label={t('ogName')} error={errs.name}>
            <input name="name" value={form.name} onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))} />
          </Field>
          <Field label={t('ogKind')} error={errs.kind}>
            <select name="kind" value={form.kind} onChange={(e) => setForm((f) => ({ ...f, kind: e.target.value }))}>
              {UNIT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindWord(k)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('ogParent')} error={errs.parentCode}>
            <select name="parentCode" value={form.parentCode} onChange={(e) => setForm((f) => ({ ...f, parentCode: e.target.value }))}>
              <option value="">{t('ogNoParent')}</option>
              {units.data
                .filter((u) => u.active !== false)
                .map((u) => (
                  <option key={u.code} value={u.code}>
                    {u.name}
                  </option>
                ))}
            </select>
          </Field>
        </div>
        {add.error && Object.keys(errs).length === 0 ? <p className="pa-error">{refusal(t, add.error).words}</p> : null}
        <div>
          <button type="submit" disabled={add.isPending}>
            {t('ogAdd')}
          </button>
        </div>
      </form>

      <section className="pa-form" data-testid="org-import">
        <h3>{t('ogImport')}</h3>
        <p className="pa-muted">{t('ogImportHint')}</p>
        <input type="file" accept=".csv,.txt,.xlsx,.xls" aria-label={t('ogImportFile')} onChange={(e) => e.target.files?.[0] && void onFile(e.target.files[0])} data-testid="org-file" />
        {fileProblem ? <p className="pa-error">{fileProblem}</p> : null}
        {imp.error ? <p className="pa-error">{refusal(t, imp.error).detail}</p> : null}
        {preview ? (
          <>
            <table className="targets pa-history" data-testid="org-preview">
              <thead>
                <tr>
                  <th>{t('ogRow')}</th>
                  <th>{t('ogCode')}</th>
                  <th>{t('ogName')}</th>
                  <th>{t('ogAction')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.row} data-testid={`org-row-${r.row}`} data-action={r.action}>
                    <td data-label={t('ogRow')}>{r.row}</td>
                    <td data-label={t('ogCode')}>{r.code}</td>
                    <td data-label={t('ogName')}>
                      {r.name} {r.parentCode ? <span className="pa-muted">← {r.parentCode}</span> : null}
                    </td>
                    <td data-label={t('ogAction')}>
                      <span className={r.action === 'error' ? 'pa-error' : undefined}>{t(`ogAction_${r.action}` as MessageKey)}</span>
                      {r.problems.map((p, i) => (
                        <div key={i} className="pa-error">
                          {FIELD_WORD[p.field] ? t(FIELD_WORD[p.field]!) : p.field}
                          {t('uiColon')}
                          {lookup(t, `paP_${p.code}`) ?? ''} <small className="pa-muted">{p.message}</small>
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {preview.applied ? (
              <p className="pa-ok">{t('ogApplied')}</p>
            ) : (
              <button type="button" disabled={preview.rows.some((r) => r.action === 'error') || imp.isPending} onClick={() => imp.mutate({ rows: preview.source, apply: true })} data-testid="org-apply">
                {t('ogApply')}
              </button>
            )}
          </>
        ) : null}
      </section>
    </div>
  );
}
