import { useMemo } from 'react';
import { Area, ComposedChart, Line, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { fromDayNumber, type PlanOverview } from '@luoshi/shared';
import { burnupData } from '../../dashboard/burnup';
import { useI18n } from '../../i18n/i18n';
import { formatQuantity, readable } from '../../ui/format';
import { baselineNote, completionText, valueAxis } from '../../ui/progress';
import '../../ui/ui.css';
import { Live, pctText, StatusTag } from '../common';
import { useWallSeries } from '../data';
import { formatYmd } from '../../ui/dates';

/** "3月" / "Mar": the axis speaks the wall's language. */
const monthLabel = (ymd: string, lang: 'zh-CN' | 'en'): string =>
  lang === 'zh-CN' ? `${Number(ymd.slice(5, 7))}月` : formatYmd(ymd, 'en', false).split(' ')[1]!;

const C = { actual: '#4cc2ff', plan: '#c3cad6', forecast: '#ffb454', target: '#ff6b6b', grid: '#2a3445' };

/** One headline commitment: its number as large as the wall allows, and its burn-up against plan. */
export function TargetView({ overview, code }: { overview: PlanOverview; code: string }) {
  const { t, lang } = useI18n();
  const x = overview.targets.find((tt) => tt.code === code);
  const series = useWallSeries(x ? code : null);
  const data = useMemo(
    () => (x && series.data ? burnupData(x, series.data.points, overview.asOf, { expected: series.data.expected, forecast: series.data.forecast }) : null),
    [x, series.data, overview.asOf],
  );
  if (!x) return <div className="wl-center">{t('noTarget')}</div>;
  // Font sizes and line widths for the chart follow the screen height (SVG text does not take
  // vh). A portrait screen is zoomed by width ÷ height (WallPage) and the zoom shrinks strokes
  // too; innerHeight is the unzoomed height there, so both come out as drawn on a landscape
  // screen of the same short side: the actual line 4 px at 1080 px, the dashed ones 2 px.
  const fs = Math.max(14, Math.round(window.innerHeight * 0.022));
  const sw = Math.max(2, window.innerHeight / 270);
  const axis = valueAxis(x, data ? data.rows.flatMap((r) => [r.actual, r.plan, r.forecast]).filter((v): v is number => typeof v === 'number') : []);
  const base = baselineNote(x, t, lang);
  return (
    <div className="wl-target">
      <section className="wl-target-facts">
        <h2 className="wl-target-title">{x.title}</h2>
        <div className="wl-target-num">
          <Live value={x.value} testId="wall-target-value">
            {x.uom === '%' ? formatQuantity(x.value, x.uom, lang) : formatQuantity(x.value, '', lang).trim()}
          </Live>
          {x.uom === '%' ? null : <small>{x.uom}</small>}
        </div>
        <div className="wl-target-of">
          {base ?? `${t('wlTargetValue')} ${formatQuantity(x.targetValue, x.uom, lang)}`} · {t('wlDue')}{' '}
          {x.dueDate.slice(5).replace('-', '/')}
        </div>
        <div className="wl-target-pct" data-testid="wall-target-pct">
          {x.measureKind === 'ceiling' ? (
            <span>{completionText(x, t)}</span>
          ) : (
            <>
              {base ? <small className="wl-pct-label">{t('progress')} </small> : null}
              <Live value={x.pct}>{pctText(x.pct)}%</Live>
            </>
          )}
          <StatusTag status={x.status} />
        </div>
        {x.forecastDate ? (
          <div className="wl-target-aux">
            {t('wlForecast')} {x.forecastDate}
          </div>
        ) : null}
        {x.requiredRate !== null && x.pct < 100 ? (
          <div className="wl-target-aux">
            {t('wlRequired')} {formatQuantity(readable(x.requiredRate), x.uom, lang)}
          </div>
        ) : null}
      </section>
      <figure className="wl-chart" data-testid="wall-chart">
        {data ? (
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={data.rows} margin={{ top: fs, right: fs * 2, bottom: fs / 2, left: fs / 2 }}>
              <XAxis
                type="number"
                dataKey="day"
                domain={data.domain}
                ticks={data.ticks}
                tickFormatter={(d: number) => monthLabel(fromDayNumber(d), lang)}
                tick={{ fontSize: fs, fill: '#c3cad6' }}
                stroke={C.grid}
                interval="preserveStartEnd"
              />
              <YAxis
                tick={{ fontSize: fs, fill: '#c3cad6' }}
                width={fs * 5}
                stroke={C.grid}
                domain={axis}
                allowDataOverflow
                tickFormatter={(v: number) => formatQuantity(v, '', lang).trim()}
              />
              <ReferenceLine y={x.targetValue} stroke={C.target} strokeDasharray={`${sw * 2} ${sw * 1.5}`} strokeWidth={sw / 2} />
              <Line dataKey="plan" stroke={C.plan} strokeDasharray={`${sw * 1.5} ${sw * 1.5}`} strokeWidth={sw / 2} dot={false} isAnimationActive={false} connectNulls />
              <Area dataKey="actual" stroke={C.actual} fill={C.actual} fillOpacity={0.25} strokeWidth={sw} dot={false} isAnimationActive={false} connectNulls />
              <Line dataKey="forecast" stroke={C.forecast} strokeDasharray={`${sw} ${sw * 1.5}`} strokeWidth={sw * 0.75} dot={false} isAnimationActive={false} connectNulls />
            </ComposedChart>
          </ResponsiveContainer>
        ) : null}
        <figcaption className="wl-legend">
          <span style={{ color: C.actual }}>━ {t('wlActual')}</span>
          <span style={{ color: C.plan }}>┅ {t('wlPlan')}</span>
          <span style={{ color: C.forecast }}>┅ {t('wlForecast')}</span>
          <span style={{ color: C.target }}>┅ {t('wlTargetValue')}</span>
        </figcaption>
      </figure>
    </div>
  );
}
