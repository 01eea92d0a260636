import { defineConfig } from 'vitest/config'

/**
 * Test files that start and kill processes, race instances against each other or bound how long
 * something takes. They run one at a time after the rest, so that no other test file competes with
 * them for the machine's cores while they measure or race.
 */
const ALONE = [
  'src/cli/cli.test.ts',
  // Backups and upgrades of old schemas ran here once because Kysely's catalogue read failed when
  // another file dropped its schema meanwhile; the store's introspector now reads its own schema
  // only (src/db/schema-bound-introspector.ts), and they run beside the other files.
  'src/server/built-server.test.ts',
  'src/server/routes/scale-out.test.ts',
  'src/server/security/import-limits.test.ts',
  'src/server/security/job-takeover.test.ts',
  'src/server/security/kill9-durability.test.ts',
  'src/server/security/last-admin-race.test.ts',
  'src/server/security/login-lockout-dos.test.ts',
  'src/jobs/job-lease.test.ts',
  'src/jobs/leased-sweeps.test.ts',
  'src/tabular/read-table.test.ts',
]

const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
}

export default defineConfig({
  test: {
    // Migrates one SQLite file and one PostgreSQL schema per run (test stores are copies of them);
    // makes the run's directory for compiled CLI builds.
    globalSetup: ['src/db/test-templates.ts', 'src/cli/test-build-dir.ts'],
    // Before each test file: what a worker's modules remember from the previous file is reset.
    setupFiles: ['src/test-file-setup.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          // web/: the admin app's pure logic (e.g. how errors are worded), no DOM needed.
          include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: ALONE,
          // Every test store is its own SQLite file or PostgreSQL schema, so files run side by side,
          // one per core.
          maxWorkers: 2,
          // A worker keeps its imported modules from one file to the next. Importing the server's
          // module graph afresh for every file cost more CPU than the tests themselves (14 route
          // test files: 117 CPU-seconds isolated, 47 not). No test mocks modules or fakes timers, and
          // module-level state is limited to caches of pure results.
          isolate: false,
          ...shared,
        },
      },
      {
        test: {
          name: 'alone',
          include: ALONE,
          fileParallelism: false,
          // After the side-by-side files have finished.
          sequence: { groupOrder: 1 },
          ...shared,
        },
      },
    ],
  },
})
