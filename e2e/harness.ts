import { mkdirSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { workerChromium } from './browser.js'
import { startTestServer, type RunningServer, type TestServerOptions } from './server.js'

export interface E2eHarness {
  server: RunningServer
  browser: Browser
}

/**
 * One real server per spec file, started before and stopped after its tests, and the worker's
 * Chromium (browser.ts): launching one per file cost a second or more of each file's time, and the
 * file's own browser contexts, closed after it, keep its cookies and pages apart from other files'.
 */
export function useE2eHarness(
  configOverrides: Record<string, unknown> = {},
  serverOptions: () => Promise<TestServerOptions> = async () => ({}),
): E2eHarness {
  const harness = {} as E2eHarness
  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true })
    harness.server = await startTestServer(configOverrides, await serverOptions())
    harness.browser = await workerChromium()
  })
  afterAll(async () => {
    if (harness.browser?.isConnected())
      await Promise.all(harness.browser.contexts().map((context) => context.close()))
    await harness.server?.stop()
  })
  return harness
}
