export const DEFAULT_SIMULATION_START = '2026-01-05T08:00:00Z'; // a Monday morning in Europe
