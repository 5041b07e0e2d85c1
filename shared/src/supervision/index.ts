export * from './cycles';
export * from './owed';
export * from './asof';
export * from './categories';
export * from './compare';
export * from './api';
