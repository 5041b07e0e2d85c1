import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { canAdminister, type EditableTarget, type PlanEditView, type PublishGap } from '@luoshi/shared';
import { ApiError } from '../app/http';
import { useSession } from '../auth/useSession';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/i18n';
import { fill } from '../report/words';
import { ErrorState, Loading } from '../ui/States';
import { planAdminApi, planEditKey } from './api';
import { TargetForm } from './TargetForm';
import { useChangeRefetch } from './useChangeRefetch';
import { fieldErrors, refusal } from './words';
import './plan-admin.css';

type Editing = { kind: 'new' } | { kind: 'edit'; target: EditableTarget } | null;

/**
 * /plans-admin/:id — one plan's editor (issue 16): lifecycle actions, sections, targets with
 * every field, adjustments with reasons, cancel (撤销), next year's plan. Leaders of the
 * owner unit see a draft here read-only.
 */
export function PlanEditorPage({ id }: { id: string }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [, go] = useLocation();
  const { user } = useSession();
  const admin = !!user && canAdminister(user);
  useChangeRefetch();
  const view = useQuery({ queryKey: planEditKey(id), queryFn: () => planAdminApi.edit(id) });
  const units = useQuery({ queryKey: ['units'], queryFn: planAdminApi.units });
  const [editing, setEditing] = useState<Editing>(null);
  const [carry, setCarry] = useState(false);
  const [cancelling, setCancelling] = useState<{ code: string; reason: string } | null>(null);
  const [newSection, setNewSection] = useState({ label: '', title: '' });

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: planEditKey(id) });
    void qc.invalidateQueries({ queryKey: ['plans'] });
  };
  const act = useMutation({
    mutationFn: (f: () => Promise<unknown>) => f(),
    onSuccess: () => refresh(),
    // A stale version: reload what is there now; the message says to redo the change.
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'stale_version') refresh();
    },
  });
  const save = useMutation({
    mutationFn: (f: () => Promise<unknown>) => f(),
    onSuccess: () => {
      setEditing(null);
      refresh();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'stale_version') refresh();
    },
  });

  if (view.isPending || units.isPending) return <Loading />;
  if (view.error) return <ErrorState error={view.error} onRetry={() => void view.refetch()} />;
  if (units.error) return <ErrorState error={units.error} onRetry={() => void units.refetch()} />;
  const { plan, sections, targets, gaps } = view.data;
  const unitName = new Map(units.data.map((u) => [u.code, u.name]));
  const open = plan.status !== 'closed';
  const canEdit = admin && open;
  const published = plan.status === 'published';
  const missing: PublishGap[] = act.error instanceof ApiError && act.error.code === 'plan_incomplete' ? ((act.error.body?.missing ?? []) as PublishGap[]) : [];
  const run = (f: () => Promise<unknown>) => act.mutate(f);
  const sectionTitle = new Map(sections.map((s) => [s.id, `${s.label}${s.title}`]));

  return (
    <div className="pa-page" data-testid="plan-editor" data-status={plan.status}>
      <p>
        <Link href="/plans-admin">← {t('paHeading')}</Link>
      </p>
      <h2>
        {plan.title} <span className={`pa-status pa-status-${plan.status}`} data-testid="plan-status">{t(`paStatus_${plan.status}` as MessageKey)}</span>
      </h2>
      <p className="pa-muted">
        {plan.id} · {unitName.get(plan.ownerUnit) ?? plan.ownerUnit} · {plan.periodStart} – {plan.periodEnd}
        {plan.status !== 'draft' ? (
          <>
            {' · '}
            <Link href={`/plans/${encodeURIComponent(plan.id)}`}>{t('paOpen')}</Link>
          </>
        ) : null}
      </p>
      {!admin && plan.status === 'draft' ? <p className="pa-banner">{t('paReadOnlyDraft')}</p> : null}
      {plan.status === 'closed' ? <p className="pa-banner">{t('paReadOnlyClosed')}</p> : null}

      {admin ? (
        <div className="pa-actions pa-lifecycle">
          {plan.status === 'draft' ? (
            <>
              <button type="button" className="primary" data-testid="publish" onClick={() => run(() => planAdminApi.publish(id, plan.version))}>
                {t('paPublish')}
              </button>
              <button
                type="button"
                data-testid="delete-plan"
                onClick={() => {
                  if (window.confirm(t('paDeleteConfirm'))) act.mutate(() => planAdminApi.remove(id, plan.version).then(() => go('/plans-admin')));
                }}
              >
                {t('paDelete')}
              </button>
            </>
          ) : null}
          {published ? (
            <button type="button" data-testid="close-plan" onClick={() => window.confirm(t('paCloseConfirm')) && run(() => planAdminApi.close(id, plan.version))}>
              {t('paClose')}
            </button>
          ) : null}
          {plan.status !== 'draft' ? (
            <span className="pa-rollover">
              <label>
                <input type="checkbox" checked={carry} onChange={(e) => setCarry(e.target.checked)} /> {t('paCarry')}
              </label>
              <button type="button" data-testid="rollover" onClick={() => act.mutate(() => planAdminApi.rollover(id, carry).then((r) => go(`/plans-admin/${encodeURIComponent(r.id)}`)))}>
                {t('paRollover')}
              </button>
            </span>
          ) : null}
        </div>
      ) : null}
      {act.error ? <Refusal error={act.error} /> : null}
      {plan.status === 'draft' ? <Gaps gaps={missing.length ? missing : gaps} /> : null}

      <section className="pa-section">
        <h3>{t('paSections')}</h3>
        <ol className="pa-sections" data-testid="sections">
          {sections.map((s, i) => (
            <li key={s.id} style={{ marginLeft: s.parentId ? 24 : 0 }}>
              <span>
                {s.label}
                {s.title}
              </span>
              {canEdit ? (
                <span className="pa-actions">
                  <button type="button" disabled={i === 0} onClick={() => run(() => swap(id, view.data, i, i - 1))}>
                    {t('paUp')}
                  </button>
                  <button type="button" disabled={i === sections.length - 1} onClick={() => run(() => swap(id, view.data, i, i + 1))}>
                    {t('paDown')}
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      const title = window.prompt(t('paSectionTitle'), s.title);
                      if (title !== null) run(() => planAdminApi.patchSection(id, s.id, { title }));
                    }}
                  >
                    {t('paRename')}
                  </button>
                  <button type="button" onClick={() => run(() => planAdminApi.removeSection(id, s.id))}>
                    {t('paRemove')}
                  </button>
                </span>
              ) : null}
            </li>
          ))}
        </ol>
        {canEdit ? (
          <form
            className="pa-inline"
            data-testid="new-section"
            onSubmit={(e) => {
              e.preventDefault();
              run(() => planAdminApi.addSection(id, newSection).then(() => setNewSection({ label: '', title: '' })));
            }}
          >
            <input aria-label={t('paSectionLabel')} placeholder={t('paSectionLabel')} size={4} value={newSection.label} onChange={(e) => setNewSection((x) => ({ ...x, label: e.target.value }))} />
            <input aria-label={t('paSectionTitle')} placeholder={t('paSectionTitle')} value={newSection.title} onChange={(e) => setNewSection((x) => ({ ...x, title: e.target.value }))} />
            <button type="submit">{t('paAddSection')}</button>
          </form>
        ) : null}
      </section>

      <section className="pa-section">
        <h3>{t('paTargets')}</h3>
        {targets.length === 0 ? <p className="pa-muted">{t('paNoTargets')}</p> : null}
        <table className="targets pa-table" data-testid="editor-targets">
          <tbody>
            {targets.map((x) => (
              <tr key={x.code} data-testid={`editor-target-${x.code}`} className={x.lifecycle === 'cancelled' ? 'pa-cancelled' : undefined}>
                <td data-label={t('paF_title')}>
                  {plan.status === 'draft' ? x.title : <Link href={`/targets/${encodeURIComponent(x.code)}`}>{x.title}</Link>}
                  <div className="pa-muted">
                    {x.code} · {x.sectionId ? sectionTitle.get(x.sectionId) : t('paNoSection')}
                    {x.eventCount > 0 ? ` · ${fill(t('paEvents'), { n: x.eventCount })}` : ''}
                  </div>
                  {x.lifecycle === 'cancelled' ? (
                    <div className="pa-error">
                      {t('paCancelled')}
                    {t('uiColon')}
                    {x.cancelReason}
                    </div>
                  ) : null}
                </td>
                <td data-label={t('paF_ownerUnit')}>{unitName.get(x.ownerUnit) ?? x.ownerUnit}</td>
                <td data-label={t('paF_targetValue')}>
                  {x.targetValue} {x.uom}
                </td>
                <td data-label={t('paF_dueDate')}>{x.dueDate}</td>
                <td>
                  {canEdit && x.lifecycle === 'active' ? (
                    <span className="pa-actions">
                      <button type="button" data-testid={`edit-${x.code}`} onClick={() => setEditing({ kind: 'edit', target: x })}>
                        {t('paEdit')}
                      </button>
                      {plan.status === 'draft' ? (
                        <button type="button" onClick={() => run(() => planAdminApi.removeTarget(x.code, x.version))}>
                          {t('paRemove')}
                        </button>
                      ) : (
                        <button type="button" onClick={() => setCancelling({ code: x.code, reason: '' })}>
                          {t('paCancelTarget')}
                        </button>
                      )}
                    </span>
                  ) : null}
                  {cancelling?.code === x.code ? (
                    <form
                      className="pa-inline"
                      onSubmit={(e) => {
                        e.preventDefault();
                        run(() => planAdminApi.cancelTarget(x.code, x.version, cancelling.reason).then(() => setCancelling(null)));
                      }}
                    >
                      <input aria-label={t('paCancelReason')} placeholder={t('paCancelReason')} value={cancelling.reason} onChange={(e) => setCancelling({ code: x.code, reason: e.target.value })} />
                      <button type="submit">{t('paCancelTarget')}</button>
                      <button type="button" onClick={() => setCancelling(null)}>
                        {t('paCancel')}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {editing ? (
          <TargetForm
            key={editing.kind === 'edit' ? `${editing.target.code}-${editing.target.version}` : 'new'}
            initial={editing.kind === 'edit' ? editing.target : { startDate: plan.periodStart, dueDate: plan.periodEnd, measureKind: 'cumulative', direction: 'up', baseline: 0, weight: 1, reportingIntervalDays: 30 }}
            sections={sections}
            units={units.data}
            targets={targets}
            published={published}
            errors={fieldErrors(t, save.error)}
            pending={save.isPending}
            onSubmit={(body) => save.mutate(() => (editing.kind === 'edit' ? planAdminApi.patchTarget(editing.target.code, body) : planAdminApi.addTarget(id, body)))}
            onCancel={() => {
              setEditing(null);
              save.reset();
            }}
          />
        ) : canEdit ? (
          <button type="button" data-testid="add-target" onClick={() => setEditing({ kind: 'new' })}>
            {t('paAddTarget')}
          </button>
        ) : null}
        {save.error && Object.keys(fieldErrors(t, save.error)).length === 0 ? <Refusal error={save.error} /> : null}
      </section>
    </div>
  );
}

/** Sections i and j trade places (ordinals renumbered in document order). */
async function swap(planId: string, v: PlanEditView, i: number, j: number): Promise<void> {
  const order = v.sections.map((s) => s.id);
  [order[i], order[j]] = [order[j]!, order[i]!];
  for (const [n, sid] of order.entries()) {
    const s = v.sections.find((x) => x.id === sid)!;
    if (s.ordinal !== n) await planAdminApi.patchSection(planId, sid, { ordinal: n });
  }
}

function Refusal({ error }: { error: unknown }) {
  const { t } = useI18n();
  const r = refusal(t, error);
  return (
    <p className="pa-error" role="alert" data-testid="refusal">
      {error instanceof ApiError && error.code === 'stale_version' ? t('paStale') : r.words}
      <br />
      <small className="pa-muted">{r.detail}</small>
    </p>
  );
}

function Gaps({ gaps }: { gaps: PublishGap[] }) {
  const { t } = useI18n();
  if (gaps.length === 0) return <p className="pa-ok" data-testid="gaps-none">{t('paComplete')}</p>;
  return (
    <div className="pa-gaps" data-testid="gaps">
      <strong>{t('paGaps')}</strong>
      <ul>
        {gaps.map((g, i) => (
          <li key={i}>
            {g.target ?? ''} {t(`paF_${g.field}` as MessageKey) || g.field}: {g.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
