import { SCREEN_PROBLEMS, type ScreenProblem, type ScreenProblemParams } from '@luoshi/shared';
import type { MessageKey } from '../../i18n/messages';
import { fill } from '../../report/words';

type T = (key: MessageKey) => string;

/** The word for what a view shows one of (its parameter), in the page's language. */
const PARAM_WORD: Record<string, MessageKey> = { sectionId: 'scSection', unit: 'scUnit', target: 'scTarget' };

const isProblem = (x: unknown): x is ScreenProblem => typeof x === 'string' && (SCREEN_PROBLEMS as readonly string[]).includes(x);

/**
 * A screen refusal in the page's language: the shared check's (or the server's) problem code
 * and numbers filled into `scP_<problem>`. One owner each: the codes and numbers come from
 * shared/src/api/screens.ts, the words from screens/messages.ts. Null when the answer names
 * no problem we know (the caller shows the server's own sentence then).
 */
export function screenProblemText(t: T, problem: unknown, params: unknown): string | null {
  if (!isProblem(problem)) return null;
  const p: ScreenProblemParams = params && typeof params === 'object' ? (params as ScreenProblemParams) : {};
  const what = typeof p.param === 'string' && PARAM_WORD[p.param] ? t(PARAM_WORD[p.param]!) : '';
  return fill(t(`scP_${problem}`), { ...p, what });
}
