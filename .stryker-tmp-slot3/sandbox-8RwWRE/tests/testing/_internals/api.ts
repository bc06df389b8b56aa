// @ts-nocheck
// The library API as the testing helpers see it, plus the strict option resolution the arbitraries must satisfy.
import { resolveSimOptions } from '../../../src/sim/options.ts';
export { runChecked, simOptionsSchema, profileSchema } from '../../../src/api/index.ts';
export const resolveOptionsForTest = (o: unknown) => resolveSimOptions(o, 'drawn options');
