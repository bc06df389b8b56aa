/**
 * Where a device crash can strike, declared once: `now`, or armed to strike at the next such moment
 * of the sync round (right after a push leaves, or when a pull answer arrives before it is applied).
 * The schedule schema, the workload generator, the process model and the simulator derive from it.
 */
// @ts-nocheck

export const CRASH_POINTS = ['now', 'after-push-sent', 'before-pull-apply'] as const;

export type CrashPoint = (typeof CRASH_POINTS)[number];

/** The points a crash is armed for (everything but `now`). */
export type ArmedCrashPoint = Exclude<CrashPoint, 'now'>;
