export * from './types.ts';
export * from './step.ts';
export * from './pressure.ts';
export * from './split.ts';
export * from './waits.ts';
export * from './digest.ts';
