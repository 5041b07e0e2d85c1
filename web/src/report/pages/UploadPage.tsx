import { useMemo, useState, type ChangeEvent } from 'react';
import { chinaDate, type MyTarget } from '@luoshi/shared';
import { ApiError, get } from '../../app/http';
import { useSession } from '../../auth/useSession';
import { useI18n } from '../../i18n/i18n';
import { formatQuantity } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/States';
import { counts } from '../outbox/logic';
import { serverNow, useOutbox } from '../outbox/hooks';
import { outbox } from '../outbox/store';
import { readUpload } from '../upload/read';
import type { FileProblem } from '../upload/parse';
import { validateRows, type CheckedRow, type RowProblem } from '../upload/validate';
import { useMyTargets } from '../useMyTargets';
import { fill, problemText } from '../words';
import type { MessageKey } from '../../i18n/messages';
import '../report.css';

const TEMPLATE = '\uFEFF指标编号,数值,日期,备注\r\n';

/** Codes the reporter does not own: ask the server which exist (403) and which do not (404). */
async function foreignCodes(codes: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  await Promise.all(
    codes.slice(0, 50).map(async (c) => {
      try {
        await get(`/api/targets/${encodeURIComponent(c)}`);
        out.add(c); // readable but not in "my targets": still not the reporter's to report
      } catch (err) {
        if (err instanceof ApiError && err.status === 403) out.add(c);
      }
    }),
  );
  return out;
}

type Step =
  | { kind: 'idle' }
  | { kind: 'reading' }
  | { kind: 'bad'; problem: FileProblem }
  | { kind: 'checked'; file: string; encoding: string; rows: CheckedRow[] };

/** 批量上传: a month's figures from a spreadsheet, every row checked before anything is sent. */
export function UploadPage() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const mine = useMyTargets(user);
  const items = useOutbox();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [sentIds, setSentIds] = useState<Set<string> | null>(null);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again must fire again
    if (!file || !mine.data) return;
    setSentIds(null);
    setStep({ kind: 'reading' });
    const read = await readUpload(file.name, new Uint8Array(await file.arrayBuffer()));
    if (!read.ok) return setStep({ kind: 'bad', problem: read.problem });
    const byCode = new Map<string, MyTarget>(mine.data.targets.map((tg) => [tg.code, tg]));
    const unknown = [...new Set(read.rows.map((r) => r.target).filter((c) => c !== '' && !byCode.has(c)))];
    const foreign = await foreignCodes(unknown);
    const now = serverNow();
    setStep({
      kind: 'checked',
      file: file.name,
      encoding: read.encoding,
      rows: validateRows(read.rows, byCode, foreign, chinaDate(now) ?? mine.data.today, now),
    });
  };

  const valid = useMemo(
    () => (step.kind === 'checked' ? step.rows.filter((r): r is Extract<CheckedRow, { ok: true }> => r.ok) : []),
    [step],
  );
  const bad = step.kind === 'checked' ? step.rows.filter((r): r is Extract<CheckedRow, { ok: false }> => !r.ok) : [];

  const send = () => {
    const now = Date.now();
    outbox.add(
      valid.map((r) => ({
        event: r.event,
        ownerUnit: r.target.ownerUnit,
        title: r.target.title,
        uom: r.target.uom,
        origin: 'upload' as const,
        state: 'waiting' as const,
        createdAt: now,
        attempts: 0,
        nextTryAt: 0,
      })),
    );
    setSentIds(new Set(valid.map((r) => r.event.id)));
  };

  const progress = sentIds ? counts(items.filter((i) => sentIds.has(i.event.id))) : null;
  const total = sentIds?.size ?? 0;
  const decided = progress ? progress.counted + progress.rejected : 0;
  const rowText = (p: RowProblem): string =>
    p.field === 'row' ? fill(t('rpUpE_duplicate_row'), p.params) : problemText(t, p);
  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE + (mine.data?.targets[0] ? `${mine.data.targets[0].code},10,${mine.data.today},\r\n` : ''))}`;

  return (
    <section className="report" data-testid="upload-page">
      <h2>{t('rpUpHeading')}</h2>
      <p className="rp-muted">{t('rpUpIntro')}</p>
      <p>
        <a href={template} download="luoshi-upload-template.csv">
          {t('rpUpTemplate')}
        </a>
      </p>
      {mine.isPending ? <Loading /> : null}
      {mine.error ? <ErrorState error={mine.error} onRetry={() => void mine.refetch()} /> : null}
      <label className="rp-file">
        <span className="rp-primary">{t('rpUpChoose')}</span>
        <input
          type="file"
          accept=".csv,.txt,.xlsx,.xls,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel"
          onChange={(e) => void onFile(e)}
          disabled={!mine.data}
          data-testid="upload-input"
        />
      </label>
      {step.kind === 'reading' ? <p className="state">{t('rpUpReading')}</p> : null}
      {step.kind === 'bad' ? (
        <p
          className="rp-state is-rejected"
          role="alert"
          data-testid="upload-file-problem"
          data-code={step.problem.code}
        >
          <strong>{t('rpUpBadFile')}</strong>
          {t('colon')}
          {fill(t(`rpUpE_${step.problem.code}` as MessageKey), 'params' in step.problem ? step.problem.params : {})}
        </p>
      ) : null}
      {step.kind === 'checked' ? (
        <div className="rp-upload" data-testid="upload-summary" data-valid={valid.length} data-invalid={bad.length}>
          <p>
            {t('rpUpFile')}
            {t('colon')}
            {step.file} · {t('rpUpEncoding')}
            {t('colon')}
            {step.encoding} ·{' '}
            {fill(t('rpUpRows'), { n: step.rows.length })} ·{' '}
            <span className="rp-ok">{fill(t('rpUpValid'), { n: valid.length })}</span> ·{' '}
            <span className={bad.length ? 'rp-bad' : ''}>{fill(t('rpUpInvalid'), { n: bad.length })}</span>
          </p>
          {bad.length > 0 ? (
            <div className="rp-table-wrap">
              <table className="rp-errors" data-testid="upload-errors">
                <thead>
                  <tr>
                    <th>{t('rpUpRow')}</th>
                    <th>{t('rpHistTarget')}</th>
                    <th>{t('rpHistValue')}</th>
                    <th>{t('rpDate')}</th>
                    <th>{t('rpUpProblem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {bad.map((r) => (
                    <tr key={r.row.line} data-testid="upload-error" data-line={r.row.line}>
                      <td>{r.row.line}</td>
                      <td>{r.row.target}</td>
                      <td>{r.row.value}</td>
                      <td>{r.row.date}</td>
                      <td>{r.problems.map(rowText).join(t('semi'))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {valid.length > 0 && !sentIds ? (
            <>
              <button type="button" className="rp-primary" onClick={send} data-testid="upload-send">
                {fill(t('rpUpSend'), { n: valid.length })}
              </button>
              {bad.length > 0 ? <p className="rp-muted">{t('rpUpSendNote')}</p> : null}
              <ul className="rp-preview-rows">
                {valid.slice(0, 5).map((r) => (
                  <li key={r.row.line}>
                    {r.row.line}. {r.target.title} · {formatQuantity(r.event.value, r.target.uom, lang)} · {r.row.date}
                  </li>
                ))}
                {valid.length > 5 ? <li>…</li> : null}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      {progress ? (
        <div
          className="rp-progress"
          data-testid="upload-progress"
          data-total={total}
          data-counted={progress.counted}
          data-duplicate={progress.duplicate}
          data-rejected={progress.rejected}
          data-done={decided === total}
        >
          <progress max={total} value={decided} aria-label={t('rpOutbox')} />
          <p>
            {fill(t('rpUpProgress'), {
              sent: total - progress.waiting,
              total,
              // rows the server already had are counted once, earlier: not "counted" again in words
              counted: progress.counted - progress.duplicate,
              rejected: progress.rejected,
            })}
            {progress.duplicate > 0 ? `${t('rpSep')}${fill(t('rpUpDup'), { n: progress.duplicate })}` : ''}
            {decided === total ? ` · ${t('rpUpDone')}` : ''}
          </p>
        </div>
      ) : null}
    </section>
  );
}
