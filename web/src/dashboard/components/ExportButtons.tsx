import { useState } from 'react';
import { Link } from 'wouter';
import type { PlanOverview } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { asOfYmd } from '../../ui/dates';
import { csvBytes, exportFileName, filterWords, targetTable, type CsvEncoding } from '../export';
import { filterTargets, type TargetFilter } from '../filters';

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * CSV and Excel of the targets on screen (the active section/department/status filter applies,
 * and the file name says so), and the printable monthly bulletin.
 */
export function ExportButtons({ overview, filter }: { overview: PlanOverview; filter: TargetFilter }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const day = asOfYmd(overview.asOf);
  const filtered = filterWords(filter, overview, t);
  const name = (ext: string): string => exportFileName(overview.plan.title, t('exSheet'), day, ext, filtered);
  const table = () => targetTable({ ...overview, targets: filterTargets(overview.targets, overview.sections, filter) }, t);

  const csv = async (encoding: CsvEncoding): Promise<void> => {
    // the GBK table is built on first use only, so the UTF-8 path never pays for it
    const { encodeGbk } = await import('../gbk');
    const bytes = csvBytes(table(), encoding, encodeGbk);
    download(new Blob([bytes], { type: `text/csv;charset=${encoding}` }), name('csv'));
  };
  const xlsx = async (): Promise<void> => {
    setBusy(true);
    setFailed(null);
    try {
      const { toXlsx } = await import('../xlsx');
      download(await toXlsx(table(), t('exSheet')), name('xlsx'));
    } catch (err) {
      setFailed(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="exports">
      <button type="button" onClick={() => void csv('utf-8')} data-testid="export-csv">
        {t('exCsv')}
      </button>
      <button type="button" onClick={() => void csv('gbk')} data-testid="export-csv-gbk" title={t('exCsvGbkHint')}>
        {t('exCsvGbk')}
      </button>
      <button type="button" onClick={() => void xlsx()} disabled={busy} data-testid="export-xlsx">
        {busy ? t('exWorking') : t('exXlsx')}
      </button>
      <Link
        href={`/plans/${encodeURIComponent(overview.plan.id)}/bulletin`}
        className="button-link"
        data-testid="bulletin-link"
      >
        {t('exBulletin')}
      </Link>
      {failed ? (
        <span role="alert" className="verdict-bad small">
          {t('exFailed')}: {failed}
        </span>
      ) : null}
    </div>
  );
}
