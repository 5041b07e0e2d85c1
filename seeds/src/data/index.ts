import type { SeedData } from '../types';
import { units } from './units';
import { wanli } from './wanli';
import { wujiaochang } from './wujiaochang';
import { xinjiangwancheng } from './xinjiangwancheng';

/**
 * The demo seed: the 杨浦 unit tree and the three sub-districts' 2026 plans, mined from the
 * documents in /work/shared/seed-docs (each target cites its source phrase in a comment).
 *
 * Order matters for loaders that insert row by row: units list parents before children,
 * sections list parents before children, and ratio targets come after the targets they read.
 */
export const seedData: SeedData = {
  units,
  plans: [wujiaochang, xinjiangwancheng, wanli],
};

export { units, wujiaochang, xinjiangwancheng, wanli };
