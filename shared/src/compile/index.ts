export * from './compile.ts';
export type { MachineHooks } from './hooks.ts';
