export * from './types';
export * from './diagnostic';
export * from './frame';
export * from './search';
