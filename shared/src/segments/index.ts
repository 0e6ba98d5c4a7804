export * from './definition.ts';
export * from './entry.ts';
export * from './estimate.ts';
export * from './membership.ts';
export * from './api.ts';
export * from './upkeep.ts';
