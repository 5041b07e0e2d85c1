import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  planDraftErrors,
  type DraftError,
  type ImportCandidate,
  type PublishPlanRequest,
  type Unit,
} from '@luoshi/shared';
import { api, ApiError, keys } from '../../app/api';
import { importApi } from '../api';
import {
  buildRequest,
  defaultMeta,
  errorFromServer,
  guessMeta,
  initialRows,
  metaOfPlan,
  placeErrors,
  planOwners,
  type MetaField,
  type PlanMeta,
  type RowField,
  type RowState,
} from '../review';

export interface Extraction {
  text: string;
  candidates: ImportCandidate[];
}

export const metaFieldId = (f: MetaField) => `imp-plan-${f}`;
export const rowFieldId = (index: number, f: RowField) => `imp-row-${index}-${f}`;

/** Where focus goes for an error: its input, or the publish bar's message. */
export function errorTarget(e: DraftError, rowOf: readonly number[]): string {
  const placed = placeErrors([e], rowOf);
  const meta = Object.keys(placed.meta)[0] as MetaField | undefined;
  if (meta) return metaFieldId(meta);
  const [row] = placed.rows;
  if (row) return rowFieldId(row[0], Object.keys(row[1])[0] as RowField);
  return 'imp-publish-error';
}

/**
 * The state of one import: the text, the plan fields, the candidates and the admin's edits.
 * Errors are computed by the shared checker on every change but shown only after a publish attempt.
 */
export function usePlanImport(units: readonly Unit[] | undefined) {
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [meta, setMetaState] = useState<PlanMeta>(() => defaultMeta());
  const [extraction, setExtraction] = useState<Extraction | null>(null);
  const [rows, setRows] = useState<RowState[]>([]);
  const [showErrors, setShowErrors] = useState(false);
  const [serverError, setServerError] = useState<DraftError | null>(null);
  /** null: publish a new draft plan; otherwise the id of the draft the candidates are added to. */
  const [appendTo, setAppendToState] = useState<string | null>(null);
  const plans = useQuery({ queryKey: keys.plans, queryFn: api.plans });
  const drafts = useMemo(() => (plans.data ?? []).filter((p) => p.status === 'draft'), [plans.data]);
  const newMeta = useRef<PlanMeta | null>(null);
  /** The admin set the period by hand: the title's years then suggest nothing (even if it equals the default). */
  const periodChosen = useRef(false);

  // The plan owner defaults to the first 街道 once the units are known.
  useEffect(() => {
    if (!units || units.length === 0) return;
    setMetaState((m) =>
      m.ownerUnit
        ? m
        : { ...m, ownerUnit: (planOwners(units).find((u) => u.kind === 'subdistrict') ?? units[0]!).code },
    );
  }, [units]);

  const extract = useMutation({
    mutationFn: (t: string) => importApi.extract(t),
    onSuccess: (res, t) => {
      setExtraction({ text: t, candidates: res.candidates });
      setRows(initialRows(res.candidates, units ?? []));
      setShowErrors(false);
      setServerError(null);
      setMetaState((m) => guessMeta(m, t, periodChosen.current));
    },
  });

  const publish = useMutation({
    // Adding to a draft sends what publishing would, minus the plan: its fields stay the stored ones.
    mutationFn: ({ planId, req }: { planId: string | null; req: PublishPlanRequest }) =>
      planId === null ? importApi.publish(req) : importApi.append(planId, { sections: req.sections, targets: req.targets }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.plans }),
    onError: (err) => {
      // 401/403 are not the draft's fault: they show as the uniform 无权访问 / sign-in.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 403)
        setServerError(errorFromServer(err.code, err.message));
    },
  });

  const built = useMemo(
    () => (extraction ? buildRequest(meta, rows, extraction.candidates) : null),
    [extraction, meta, rows],
  );
  const errors = useMemo(() => (built ? planDraftErrors(built.request) : []), [built]);
  const shown = useMemo(
    () => [...(showErrors ? errors : []), ...(serverError ? [serverError] : [])],
    [showErrors, errors, serverError],
  );
  const placed = useMemo(() => placeErrors(shown, built?.rowOf ?? []), [shown, built]);

  const setMeta = useCallback((patch: Partial<PlanMeta>) => {
    if (patch.periodStart !== undefined || patch.periodEnd !== undefined) periodChosen.current = true;
    setServerError(null);
    setMetaState((m) => ({ ...m, ...patch }));
  }, []);
  const setRow = useCallback((index: number, patch: Partial<RowState>) => {
    setServerError(null);
    setRows((rs) => rs.map((r) => (r.index === index ? { ...r, ...patch } : r)));
  }, []);

  /** Publishes, or returns the id of the input to fix first. */
  const submit = useCallback((): string | null => {
    if (!built) return null;
    const [first] = errors;
    if (first) {
      setShowErrors(true);
      return errorTarget(first, built.rowOf);
    }
    setServerError(null);
    publish.mutate({ planId: appendTo, req: built.request });
    return null;
  }, [built, errors, publish, appendTo]);

  /** Add to an existing draft (its title, owner and period then frame the review) or back to a new plan. */
  const setAppendTo = useCallback(
    (planId: string | null) => {
      setServerError(null);
      const plan = drafts.find((p) => p.id === planId);
      setAppendToState(plan ? plan.id : null);
      setMetaState((m) => {
        if (plan) {
          if (appendTo === null) newMeta.current = m;
          return metaOfPlan(plan);
        }
        return newMeta.current ?? m;
      });
    },
    [drafts, appendTo],
  );

  const backToText = useCallback(() => {
    setExtraction(null);
    publish.reset();
  }, [publish]);

  const startOver = useCallback(() => {
    periodChosen.current = false;
    setText('');
    setExtraction(null);
    setRows([]);
    setShowErrors(false);
    setServerError(null);
    setMetaState((m) => ({ ...defaultMeta(), ownerUnit: m.ownerUnit }));
    setAppendToState(null);
    extract.reset();
    publish.reset();
  }, [extract, publish]);

  return {
    text,
    setText,
    meta,
    setMeta,
    extraction,
    rows,
    setRow,
    extract,
    publish,
    submit,
    placed,
    serverError,
    rowOf: built?.rowOf ?? [],
    backToText,
    startOver,
    drafts,
    appendTo,
    setAppendTo,
  };
}

export type PlanImport = ReturnType<typeof usePlanImport>;
