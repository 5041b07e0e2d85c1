export * from './schema';
export { createDb } from './connect';
export { migrateToLatest } from './migrate';
