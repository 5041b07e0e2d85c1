import { Link } from 'wouter';
import type { TargetState } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { formatQuantity, readable } from '../../ui/format';
import { baselineNote, completionText } from '../../ui/progress';
import { StatusBadge } from '../../ui/StatusBadge';

/** Targets behind, at risk, overdue or unreported, worst first, with what it takes to catch up. */
export function AttentionList({ targets, unitName }: { targets: TargetState[]; unitName: (code: string) => string }) {
  const { t, lang } = useI18n();
  return (
    <section className="card attention" aria-labelledby="attention-h">
      <h3 id="attention-h">
        {t('ovAttention')} <span className="pill">{targets.length}</span>
      </h3>
      {targets.length === 0 ? (
        <p className="muted">{t('ovAttentionNone')}</p>
      ) : (
        <ol className="attention-list" data-testid="attention">
          {targets.map((x) => (
            <li key={x.code} data-target={x.code}>
              <StatusBadge status={x.status} />
              <div className="attention-body">
                <Link href={`/targets/${encodeURIComponent(x.code)}`}>{x.title}</Link>
                <p className="small muted">
                  {unitName(x.ownerUnit)} · {formatQuantity(readable(x.value), x.uom, lang)} /{' '}
                  {formatQuantity(x.targetValue, x.uom, lang)} ({completionText(x, t)}){baselineNote(x, t, lang) ? ` · ${baselineNote(x, t, lang)}` : ''} · {t('ovExpected')}{' '}
                  {formatQuantity(readable(x.expected), x.uom, lang)}
                  {x.measureKind !== 'ceiling' &&
                  x.requiredRate !== null &&
                  x.requiredRate > 0 &&
                  x.status !== 'overdue' ? (
                    <> · {t('tdRequired').replace('{v}', formatQuantity(readable(x.requiredRate), x.uom, lang))}</>
                  ) : null}
                </p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
