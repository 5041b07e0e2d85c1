import { useCallback, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { errorText } from '../../ui/errors';
import { ErrorState, Loading } from '../../ui/States';
import { CandidateRow, rowId } from '../components/CandidateRow';
import { HighlightedText, markId } from '../components/HighlightedText';
import { PlanMetaForm } from '../components/PlanMetaForm';
import { PublishBar } from '../components/PublishBar';
import { PublishSuccess } from '../components/PublishSuccess';
import { SourceInput } from '../components/SourceInput';
import { usePlanImport } from '../hooks/usePlanImport';
import { useUnits } from '../hooks/useUnits';
import { dueOf, ownerOf, unitSubtree } from '../review';
import '../import.css';

/**
 * Review flow of issue 10: text in, candidates highlighted and edited, accepted ones published
 * as a new draft plan. Admins only (issue 9): the route is wrapped in RequireRole, the server refuses the rest.
 */
export function ImportPage() {
  const { t } = useI18n();
  const units = useUnits();
  const imp = usePlanImport(units.data);
  const [active, setActive] = useState<number | null>(null);
  const { extraction, rows, meta, placed } = imp;

  const ownerUnits = useMemo(() => unitSubtree(units.data ?? [], meta.ownerUnit), [units.data, meta.ownerUnit]);
  const accepted = useMemo(() => {
    const a: boolean[] = [];
    for (const r of rows) a[r.index] = r.accepted;
    return a;
  }, [rows]);

  // Text → row: scroll the row into view and put the cursor in it.
  const pick = useCallback((i: number) => {
    setActive(i);
    const row = document.getElementById(rowId(i));
    row?.scrollIntoView({ block: 'center' });
    const first =
      row?.querySelector<HTMLElement>('.imp-row-fields input') ??
      row?.querySelector<HTMLElement>('input[type=checkbox]');
    first?.focus({ preventScroll: true });
  }, []);
  // Row → text: bring the figure into view (the pane scrolls itself) and focus it.
  const locate = useCallback((i: number) => {
    setActive(i);
    const mark = document.getElementById(markId(i));
    mark?.closest('.imp-text-card')?.scrollIntoView({ block: 'nearest' });
    requestAnimationFrame(() => document.getElementById(markId(i))?.focus({ preventScroll: true }));
  }, []);

  const publish = () => {
    const target = imp.submit();
    if (target) requestAnimationFrame(() => document.getElementById(target)?.focus());
  };

  if (imp.publish.isSuccess) {
    return (
      <section className="imp">
        <h2>{t('impHeading')}</h2>
        <PublishSuccess result={imp.publish.data} onAnother={imp.startOver} />
      </section>
    );
  }

  const serverFault = imp.publish.isError && !imp.serverError ? imp.publish.error : null;
  return (
    <section className="imp">
      <h2>{t('impHeading')}</h2>
      <p className="imp-muted">{t('impIntro')}</p>
      {units.isPending ? (
        <Loading />
      ) : units.isError ? (
        <ErrorState error={units.error} onRetry={() => void units.refetch()} />
      ) : (
        <PlanMetaForm
          meta={meta}
          onChange={imp.setMeta}
          units={units.data}
          errors={placed.meta}
          drafts={imp.drafts}
          appendTo={imp.appendTo}
          onAppendTo={imp.setAppendTo}
        />
      )}

      {!extraction ? (
        <>
          <SourceInput
            text={imp.text}
            onText={imp.setText}
            onExtract={() => imp.extract.mutate(imp.text)}
            pending={imp.extract.isPending}
          />
          {imp.extract.isPending ? <Loading /> : null}
          {imp.extract.isError ? (
            <div className="state state-error" role="alert">
              <p>
                {t('impExtractError')}: {errorText(imp.extract.error, t)}
              </p>
              <button type="button" onClick={() => imp.extract.mutate(imp.text)}>
                {t('retry')}
              </button>
            </div>
          ) : null}
        </>
      ) : (
        <div className="imp-review">
          <HighlightedText
            text={extraction.text}
            candidates={extraction.candidates}
            accepted={accepted}
            active={active}
            onPick={pick}
          />
          <section className="imp-list" aria-labelledby="imp-candidates">
            <div className="imp-list-head">
              <h3 id="imp-candidates" tabIndex={-1}>
                {t('impCandidates')} <span className="imp-muted">({extraction.candidates.length})</span>
              </h3>
              <button type="button" onClick={imp.backToText}>
                {t('impEditText')}
              </button>
            </div>
            {extraction.candidates.length === 0 ? (
              <p className="state">{t('impNoCandidates')}</p>
            ) : (
              <ol className="imp-rows">
                {rows.map((r) => {
                  const c = extraction.candidates[r.index]!;
                  return (
                    <CandidateRow
                      key={r.index}
                      candidate={c}
                      row={r}
                      owner={ownerOf(r, meta)}
                      due={dueOf(r, c, meta)}
                      units={ownerUnits}
                      errors={placed.rows.get(r.index)}
                      active={active === r.index}
                      onChange={imp.setRow}
                      onLocate={locate}
                      onActivate={setActive}
                    />
                  );
                })}
              </ol>
            )}
          </section>
          <PublishBar
            accepted={rows.filter((r) => r.accepted).length}
            total={rows.length}
            onPublish={publish}
            appending={imp.appendTo !== null}
            pending={imp.publish.isPending}
            invalid={placed.general.length > 0 || placed.rows.size > 0 || Object.keys(placed.meta).length > 0}
            general={placed.general}
            failure={serverFault}
          />
        </div>
      )}
    </section>
  );
}
