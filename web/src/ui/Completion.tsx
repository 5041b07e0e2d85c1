import type { TargetState } from '@luoshi/shared';
import './ui.css';
import { useI18n } from '../i18n/i18n';
import { completionText, markWords, progressMark } from './progress';

type Of = Pick<TargetState, 'measureKind' | 'baseline' | 'targetValue' | 'value' | 'pct' | 'uom'>;

/**
 * A target's completion as read: "76.0%" (with 超额完成 from 120%), or a ceiling's verdict
 * "未超限" / "超限". `data-mark` lets tests and styles find the verdict without the words.
 */
export function Completion({ x, testId }: { x: Of; testId?: string }) {
  const { t } = useI18n();
  const mark = progressMark(x);
  const ceiling = x.measureKind === 'ceiling';
  return (
    <span className="completion" data-mark={mark ?? undefined}>
      <span data-testid={testId} className={mark === 'breached' ? 'verdict-bad' : undefined}>
        {completionText(x, t)}
      </span>
      {!ceiling && mark === 'over' ? <span className="mark-over small">{markWords(mark, t)}</span> : null}
    </span>
  );
}
