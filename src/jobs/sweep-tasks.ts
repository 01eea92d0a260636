import type { NamedJobTask } from './job-runner.js'

/** The lease (job_leases.name) under which an instance runs the whole background sweep. */
export const SWEEP_LEASE = 'sweep'

/**
 * Test only (MANYI_TEST_SWEEP_PAUSE_MS): a first task that holds every sweep
 * for `ms`, or until the sweep is aborted — so a test can stop or kill an
 * instance mid-sweep. Nothing when `ms` is 0, the default.
 */
export function pauseSweepForTests(ms: number): NamedJobTask[] {
  if (ms <= 0) return []
  return [
    {
      name: 'test-sweep-pause',
      run: (_now, signal) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(done, ms)
          signal.addEventListener('abort', done, { once: true })
          function done() {
            clearTimeout(timer)
            signal.removeEventListener('abort', done)
            resolve()
          }
        }),
    },
  ]
}
