export * from './schema';
export { createDb } from './connect';
export { migrateToLatest } from './migrate';
export * from './accounts-schema';
export * from './supervision-schema';
