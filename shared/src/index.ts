export * from './schema/index.ts';
export * from './time/index.ts';
export * from './conditions/index.ts';
export * from './compile/index.ts';
export * from './engine/index.ts';
export * from './simulate/index.ts';
export * from './templates/index.ts';
export * from './validate/index.ts';
