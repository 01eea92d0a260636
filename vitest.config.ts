import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // web/: the admin app's pure logic (e.g. how errors are worded), no DOM needed.
    include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'],
    // Migrates one SQLite file and one PostgreSQL schema per run (test stores are copies of them);
    // makes the run's directory for compiled CLI builds.
    globalSetup: ['src/db/test-templates.ts', 'src/cli/test-build-dir.ts'],
    // Storage suites share one PostgreSQL server; each uses its own schema, but
    // keeping files sequential avoids fighting over the 2 cores.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
