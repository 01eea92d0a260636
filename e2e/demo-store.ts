import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { setPassword } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { usersWithEmails } from '../src/auth/team.service.js'
import { connectStore } from '../src/db/connect.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { type StoreTemplates, TEMPLATES_ENV, testFileDir } from '../src/db/test-store.js'
import { loadDemoData } from '../src/demo/demo.js'
import { E2E_SHARED_DIR_ENV } from './global-setup.js'
import { E2E_ORG_NAME, prepareE2eStore } from './server.js'

/** The demo's security administrator and auditor (等保 2.0: the audit log is the auditor's). */
export const DEMO_SECURITY = 'sun.demo@manyi.local'
export const DEMO_AUDITOR = 'zhou.demo@manyi.local'
export const DEMO_PASSWORD = 'every-page-password-1'

export interface DemoStore {
  /** A SQLite file with the demo loaded, for startTestServer's storeFrom. */
  file: string
  /** The demo's first survey. */
  surveyId: string
}

/** How long a spec waits for another worker's spec to finish loading the demo. */
const WAIT_FOR_OTHER_MS = 300_000

/**
 * The store the every-page specs start from: the e2e administrator and organisation (server.ts),
 * the demo of 3,000 answers, and passwords for the demo's security administrator and auditor.
 * Loading it took each spec that needed it seconds of its own, so it is made once per run, by the
 * first spec to ask, in the run's shared directory (global-setup.ts), and the others wait for it.
 */
export async function demoStore(): Promise<DemoStore> {
  const sharedDir = process.env[E2E_SHARED_DIR_ENV]
  // Run without the global setup: made for this spec alone.
  if (!sharedDir) return makeDemoStore(mkdtempSync(join(testFileDir(), 'manyi-e2e-demo-')))
  const ready = join(sharedDir, 'demo.json')
  const failed = join(sharedDir, 'demo.failed')
  let maker = false
  try {
    // mkdir is atomic: one spec makes the demo; the others wait for its demo.json.
    mkdirSync(join(sharedDir, 'demo.lock'))
    maker = true
  } catch {}
  if (maker) {
    try {
      const made = await makeDemoStore(join(sharedDir, 'demo-making'))
      writeFileSync(`${ready}.tmp`, JSON.stringify(made))
      renameSync(`${ready}.tmp`, ready)
      return made
    } catch (error) {
      writeFileSync(failed, String((error as Error).stack ?? error))
      throw error
    }
  }
  for (const start = Date.now(); Date.now() - start < WAIT_FOR_OTHER_MS; ) {
    if (existsSync(ready)) return JSON.parse(readFileSync(ready, 'utf8')) as DemoStore
    if (existsSync(failed))
      throw new Error(`Another spec failed to load the demo: ${readFileSync(failed, 'utf8')}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`The demo store was not ready in ${sharedDir} after ${WAIT_FOR_OTHER_MS} ms`)
}

async function makeDemoStore(dir: string): Promise<DemoStore> {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'demo.db')
  const template = (JSON.parse(process.env[TEMPLATES_ENV] ?? '{}') as StoreTemplates).sqliteFile
  if (template) copyFileSync(template, file)
  const store = connectStore({ url: `sqlite:${file}` })
  try {
    if (!template) await migrateToLatest(store)
    await prepareE2eStore(store, E2E_ORG_NAME)
    const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
    const demo = await loadDemoData(scope, { responses: 3_000 })
    for (const user of await usersWithEmails(scope, [DEMO_SECURITY, DEMO_AUDITOR]))
      await setPassword(store.db, user.id, DEMO_PASSWORD, user.email)
    return { file, surveyId: demo.surveys[0]!.id }
  } finally {
    // Closing the last connection checkpoints the WAL, so the file alone holds everything.
    await store.close()
  }
}
