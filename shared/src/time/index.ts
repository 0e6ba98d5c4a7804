export * from './duration.ts';
export * from './zoned.ts';
