export * from './types.ts';
export * from './defaults.ts';
export * from './simulate.ts';
export * from './testcase.ts';
export * from './campaign-timing.ts';
