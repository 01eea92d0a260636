import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Debian's chromium, never a downloaded browser. Flags keep it off the (closed) network. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.MANYI_CHROMIUM ?? '/usr/bin/chromium'
  if (!existsSync(executablePath))
    throw new Error(`No chromium at ${executablePath}: apt-get install chromium (see .ci/run).`)
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

let workerBrowser: Promise<Browser> | undefined

/**
 * One Chromium for every spec file a test worker runs: the worker keeps its modules from one file
 * to the next (vitest.config.ts, isolate: false), so this survives too. Spec files share nothing
 * through it but the process: each works in browser contexts of its own, which the harness closes
 * after the file. Playwright stops the browser when the worker process exits.
 */
export function workerChromium(): Promise<Browser> {
  if (workerBrowser === undefined) {
    const launching = launchBrowser()
    workerBrowser = launching
    launching.then(
      (browser) =>
        browser.on('disconnected', () => {
          if (workerBrowser === launching) workerBrowser = undefined
        }),
      () => {
        if (workerBrowser === launching) workerBrowser = undefined
      },
    )
  }
  return workerBrowser
}
