import { mkdirSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser } from './browser.js'
import { startTestServer, type RunningServer } from './server.js'

export interface E2eHarness {
  server: RunningServer
  browser: Browser
}

/** One real server and one Chromium per spec file, started before and stopped after its tests. */
export function useE2eHarness(configOverrides: Record<string, unknown> = {}): E2eHarness {
  const harness = {} as E2eHarness
  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true })
    harness.server = await startTestServer(configOverrides)
    harness.browser = await launchBrowser()
  })
  afterAll(async () => {
    await harness.browser?.close()
    await harness.server?.stop()
  })
  return harness
}
