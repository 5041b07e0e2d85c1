import { Link, useSearchParams } from 'wouter';
import type { StatusCounts as Counts } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { hrefWith, scrollToTargets } from '../filters';
import { STATUS_ORDER, statusLabel } from '../../ui/status';

/** Seven tiles, one per status; each links to the list narrowed to that status. */
export function StatusCounts({ counts }: { counts: Counts }) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  return (
    <section className="card status-counts" aria-labelledby="status-counts-h">
      <h3 id="status-counts-h">{t('ovStatusCounts')}</h3>
      <ul>
        {STATUS_ORDER.map((s) => (
          <li key={s}>
            <Link
              className={`count-tile status-${s}`}
              data-testid={`count-${s}`}
              href={hrefWith(params, { status: s })}
              onClick={scrollToTargets}
            >
              <span className="count-n">{counts[s]}</span>
              <span className="count-label">{t(statusLabel[s])}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
