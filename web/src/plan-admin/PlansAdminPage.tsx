import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/i18n';
import { ErrorState, Loading } from '../ui/States';
import { planAdminApi } from './api';
import { Field } from './Field';
import { fieldErrors, refusal } from './words';
import './plan-admin.css';

/** /plans-admin — every plan with its status; a new plan is created by hand here (admins). */
export function PlansAdminPage() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [, go] = useLocation();
  const plans = useQuery({ queryKey: ['plans'], queryFn: planAdminApi.plans });
  const units = useQuery({ queryKey: ['units'], queryFn: planAdminApi.units });
  const [form, setForm] = useState({ title: '', ownerUnit: '', periodStart: '', periodEnd: '' });
  const create = useMutation({
    mutationFn: () => planAdminApi.create(form),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: ['plans'] });
      go(`/plans-admin/${encodeURIComponent(p.id)}`);
    },
  });
  if (plans.isPending || units.isPending) return <Loading />;
  if (plans.error) return <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />;
  if (units.error) return <ErrorState error={units.error} onRetry={() => void units.refetch()} />;
  const errs = fieldErrors(t, create.error);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const unitName = new Map(units.data.map((u) => [u.code, u.name]));

  return (
    <div className="pa-page" data-testid="plans-admin">
      <h2>{t('paHeading')}</h2>
      <p className="pa-muted">{t('paIntro')}</p>
      <table className="targets pa-table">
        <thead>
          <tr>
            <th>{t('paTitle')}</th>
            <th>{t('paOwner')}</th>
            <th>{t('paStatus')}</th>
            <th>
              <span className="sr-only">{t('paEdit')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {plans.data.map((p) => (
            <tr key={p.id} data-testid={`plan-row-${p.id}`}>
              <td data-label={t('paTitle')}>
                {p.title}
                <div className="pa-muted">
                  {p.id} · {p.periodStart} – {p.periodEnd}
                </div>
              </td>
              <td data-label={t('paOwner')}>{unitName.get(p.ownerUnit) ?? p.ownerUnit}</td>
              <td data-label={t('paStatus')}>
                <span className={`pa-status pa-status-${p.status}`}>{t(`paStatus_${p.status}` as MessageKey)}</span>
              </td>
              <td>
                <Link href={`/plans-admin/${encodeURIComponent(p.id)}`} data-testid={`plan-edit-${p.id}`}>
                  {t('paEdit')}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form
        className="pa-form"
        data-testid="new-plan"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <h3>{t('paNew')}</h3>
        <Field label={t('paTitle')} error={errs.title}>
          <input name="title" value={form.title} onChange={(e) => set('title')(e.target.value)} />
        </Field>
        <Field label={t('paOwner')} error={errs.ownerUnit}>
          <select name="ownerUnit" value={form.ownerUnit} onChange={(e) => set('ownerUnit')(e.target.value)}>
            <option value="">—</option>
            {units.data
              .filter((u) => u.active !== false)
              .map((u) => (
                <option key={u.code} value={u.code}>
                  {u.name}
                </option>
              ))}
          </select>
        </Field>
        <div className="pa-pair">
          <Field label={t('paPeriodStart')} error={errs.periodStart}>
            <input type="date" name="periodStart" value={form.periodStart} onChange={(e) => set('periodStart')(e.target.value)} />
          </Field>
          <Field label={t('paPeriodEnd')} error={errs.periodEnd}>
            <input type="date" name="periodEnd" value={form.periodEnd} onChange={(e) => set('periodEnd')(e.target.value)} />
          </Field>
        </div>
        {create.error && Object.keys(errs).length === 0 ? <p className="pa-error">{refusal(t, create.error).words}</p> : null}
        <div>
          <button type="submit" disabled={create.isPending} data-testid="create-plan">
            {create.isPending ? t('paSaving') : t('paCreate')}
          </button>
        </div>
      </form>
    </div>
  );
}
