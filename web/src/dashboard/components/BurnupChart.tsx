import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { dayNumber, fromDayNumber, type MeasureKind } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { formatQuantity, readable } from '../../ui/format';
import { valueAxis } from '../../ui/progress';
import type { Burnup } from '../burnup';
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

/** Burn-up: the actual series against the working-day plan line, the forecast to the due date and the target line. */
export function BurnupChart({ data, dueDate, targetValue, baseline, measureKind, uom, asOf, adjustments = [] }: Props) {
  const { t, lang } = useI18n();
  const month = (d: number): string => {
    const ymd = fromDayNumber(d);
    const m = Number(ymd.slice(5, 7));
    return lang === 'zh-CN' ? `${m}月` : formatYmd(ymd, 'en', false).split(' ')[1]!;
  };
  const last = [...data.rows].reverse().find((r) => r.actual !== undefined);
  const shown = data.rows.flatMap((r) => [r.actual, r.plan, r.forecast]).filter((v): v is number => typeof v === 'number');
  const axis = valueAxis({ measureKind, baseline, targetValue, uom, value: last?.actual ?? baseline, pct: 0 }, shown);
  return (
    <figure className="chart" data-testid="series-chart" data-last-value={last?.actual} data-adjustments={adjustments.length} aria-label={t('tdChartLabel')}>
      <ResponsiveContainer width="100%" height={300}>
        <ComposedChart data={data.rows} margin={{ top: 20, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ec" />
          <XAxis
            type="number"
            dataKey="day"
            domain={data.domain}
            ticks={data.ticks}
            tickFormatter={month}
            tick={{ fontSize: 12, fill: '#4a5563' }}
            interval="preserveStartEnd"
            minTickGap={8}
          />
          <YAxis
            tick={{ fontSize: 12, fill: '#4a5563' }}
            width={64}
            domain={axis}
            allowDataOverflow
            tickFormatter={(v: number) => formatQuantity(v, '', lang).trim()}
          />
          <Tooltip
            labelFormatter={(d) => formatYmd(fromDayNumber(Number(d)), lang)}
            formatter={(v, name) => [formatQuantity(readable(Number(v)), uom, lang), name]}
          />
          <Legend wrapperStyle={{ fontSize: 13 }} />
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
      </ResponsiveContainer>
    </figure>
  );
}
