export * from './measures';
export * from './decimal';
export * from './bounds';
export * from './accept';
