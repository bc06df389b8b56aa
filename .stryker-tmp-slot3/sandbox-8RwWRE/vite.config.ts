// @ts-nocheck
/// <reference types="vitest/config" />
// Vite builds the visualizer (root: visualizer/); the `test` block is the vitest configuration.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'visualizer',
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  test: {
    root: '.',
    include: ['tests/**/*.spec.ts'],
    // One fast-check seed for the whole suite (SYNC_LAB_FUZZ_SEED=random to explore new cases).
    setupFiles: ['tests/_internals/fast-check-seed.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
