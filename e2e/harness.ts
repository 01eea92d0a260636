import { mkdirSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, type RunnerTask as Task } from 'vitest'
import { workerChromium } from './browser.js'
import { startTestServer, type RunningServer, type TestServerOptions } from './server.js'

export interface E2eHarness {
  server: RunningServer
  browser: Browser
}

export interface E2eHarnessOptions {
  /**
   * Called before a retry that starts on a fresh server: empties what the spec's own stand-ins
   * (an SMTP server, a gateway) caught from the failed attempt's server.
   */
  beforeFreshRetry?: () => void
  /**
   * False for a spec that puts data on the server in a beforeAll of its own (a fresh server would
   * not have it): its first test's retry keeps the server, as a later test's does.
   */
  freshRetry?: boolean
}

/**
 * One real server per spec file, started before and stopped after its tests, and the worker's
 * Chromium (browser.ts): launching one per file cost a second or more of each file's time, and the
 * file's own browser contexts, closed after it, keep its cookies and pages apart from other files'.
 *
 * A failing test is tried once more (vitest.config.ts, retry). When it is the file's first test,
 * the retry gets a fresh server on a fresh store, its browser contexts closed and the stand-ins
 * emptied: it starts from what the first attempt started from, so the users, titles and counts
 * the failed attempt left behind cannot fail it (a full run's retries failed on exactly that). A
 * later test may build on what the tests before it made, so its retry keeps the server: such a
 * test makes what it needs under names of its own attempt.
 */
export function useE2eHarness(
  configOverrides: Record<string, unknown> = {},
  serverOptions: () => Promise<TestServerOptions> = async () => ({}),
  options: E2eHarnessOptions = {},
): E2eHarness {
  const harness = {} as E2eHarness
  const start = async () => {
    harness.server = await startTestServer(configOverrides, await serverOptions())
  }
  const closeContexts = async () => {
    if (harness.browser?.isConnected())
      await Promise.all(harness.browser.contexts().map((context) => context.close()))
  }
  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true })
    await start()
    harness.browser = await workerChromium()
  })
  beforeEach(async ({ task }) => {
    if ((task.result?.retryCount ?? 0) > 0) keepFailedAttempt(task)
    if (options.freshRetry === false) return
    if ((task.result?.retryCount ?? 0) === 0 || !isFirstTest(task)) return
    await closeContexts()
    await harness.server?.stop()
    options.beforeFreshRetry?.()
    await start()
  })
  afterAll(async () => {
    await closeContexts()
    await harness.server?.stop()
  })
  return harness
}

/**
 * Before a retry: what failed the attempt before it, on stderr and in
 * test-results/retry-<spec>-<attempt>.txt. A test that passes on its retry is reported as passed,
 * and its first attempt's error was otherwise lost (plans-findings and case-page passed only on
 * their retries in a full run, with nothing left to say why).
 */
function keepFailedAttempt(task: Task): void {
  const attempt = task.result?.retryCount ?? 0
  const errors = (task.result?.errors ?? []).map((e) =>
    [e.message ?? String(e), e.stack ?? ''].filter(Boolean).join('\n'),
  )
  const text = `${task.file.name} › ${task.name}: attempt ${attempt} failed\n\n${errors.join('\n\n')}\n`
  writeFileSync(`test-results/retry-${basename(task.file.name, '.spec.ts')}-${attempt}.txt`, text)
  console.error(`[e2e] retrying ${task.name}: ${errors[0]?.split('\n')[0] ?? 'no error recorded'}`)
}

/** Whether `task` is the first test its file runs (nothing ran before it on the file's server). */
function isFirstTest(task: Task): boolean {
  return firstTestOf(task.file) === task
}

function firstTestOf(task: Task): Task | undefined {
  if (task.type === 'test') return task.mode === 'run' || task.mode === 'only' ? task : undefined
  if (task.type !== 'suite') return undefined
  for (const child of task.tasks) {
    const first = firstTestOf(child)
    if (first) return first
  }
  return undefined
}
