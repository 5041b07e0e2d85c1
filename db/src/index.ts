export * from './schema';
export { createDb } from './connect';
export { migrateToLatest, pendingMigrations } from './migrate';
export * from './accounts-schema';
export * from './supervision-schema';
