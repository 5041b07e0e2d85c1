import { Link, useSearchParams } from 'wouter';
import { useI18n } from '../../i18n/i18n';
import { formatPct } from '../../ui/format';
import { hrefWith, scrollToTargets } from '../filters';
import { laggingCount, type SectionCard } from '../shape';
import { ProgressBar } from '../../ui/ProgressBar';

export function SectionCards({ cards, elapsedPct }: { cards: SectionCard[]; elapsedPct: number }) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  return (
    <section aria-labelledby="sections-h">
      <h3 id="sections-h">{t('ovSections')}</h3>
      <ul className="section-cards">
        {cards.map(({ section, aggregate, targets }) => {
          const lag = laggingCount(aggregate);
          return (
            <li key={section.id} className="card section-card" data-testid={`section-${section.id}`}>
              <Link href={hrefWith(params, { section: section.id })} onClick={scrollToTargets}>
                <span className="section-label">{section.label}</span>
                {section.title}
              </Link>
              <p className="section-pct">
                <span className="num big-ish">{formatPct(aggregate.pct)}</span>
                <span className="muted small">{t('ovSectionTargets').replace('{n}', String(targets))}</span>
              </p>
              <ProgressBar pct={aggregate.pct} mark={elapsedPct} />
              <p className={lag > 0 ? 'small verdict-bad' : 'small muted'}>
                {lag > 0 ? t('ovNeedAttention').replace('{n}', String(lag)) : t('stOnTrack')}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
