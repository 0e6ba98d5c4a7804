export * from './compare.ts';
export * from './evaluate.ts';
export * from './timing.ts';
export * from './describe.ts';
