import { Link, useSearchParams } from 'wouter';
import { pct } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { LiveBadge } from '../../live/LiveBadge';
import { useLive } from '../../live/useLive';
import { formatPct, formatQuantity } from '../../ui/format';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { usePlans, useTargets } from '../hooks/useTargets';

/** The plan's targets with their live values. The full overview arrives with the dashboard issue. */
export function TargetsPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const plans = usePlans();
  const planId = params.get('plan') ?? plans.data?.[0]?.id;
  const targets = useTargets(planId);
  const live = useLive(planId ? { kind: 'plan', id: planId } : null);

  if (plans.isPending) return <Loading />;
  if (plans.isError) return <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />;
  if (plans.data.length === 0) return <Empty />;

  return (
    <section>
      <div className="toolbar">
        <label>
          {t('plan')}{' '}
          <select value={planId} onChange={(e) => setParams({ plan: e.target.value })}>
            {plans.data.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        <LiveBadge state={live} />
      </div>
      {targets.isPending ? (
        <Loading />
      ) : targets.isError ? (
        <ErrorState error={targets.error} onRetry={() => void targets.refetch()} />
      ) : targets.data.length === 0 ? (
        <Empty />
      ) : (
        <table className="targets">
          <thead>
            <tr>
              <th scope="col">{t('targets')}</th>
              <th scope="col" className="num">{t('current')}</th>
              <th scope="col" className="num">{t('target')}</th>
              <th scope="col" className="num">{t('progress')}</th>
            </tr>
          </thead>
          <tbody>
            {targets.data.map((x) => {
              return (
                <tr key={x.code} data-target={x.code}>
                  <td>
                    <Link href={`/targets/${x.code}`}>{x.title}</Link>
                  </td>
                  <td className="num" data-testid={`value-${x.code}`}>
                    {formatQuantity(x.value, x.uom, lang)}
                  </td>
                  <td className="num">{formatQuantity(x.targetValue, x.uom, lang)}</td>
                  <td className="num">{formatPct(pct(x, x.value))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
