import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A browser waits on the server, which on a shared CI machine can take seconds for a write
    // that wakes the background jobs; the default 1 s of expect.poll made journeys flaky.
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
})
