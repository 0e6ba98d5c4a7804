export * from './definition.ts';
export * from './schedule.ts';
export * from './api.ts';
export * from './start.ts';
export * from './message.ts';
export * from './volume.ts';
