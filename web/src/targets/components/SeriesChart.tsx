import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SeriesPoint } from '@luoshi/shared';
import { formatQuantity } from '../../ui/format';

interface Props {
  /** Ordered by date; the last point is the current value. */
  points: SeriesPoint[];
  targetValue: number;
  uom: string;
}

/** The actual series against the target line. Pace and forecast lines arrive with the dashboard work. */
export function SeriesChart({ points, targetValue, uom }: Props) {
  return (
    <div className="chart" data-testid="series-chart" data-last-value={points.at(-1)?.value}>
      <ResponsiveContainer width="100%" height={280}>
        <AreaChart data={points} margin={{ top: 16, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ec" />
          <XAxis dataKey="date" tick={{ fontSize: 12 }} minTickGap={24} />
          <YAxis tick={{ fontSize: 12 }} width={72} tickFormatter={(v: number) => formatQuantity(v, '').trim()} domain={[0, (max: number) => Math.max(max, targetValue)]} />
          <Tooltip formatter={(v) => formatQuantity(Number(v), uom)} />
          <ReferenceLine y={targetValue} stroke="#c0392b" strokeDasharray="6 4" label={{ value: formatQuantity(targetValue, uom), position: 'insideTopRight', fontSize: 12 }} />
          <Area type="stepAfter" dataKey="value" stroke="#1f5fbf" fill="#1f5fbf33" isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
