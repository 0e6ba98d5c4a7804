export * from './primitives.ts';
export * from './conditions.ts';
export * from './nodes.ts';
export * from './catalogue.ts';
export * from './testcase.ts';
export * from './scenario.ts';
export * from './json-schema.ts';
export * from './meta.ts';
