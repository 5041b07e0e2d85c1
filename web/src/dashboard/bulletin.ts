import type { PlanOverview, TargetState, TargetStatus } from '@luoshi/shared';
import { zh } from '../i18n/messages';
import { formatPct, formatQuantity, readable } from '../ui/format';
import { asOfYmd, formatYmd } from '../ui/dates';
import { laggingCount, leagueTable, sectionCards, unitNames } from './shape';
import { attentionList, statusLabel, STATUS_ORDER } from '../ui/status';

/** The 月度通报: Chinese official prose generated from the overview, so it never disagrees with the dashboard. */
export interface Bulletin {
  title: string;
  dateLine: string;
  summary: string;
  halfway: string;
  sections: { name: string; text: string }[];
  laggards: { code: string; title: string; unit: string; status: string; text: string }[];
  units: { name: string; pct: string; timeliness: string; lagging: number }[];
  requirements: string[];
}

const fmt = (t: TargetState, v: number): string => formatQuantity(readable(v), t.uom);
const pctText = (p: number | null): string => formatPct(p);

function countsText(counts: Record<TargetStatus, number>): string {
  const parts = STATUS_ORDER.filter((s) => counts[s] > 0).map((s) => `${zh[statusLabel[s]]}${counts[s]}项`);
  return parts.join('、');
}

function laggardText(t: TargetState): string {
  if (t.measureKind === 'ceiling') {
    const over = t.value > t.targetValue;
    return `当前${fmt(t, t.value)}，上限${fmt(t, t.targetValue)}${over ? '，已超出上限' : '，按近期增速到期将超出上限'}。`;
  }
  const bits = [`完成${fmt(t, t.value)}，目标${fmt(t, t.targetValue)}，完成率${pctText(t.pct)}`];
  if (t.status !== 'overdue' && t.expected !== t.value) bits.push(`按计划进度应完成${fmt(t, t.expected)}`);
  if (t.status === 'overdue') bits.push(`已于${formatYmd(t.dueDate, 'zh-CN', false)}到期`);
  else if (t.requiredRate !== null && t.requiredRate > 0) bits.push(`需每工作日完成${fmt(t, t.requiredRate)}`);
  if (t.status === 'stale')
    bits.push(
      t.lastOccurredAt ? `最近一次报送为${formatYmd(asOfYmd(t.lastOccurredAt), 'zh-CN', false)}` : '尚未报送进度',
    );
  return bits.join('；') + '。';
}

export function bulletin(o: PlanOverview): Bulletin {
  const day = asOfYmd(o.asOf);
  const [y, m] = day.split('-').map(Number) as [number, number];
  const names = unitNames(o.units);
  const unitName = (code: string): string => names.get(code) ?? code;
  const n = o.targets.length;
  const c = o.aggregate.statusCounts;
  const lag = attentionList(o.targets, o.attention);
  const flagged = o.targets.filter((t) => t.halfwayFlagged);
  const elapsed = o.periodElapsed * 100;
  const overall = o.aggregate.pct;

  const summary =
    `截至${formatYmd(day)}，${o.plan.title}共有目标任务${n}项，加权总体完成率${pctText(overall)}` +
    `，计划期（按工作日计）已过${formatPct(elapsed)}。` +
    (n > 0 ? `其中${countsText(c)}。` : '');

  let halfway: string;
  if (!o.halfway.applicable) halfway = `计划期尚未过半（已过${formatPct(elapsed)}），暂不作“时间过半、任务过半”判断。`;
  else {
    const met = overall !== null && overall >= elapsed;
    halfway =
      `计划期已过${formatPct(elapsed)}，总体完成率${pctText(overall)}，${met ? '总体进度与时间进度相符' : '总体进度落后于时间进度'}。` +
      (o.halfway.flagged > 0
        ? `时间过半而任务未过半的有${o.halfway.flagged}项：${flagged.map((t) => `${t.title}（${unitName(t.ownerUnit)}）`).join('；')}。`
        : '各项目标均已实现“时间过半、任务过半”。');
  }

  const sections = sectionCards(o).map(({ section, aggregate, targets }) => {
    const l = laggingCount(aggregate);
    return {
      name: `${section.label}${section.title}`,
      text:
        `目标任务${targets}项，加权完成率${pctText(aggregate.pct)}` +
        (l > 0 ? `，需关注${l}项。` : '，均按计划推进或已完成。'),
    };
  });

  const units = leagueTable(o.units).map((u) => ({
    name: u.name,
    pct: pctText(u.aggregate.pct),
    timeliness: formatPct(u.timeliness * 100),
    lagging: laggingCount(u.aggregate),
  }));

  const requirements: string[] = [];
  const lagUnits = [
    ...new Set(lag.filter((t) => t.status === 'behind' || t.status === 'at_risk').map((t) => unitName(t.ownerUnit))),
  ];
  if (lagUnits.length > 0)
    requirements.push(
      `${lagUnits.join('、')}要对进度滞后、存在风险的事项逐项分析原因，制定赶超措施，明确时间节点，确保按期完成。`,
    );
  const overdue = lag.filter((t) => t.status === 'overdue');
  if (overdue.length > 0)
    requirements.push(`已逾期的${overdue.length}项目标，责任部门要书面说明原因，提出完成时限，报街道党工委、办事处。`);
  const stale = lag.filter((t) => t.status === 'stale');
  if (stale.length > 0)
    requirements.push(
      `${[...new Set(stale.map((t) => unitName(t.ownerUnit)))].join('、')}有${stale.length}项目标未按时报送进度，请于3个工作日内补报。`,
    );
  if (o.halfway.applicable && o.halfway.flagged > 0)
    requirements.push(`对“时间过半、任务未过半”的${o.halfway.flagged}项目标，分管领导要牵头督办，每周跟踪进展。`);
  requirements.push('各部门要按规定周期如实报送进度，确保数据真实、准确、及时。');

  return {
    title: `${o.plan.title}执行情况通报`,
    dateLine: `（${y}年${m}月 · 数据截至${formatYmd(day)}）`,
    summary,
    halfway,
    sections,
    laggards: lag.map((t) => ({
      code: t.code,
      title: t.title,
      unit: unitName(t.ownerUnit),
      status: zh[statusLabel[t.status]],
      text: laggardText(t),
    })),
    units,
    requirements,
  };
}
