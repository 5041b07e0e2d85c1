import { useMemo } from 'react';
import { Link } from 'wouter';
import { useI18n } from '../../i18n/i18n';
import { ErrorState, Loading } from '../../ui/States';
import { KeepDates } from '../../ui/KeepDates';
import { bulletin } from '../bulletin';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { useOverview } from '../hooks/useOverview';
import '../dashboard.css';
import '../bulletin.css';

/**
 * 月度通报: an A4 document in Chinese generated from the same overview as the dashboard.
 * It stays Chinese when the UI is in English: it is an official document for Chinese readers.
 */
export function BulletinPage({ id }: { id: string }) {
  const { t } = useI18n();
  const overview = useOverview(id);
  useDocumentTitle(overview.data ? `${overview.data.plan.title} 月度通报` : null);
  const b = useMemo(() => (overview.data ? bulletin(overview.data) : null), [overview.data]);
  if (overview.isPending) return <Loading />;
  if (overview.isError) return <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />;
  if (!b) return null;
  return (
    <>
      <div className="toolbar no-print">
        <Link href={`/plans/${encodeURIComponent(id)}`}>← {t('buBack')}</Link>
        <button type="button" onClick={() => window.print()}>
          {t('buPrint')}
        </button>
      </div>
      <article className="bulletin" lang="zh-CN" data-testid="bulletin">
        <p className="bu-kicker">工作计划执行情况月度通报</p>
        <h1>{b.title}</h1>
        <p className="bu-date">{b.dateLine}</p>

        <h2>一、总体情况</h2>
        <p data-testid="bulletin-summary">{b.summary}</p>

        <h2>二、“时间过半、任务过半”情况</h2>
        <p>{b.halfway}</p>

        {b.sections.length > 0 ? (
          <>
            <h2>三、分板块推进情况</h2>
            <ul className="bu-sections">
              {b.sections.map((s) => (
                <li key={s.name}>
                  <strong>{s.name}</strong>
                  {t('uiColon')}
                  {s.text}
                </li>
              ))}
            </ul>
          </>
        ) : null}

        <h2>四、滞后事项</h2>
        {b.laggards.length === 0 ? (
          <p>本期无进度滞后、存在风险、逾期或未按时报送的事项。</p>
        ) : (
          <table className="bu-table" data-testid="bulletin-laggards">
            <thead>
              <tr>
                <th scope="col">序号</th>
                <th scope="col">事项</th>
                <th scope="col">责任部门</th>
                <th scope="col">状态</th>
                <th scope="col">进度情况</th>
              </tr>
            </thead>
            <tbody>
              {b.laggards.map((l, i) => (
                <tr key={l.code}>
                  <td className="num">{i + 1}</td>
                  <td>{l.title}</td>
                  <td>{l.unit}</td>
                  <td className="bu-status">{l.status}</td>
                  <td>
                    <KeepDates text={l.text} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <h2>五、各部门完成情况</h2>
        {/* On a phone the figure headers break where the words do (加权 / 完成率, <wbr>), so the
            department names keep their line (bulletin.css .bu-ranking). */}
        <table className="bu-table bu-ranking" data-testid="bulletin-ranking">
          <thead>
            <tr>
              <th scope="col">名次</th>
              <th scope="col">责任部门</th>
              <th scope="col">
                加权
                <wbr />
                完成率
              </th>
              <th scope="col">
                报送
                <wbr />
                及时率
              </th>
              <th scope="col">
                需关注
                <wbr />
                事项
              </th>
            </tr>
          </thead>
          <tbody>
            {b.units.map((u, i) => (
              <tr key={u.name}>
                <td className="num">{i + 1}</td>
                <td>{u.name}</td>
                <td className="num">{u.pct}</td>
                <td className="num">{u.timeliness}</td>
                <td className="num">{u.lagging}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <h2>六、下步要求</h2>
        <ol className="bu-plain">
          {b.requirements.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ol>
      </article>
    </>
  );
}
