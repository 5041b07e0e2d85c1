import type { TargetAdjustment } from '@luoshi/shared';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/i18n';
import { fill } from '../report/words';
import { adjustmentWhat } from './words';
import './plan-admin.css';

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
            const what = adjustmentWhat(t, lang, c, uom);
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
