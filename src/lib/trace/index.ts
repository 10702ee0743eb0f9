export * from './types';
export * from './diagnostic';
export * from './frame';
export * from './search';
export * from './time';
export * from './cause';
export * from './masters';
export * from './explain-failover';
