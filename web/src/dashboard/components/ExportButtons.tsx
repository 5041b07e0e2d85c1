import { useState } from 'react';
import { Link } from 'wouter';
import type { PlanOverview } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { asOfYmd } from '../../ui/dates';
import { exportFileName, targetTable, toCsv } from '../export';

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

/** CSV and Excel of the plan's targets with status, and the printable monthly bulletin, all from the overview on screen. */
export function ExportButtons({ overview }: { overview: PlanOverview }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const day = asOfYmd(overview.asOf);
  const name = (ext: string): string => exportFileName(overview.plan.title, t('exSheet'), day, ext);

  const csv = (): void =>
    download(new Blob([toCsv(targetTable(overview, t))], { type: 'text/csv;charset=utf-8' }), name('csv'));
  const xlsx = async (): Promise<void> => {
    setBusy(true);
    setFailed(null);
    try {
      const { toXlsx } = await import('../xlsx');
      download(await toXlsx(targetTable(overview, t), t('exSheet')), name('xlsx'));
    } catch (err) {
      setFailed(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="exports">
      <button type="button" onClick={csv} data-testid="export-csv">
        {t('exCsv')}
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
