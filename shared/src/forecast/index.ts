export * from './forecast.ts';
export * from './entrants.ts';
