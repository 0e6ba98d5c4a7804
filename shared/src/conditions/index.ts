export * from './compare.ts';
export * from './evaluate.ts';
