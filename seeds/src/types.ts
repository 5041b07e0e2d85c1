import type { Plan, PlanSection, Target, Unit } from '@luoshi/shared';

/** A plan as seeded: its sections and targets, all plain data. */
export interface SeedPlan {
  plan: Plan;
  sections: PlanSection[];
  targets: Target[];
}

export interface SeedData {
  units: Unit[];
  plans: SeedPlan[];
}
