// @ts-nocheck
// The vitest configuration of mutation testing only (stryker.config.json names it): one test file,
// exploration alone (tests/mutation/explore-as-test.mutation.ts). npm test uses vite.config.ts, whose
// include (`*.spec.ts`) never matches it.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: '.',
    include: ['tests/mutation/**/*.mutation.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
