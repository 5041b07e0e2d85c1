import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'wouter';
import { BULLETIN_CATEGORIES, type MonthlyBulletin } from '@luoshi/shared';
import type { MessageKey } from '../i18n/messages';
import { KeepDates } from '../ui/KeepDates';
import { useI18n } from '../i18n/i18n';
import { fill } from '../report/words';
import { formatPct } from '../ui/format';
import { ErrorState, Loading } from '../ui/States';
import { adjustmentWhat } from '../plan-admin/words';
import { svApi } from './api';
import { chinaTime } from './time';
import { rankArrow, timelinessText } from './words';
import './supervision.css';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;


function csv(b: MonthlyBulletin, what: (a: MonthlyBulletin['adjustments'][number]) => string): string {
  const rows = [['单位', '完成率', '排名', '名次变化', '报送及时率', '已完成', '超进度', '达进度', '欠进度']];
  for (const u of b.units) {
    rows.push([
      u.name,
      u.pct === null ? '' : u.pct.toFixed(1),
      String(u.rank ?? ''),
      String(u.rankChange ?? ''),
      u.timeliness.rate === null ? '' : (u.timeliness.rate * 100).toFixed(1),
      ...BULLETIN_CATEGORIES.map((c) => String(u.counts[c])),
    ]);
  }
  // The month's adjustments below the ranking, after an empty line (China time).
  if (b.adjustments.length) {
    rows.push([], ['调整时间', '目标', '内容', '原因', '调整人']);
    for (const a of b.adjustments) rows.push([chinaTime(a.changedAt), `${a.target} ${a.title}`, what(a), a.reason, a.actorName ?? '']);
  }
  return (
    '\uFEFF' +
    rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n')
  );
}

/** 月度通报 for any month: as the plan stood at the month's end, with rank changes, 报送及时率, the month's adjustments and reminders, and open instructions. */
export function MonthlyBulletinPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const asked = params.get('month');
  const askedDay = params.get('asOf');
  const day = askedDay && /^\d{4}-\d{2}-\d{2}$/.test(askedDay) ? askedDay : undefined;
  // No month asked: the server's default (last month by the server's clock, which a demo run
  // moves with DEMO_TODAY), not one worked out from this browser's clock.
  const chosen = day?.slice(0, 7) ?? (asked && MONTH.test(asked) ? asked : undefined);
  const q = useQuery({ queryKey: ['sv', 'bulletin', id, chosen, day], queryFn: () => svApi.bulletin(id, chosen, day) });
  const month = chosen ?? q.data?.month ?? '';
  const download = (b: MonthlyBulletin) => {
    const url = URL.createObjectURL(new Blob([csv(b, (a) => adjustmentWhat(t, lang, a, a.uom))], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${id}-${b.month}-通报.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section className="sv-bulletin" data-testid="monthly-bulletin">
      <div className="sv-bulletin-tools">
        <Link href={`/plans/${id}`}>← {id}</Link>
        <label>
          {t('svMonth')}{' '}
          <input
            type="month"
            value={month}
            onChange={(e) => e.target.value && setParams({ month: e.target.value })}
            data-testid="month-picker"
          />
        </label>
        <label>
          {t('svAsOfDay')}{' '}
          <input
            type="date"
            value={day ?? ''}
            onChange={(e) => setParams(e.target.value ? { asOf: e.target.value } : month ? { month } : {})}
            data-testid="day-picker"
          />
        </label>
        <button type="button" onClick={() => window.print()}>
          {t('svPrint')}
        </button>
        {q.data ? (
          <button type="button" onClick={() => download(q.data)}>
            {t('svExport')}
          </button>
        ) : null}
      </div>
      {q.isPending ? <Loading /> : null}
      {q.error ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : null}
      {q.data ? <Bulletin b={q.data} /> : null}
    </section>
  );
}

function Bulletin({ b }: { b: MonthlyBulletin }) {
  const { t, lang } = useI18n();
  const [y, m] = b.month.split('-');
  return (
    <article data-month={b.month}>
      <h2>{lang === 'en' ? `${t('svMonthly')} ${b.month}` : `${y}年${Number(m)}月${t('svMonthly')}`}</h2>
      <p className="sv-muted">
        {fill(t('svAsOf'), { date: b.asOf })} · {t('svTimeliness')} {timelinessText(t, b.timeliness)} ·{' '}
        {fill(t('svRemindersInMonth'), { n: b.reminders })} · <span data-testid="adjustment-count">{fill(t('svAdjustmentsInMonth'), { n: b.adjustments.length })}</span>
      </p>
      <div className="sv-counts" data-testid="bulletin-counts">
        {BULLETIN_CATEGORIES.map((c) => (
          <div key={c} data-category={c}>
            {t(`svCat_${c}` as MessageKey)}
            <strong data-testid={`count-${c}`}>{b.counts[c]}</strong>
          </div>
        ))}
      </div>
      <div className="sv-table-wrap">
        <table data-testid="bulletin-units">
          <thead>
            <tr>
              <th className="num">{t('svRank')}</th>
              <th>{t('svUnit')}</th>
              <th className="num">{t('svCompletion')}</th>
              <th className="num">{t('svRankChange')}</th>
              <th className="num">{t('svTimeliness')}</th>
              {BULLETIN_CATEGORIES.map((c) => (
                <th key={c} className="num">
                  {t(`svCat_${c}` as MessageKey)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {b.units.map((u) => (
              <tr key={u.code} data-unit={u.code}>
                <td className="num">{u.rank ?? '—'}</td>
                <td>{u.name}</td>
                <td className="num">{formatPct(u.pct)}</td>
                <td className="num">{rankArrow(u.rankChange)}</td>
                <td className="num" data-testid="unit-timeliness">
                  {timelinessText(t, u.timeliness)}
                </td>
                {BULLETIN_CATEGORIES.map((c) => (
                  <td key={c} className="num">
                    {u.counts[c]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {BULLETIN_CATEGORIES.filter((c) => c !== 'on_pace').map((c) => {
        const ts = b.targets.filter((x) => x.category === c);
        return ts.length ? (
          <section key={c}>
            <h3>
              {t(`svCat_${c}` as MessageKey)}
              {fill(t('uiParen'), { x: ts.length })}
            </h3>
            <ul>
              {ts.map((x) => (
                <li key={x.code}>
                  {x.title}
                  {fill(t('uiParen'), { x: formatPct(x.pct) })}
                </li>
              ))}
            </ul>
          </section>
        ) : null;
      })}
      {b.adjustments.length ? (
        <section>
          <h3>
            {t('svAdjustments')}
            {fill(t('uiParen'), { x: b.adjustments.length })}
          </h3>
          <div className="sv-table-wrap">
            <table data-testid="bulletin-adjustments" className="sv-adjustments">
              <thead>
                <tr>
                  <th>{t('paHistoryWhen')}</th>
                  <th>{t('svAdjTarget')}</th>
                  <th>{t('paHistoryWhat')}</th>
                  <th>{t('paHistoryWhy')}</th>
                  <th>{t('paHistoryWho')}</th>
                </tr>
              </thead>
              <tbody>
                {b.adjustments.map((a) => (
                  <tr key={a.id} data-testid="adjustment-row" data-target={a.target} data-field={a.field}>
                    <td className="sv-nowrap">{chinaTime(a.changedAt)}</td>
                    <td>{a.title}</td>
                    <td>
                      <KeepDates text={adjustmentWhat(t, lang, a, a.uom)} />
                    </td>
                    <td>
                      <KeepDates text={a.reason} />
                    </td>
                    <td className="sv-nowrap">{a.actorName ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {b.openInstructions.length ? (
        <section>
          <h3>{t('svOpenInstructions')}</h3>
          <ul>
            {b.openInstructions.map((i) => (
              <li key={i.id}>
                {fill(t('uiLabelled'), { label: i.target ?? i.unit, body: i.body })}
                {fill(t('uiParen'), { x: fill(t('svInstructionAge'), { n: i.ageDays }) })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
