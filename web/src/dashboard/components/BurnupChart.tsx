import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { dayNumber, fromDayNumber, type MeasureKind } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { formatQuantity, readable } from '../../ui/format';
import { valueAxis } from '../../ui/progress';
import { fitTicks, fitToPlot, monthLabelWidth, type Burnup } from '../burnup';
import { formatYmd } from '../../ui/dates';

interface Props {
  data: Burnup;
  dueDate: string;
  targetValue: number;
  /** A reading's axis fits its baseline–target range (see valueAxis). */
  baseline: number;
  measureKind: MeasureKind;
  uom: string;
  asOf: string;
  /** Days on which the target was adjusted (调整, issue 16): marked on the chart. */
  adjustments?: readonly string[];
}

const COLORS = { actual: '#1f5fbf', plan: '#5b6675', forecast: '#b35c00', target: '#b42318' };

/** The figure's height as it always was: the plot and its legend below it. */
const HEIGHT = 300;
const LEGEND = 22;
const MARGIN = { top: 20, right: 16, bottom: 4, left: 4 };
const Y_AXIS = 64;
const X_AXIS = 30;
/** The gap Recharts kept between month labels (its minTickGap). */
const MIN_TICK_GAP = 8;

/**
 * The figure's width, read before the first paint and again when it changes. Recharts'
 * ResponsiveContainer draws nothing until its ResizeObserver reports, a frame later, and then
 * draws again; here the chart's first render already has its size (issue 18.9).
 */
function useWidth(): [React.RefObject<HTMLElement | null>, number] {
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** Recharts' "line" legend icon (a line through a ring), in a legend of our own below the plot. */
function LegendIcon({ color }: { color: string }) {
  return (
    <svg width="14" height="14" viewBox="0 0 32 32" aria-hidden="true">
      <path strokeWidth="4" fill="none" stroke={color} d="M0,16h10.67A5.33,5.33,0,1,1,21.33,16H32M21.33,16A5.33,5.33,0,1,1,10.67,16" />
    </svg>
  );
}

/** Burn-up: the actual series against the working-day plan line, the forecast to the due date and the target line. */
function BurnupChartImpl({ data, dueDate, targetValue, baseline, measureKind, uom, asOf, adjustments = [] }: Props) {
  const { t, lang } = useI18n();
  const [ref, width] = useWidth();
  const month = (d: number): string => {
    const ymd = fromDayNumber(d);
    const m = Number(ymd.slice(5, 7));
    return lang === 'zh-CN' ? `${m}月` : formatYmd(ymd, 'en', false).split(' ')[1]!;
  };
  const last = useMemo(() => [...data.rows].reverse().find((r) => r.actual !== undefined), [data]);
  const axis = useMemo(() => {
    const shown = data.rows.flatMap((r) => [r.actual, r.plan, r.forecast]).filter((v): v is number => typeof v === 'number');
    return valueAxis({ measureKind, baseline, targetValue, uom, value: last?.actual ?? baseline, pct: 0 }, shown);
  }, [data, measureKind, baseline, targetValue, uom, last]);
  const plotWidth = Math.max(1, width - MARGIN.left - MARGIN.right - Y_AXIS);
  const plotHeight = HEIGHT - LEGEND - MARGIN.top - MARGIN.bottom - X_AXIS;
  // Rows the plot can show (burnup.ts fitToPlot), and month ticks that fit side by side: both
  // worked out here rather than by Recharts measuring every label in the page (a forced layout each).
  const rows = useMemo(() => fitToPlot(data, { width: plotWidth, height: plotHeight, yDomain: axis }).rows, [data, plotWidth, plotHeight, axis]);
  const ticks = useMemo(() => {
    const [x0, x1] = data.domain;
    const x = (d: number): number => ((d - x0) / Math.max(1, x1 - x0)) * plotWidth;
    return fitTicks(data.ticks, x, (d) => monthLabelWidth(month(d)), plotWidth, MIN_TICK_GAP); // `month` follows `lang`
  }, [data, plotWidth, lang]);
  // In the order Recharts' legend put them (its default sorts by name).
  const legend = [
    { name: t('tdChartActual'), color: COLORS.actual },
    { name: t('tdChartPlan'), color: COLORS.plan },
    { name: t('tdChartForecast'), color: COLORS.forecast },
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return (
    <figure
      ref={ref}
      className="chart"
      data-testid="series-chart"
      data-last-value={last?.actual}
      data-adjustments={adjustments.length}
      data-rows={rows.length}
      aria-label={t('tdChartLabel')}
    >
      {width > 0 ? (
        <ComposedChart width={width} height={HEIGHT - LEGEND} data={rows} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ec" />
          <XAxis
            type="number"
            dataKey="day"
            domain={data.domain}
            ticks={ticks}
            tickFormatter={month}
            tick={{ fontSize: 12, fill: '#4a5563' }}
            interval={0}
            height={X_AXIS}
          />
          <YAxis
            tick={{ fontSize: 12, fill: '#4a5563' }}
            width={Y_AXIS}
            domain={axis}
            interval={0}
            allowDataOverflow
            tickFormatter={(v: number) => formatQuantity(v, '', lang).trim()}
          />
          <Tooltip
            labelFormatter={(d) => formatYmd(fromDayNumber(Number(d)), lang)}
            formatter={(v, name) => [formatQuantity(readable(Number(v)), uom, lang), name]}
          />
          <ReferenceLine
            y={targetValue}
            stroke={COLORS.target}
            strokeDasharray="6 4"
            label={{
              value: `${t('tdChartTarget')} ${formatQuantity(targetValue, uom, lang)}`,
              position: 'insideTopLeft',
              fontSize: 12,
              fill: COLORS.target,
            }}
          />
          <ReferenceLine
            x={dayNumber(dueDate)}
            stroke={COLORS.target}
            label={{ value: t('due'), position: 'insideBottomRight', fontSize: 12, fill: COLORS.target }}
          />
          {[...new Set(adjustments)].map((day) => (
            <ReferenceLine
              key={`adj-${day}`}
              x={dayNumber(day)}
              stroke="#7a3fbf"
              strokeDasharray="3 3"
              className="adjustment-mark"
              label={{ value: t('paChartAdjusted'), position: 'insideTopRight', fontSize: 12, fill: '#7a3fbf' }}
            />
          ))}
          <ReferenceLine
            x={dayNumber(asOf)}
            stroke="#8a94a3"
            label={{ value: t('tdChartToday'), position: 'top', fontSize: 12, fill: '#4a5563' }}
          />
          <Area
            name={t('tdChartActual')}
            type="stepAfter"
            dataKey="actual"
            stroke={COLORS.actual}
            strokeWidth={2}
            fill="#1f5fbf26"
            connectNulls
            isAnimationActive={false}
          />
          <Line
            name={t('tdChartPlan')}
            type="linear"
            dataKey="plan"
            stroke={COLORS.plan}
            strokeDasharray="4 3"
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            name={t('tdChartForecast')}
            type="linear"
            dataKey="forecast"
            stroke={COLORS.forecast}
            strokeWidth={2}
            strokeDasharray="8 4"
            dot={{ r: 3 }}
            connectNulls
            isAnimationActive={false}
          />
        </ComposedChart>
      ) : (
        <div style={{ height: HEIGHT - LEGEND }} />
      )}
      <ul className="chart-legend">
        {legend.map((l) => (
          <li key={l.name} style={{ color: l.color }}>
            <LegendIcon color={l.color} />
            {l.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/**
 * Drawn again only when what it shows changes. The page re-renders as its other answers come in
 * (the overview, adjustments, instructions: on a slow link just after the chart is first drawn),
 * and each time Recharts redrew the whole chart, ~150–250 ms of a phone's main thread; the
 * adjustment days arrive as a new array of the same days.
 */
export const BurnupChart = memo(
  BurnupChartImpl,
  (a, b) =>
    a.data === b.data &&
    a.dueDate === b.dueDate &&
    a.targetValue === b.targetValue &&
    a.baseline === b.baseline &&
    a.measureKind === b.measureKind &&
    a.uom === b.uom &&
    a.asOf === b.asOf &&
    (a.adjustments ?? []).join() === (b.adjustments ?? []).join(),
);
