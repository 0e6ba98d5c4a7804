export * from './mapping.ts';
export * from './row.ts';
export * from './schemas.ts';
