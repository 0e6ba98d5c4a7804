export * from './compile.ts';
export type { MachineContext, MachineHooks } from './hooks.ts';
