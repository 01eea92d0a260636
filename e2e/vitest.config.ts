import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    // Two spec files at a time: each starts its own server on its own SQLite file and its own
    // browser, and a browser journey spends most of its time waiting on pages, not computing.
    maxWorkers: 2,
    // A worker keeps the server's imported modules from one spec file to the next instead of
    // importing them again for each.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A browser waits on the server, which on a shared CI machine can take seconds for a write
    // that wakes the background jobs; the default 1 s of expect.poll made journeys flaky.
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
})
