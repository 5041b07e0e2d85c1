import type { TargetAdjustment } from '@luoshi/shared';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/i18n';
import { fill } from '../report/words';
import { lookup } from './words';
import './plan-admin.css';

/** How a changed value reads: milestones as "date value" pairs, everything else as is. */
function shown(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map((m: { date?: string; value?: number }) => `${m.date ?? ''} ${m.value ?? ''}`).join('；') || '—';
  if (typeof v === 'object') return '…';
  return String(v);
}

/** A target's adjustments (调整): who, when, old → new, why. */
export function TargetHistory({ changes, uom }: { changes: TargetAdjustment[]; uom: string }) {
  const { t, lang } = useI18n();
  return (
    <section className="card" aria-labelledby="history-h" data-testid="target-history">
      <h3 id="history-h">{t('paHistory')}</h3>
      <table className="targets pa-history">
        <thead>
          <tr>
            <th>{t('paHistoryWhen')}</th>
            <th>{t('paHistoryWhat')}</th>
            <th>{t('paHistoryWhy')}</th>
            <th>{t('paHistoryWho')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => {
            const field = lookup(t, `paF_${c.field}`) ?? lookup(t, `paHistory_${c.field}`) ?? c.field;
            const unit = c.field === 'targetValue' || c.field === 'baseline' ? ` ${uom}` : '';
            const colon = lang === 'en' ? ': ' : '：';
            const what = c.field === 'created' || c.field === 'status' ? field : `${field}${colon}${shown(c.oldValue)}${unit} → ${shown(c.newValue)}${unit}`;
            return (
              <tr key={c.id} data-testid="history-row">
                <td data-label={t('paHistoryWhen')}>{new Date(c.changedAt).toLocaleString(lang, { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' })}</td>
                <td data-label={t('paHistoryWhat')}>{what}</td>
                <td data-label={t('paHistoryWhy')}>{c.reason}</td>
                <td data-label={t('paHistoryWho')}>{c.actorName ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export function CancelledBanner({ reason }: { reason: string }) {
  const { t } = useI18n();
  return (
    <p className="pa-banner pa-error" data-testid="cancelled-banner">
      {fill(t('paCancelledBanner' as MessageKey), { reason })}
    </p>
  );
}
