import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { defineConfig } from 'vitest/config'

/** The spec files known to run longest: every page in both languages at two widths. */
const LONGEST = /\/e2e\/every-page-[^/]+\.spec\.ts$/

/**
 * Without timings of an earlier run (a fresh clone in CI), vitest starts the larger files first;
 * the every-page specs are small files that each run for minutes, and started last they kept one
 * worker busy long after the other had finished. They start first, the rest as vitest orders them.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const longest = (spec: TestSpecification) => LONGEST.test(spec.moduleId)
    return [...sorted.filter(longest), ...sorted.filter((spec) => !longest(spec))]
  }
}

export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    // One migrated SQLite file per run that every spec's store is a copy of, and the run's shared
    // directory, where the every-page specs' demo store is made once (demo-store.ts). And the
    // sources compiled once, as for the unit tests (src/cli/test-build-dir.ts): the specs' servers
    // run from source, and without it every file read (an import, a workbench upload) started a
    // table worker that compiled its TypeScript again: reading a three-line CSV took 3.8–13.5 s
    // against 1.9–5.6 s compiled on the shared two-core machine at load 26–36, and an employee
    // import slow like that is what employees.spec.ts's 30 s wait for its summary met in a full run.
    globalSetup: ['e2e/global-setup.ts', 'src/cli/test-build-dir.ts'],
    // Before each spec file, as for the unit tests: the id sequence starts again. A worker keeps
    // its modules from file to file, and ids dated by an earlier file's clock (plans-journey moves
    // its server a month on) dated every later file's ids in that worker ahead of its own clock.
    setupFiles: ['src/test-file-setup.ts'],
    sequence: { sequencer: LongestFirst },
    // Two spec files at a time: each starts its own server on its own SQLite file and opens its own
    // contexts in its worker's Chromium (browser.ts), and a browser journey spends most of its time
    // waiting on pages, not computing.
    maxWorkers: 2,
    // A worker keeps the server's imported modules from one spec file to the next instead of
    // importing them again for each.
    isolate: false,
    // One more try for a spec that fails: a full run of 72 browser specs on a shared 2-core
    // machine met three different one-off races (each spec passed alone, and each race is now
    // waited out in its spec). A second failure fails the run; vitest reports every retry. A file's
    // first test is retried on a fresh server, a later one on the same (harness.ts).
    retry: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A browser waits on the server, which on a shared CI machine can take seconds for a write
    // that wakes the background jobs; the default 1 s of expect.poll made journeys flaky.
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
})
