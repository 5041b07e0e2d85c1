export type { SeedData, SeedPlan } from './types';
export { loadSeed } from './load';
export { seedData } from './data';
export { seedDataFor, seedPlanIds, SEED_YEAR } from './year';
