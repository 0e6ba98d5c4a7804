export * from './proportions.ts';
export * from './arms.ts';
export * from './days.ts';
export * from './funnel.ts';
