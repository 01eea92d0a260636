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
