import { memo, useEffect, useMemo, useRef } from 'react';
import type { ImportCandidate } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { segments } from '../review';

export const markId = (index: number) => `imp-hl-${index}`;

/**
 * The source text with every candidate's figure marked, by the extractor's own spans. Marks are
 * links to their rows; the active candidate's sentence is shaded and kept in view inside the pane.
 */
export const HighlightedText = memo(function HighlightedText({
  text,
  candidates,
  accepted,
  active,
  onPick,
}: {
  text: string;
  candidates: readonly ImportCandidate[];
  /** By candidate index. */
  accepted: readonly boolean[];
  active: number | null;
  onPick: (index: number) => void;
}) {
  const { t } = useI18n();
  const pane = useRef<HTMLDivElement>(null);
  const segs = useMemo(() => segments(text, candidates, active), [text, candidates, active]);

  // Scroll the pane itself (not the page) so the active figure sits in its middle.
  useEffect(() => {
    const el = active === null ? null : document.getElementById(markId(active));
    const box = pane.current;
    if (!el || !box) return;
    const top = el.offsetTop - box.clientHeight / 2;
    if (el.offsetTop < box.scrollTop || el.offsetTop > box.scrollTop + box.clientHeight - 24) box.scrollTo({ top });
  }, [active]);

  return (
    <section className="imp-card imp-text-card" aria-label={t('impText')}>
      <a className="imp-skip" href="#imp-candidates">
        {t('impSkipToList')}
      </a>
      <div className="imp-text" ref={pane} data-testid="import-text">
        {segs.map((s) => {
          const piece = text.slice(s.start, s.end);
          if (s.candidate === null)
            return s.inActive ? (
              <span key={s.start} className="imp-sentence">
                {piece}
              </span>
            ) : (
              piece
            );
          const i = s.candidate;
          const c = candidates[i]!;
          const cls = [
            'imp-hl',
            accepted[i] ? 'is-accepted' : 'is-rejected',
            i === active ? 'is-active' : '',
            s.inActive ? 'imp-sentence' : '',
          ].join(' ');
          return (
            <a
              key={s.start}
              id={markId(i)}
              href={`#imp-row-${i}`}
              className={cls}
              title={`${t('impConfidence')} ${Math.round(c.confidence * 100)}%`}
              data-candidate={i}
              onClick={(e) => {
                e.preventDefault();
                onPick(i);
              }}
            >
              {piece}
            </a>
          );
        })}
      </div>
    </section>
  );
});
