/** The simulator's public surface. */
// @ts-nocheck

export { simulate, simulateAsync, AsyncEngineError } from './run.ts';
export type { SimulateInput, SimResult } from './run.ts';
export { simOptionsSchema, resolveSimOptions, OptionsError, DEFAULT_SIM_OPTIONS } from './options.ts';
export type { SimOptions, SimOptionsInput } from './options.ts';
export { generateSchedule, journalEntry } from './workload.ts';
export { deviceIds } from './schedule.ts';
export type { Schedule, ScheduleEvent, ScheduleAction } from './schedule.ts';
export type * from '../trace/events.ts';
