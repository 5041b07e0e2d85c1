export * from './codes';
export * from './errors';
export * from './domain/types';
export * from './events/schema';
export * from './live/protocol';
export * from './api/types';
