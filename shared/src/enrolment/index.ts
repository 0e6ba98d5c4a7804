export * from './reentry.ts';
export * from './dates.ts';
export * from './journeys.ts';
export * from './merge.ts';
export * from './retrigger.ts';
