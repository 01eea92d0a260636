import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { connectStore } from '../src/db/connect.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { type StoreTemplates, TEMPLATES_ENV, testFileDir } from '../src/db/test-store.js'

/** Where the run's shared files are (demo-store.ts makes the demo store there on first need). */
export const E2E_SHARED_DIR_ENV = 'MANYI_E2E_SHARED_DIR'

/**
 * Global setup of the browser specs (e2e/vitest.config.ts): one migrated SQLite file per run, which
 * each spec's store starts as a copy of (test-store.ts) instead of running every migration again, as
 * src/db/test-templates.ts does for the unit tests, without its PostgreSQL template (browser specs
 * run on SQLite only); and the run's shared directory.
 */
export default async function setup(): Promise<() => void> {
  const dir = mkdtempSync(join(testFileDir(), 'manyi-e2e-run-'))
  const sqliteFile = join(dir, 'template.db')
  const sqlite = connectStore({ url: `sqlite:${sqliteFile}` })
  try {
    await migrateToLatest(sqlite)
  } finally {
    // Closing the last connection checkpoints the WAL, so the file alone holds everything.
    await sqlite.close()
  }
  const templates: StoreTemplates = { sqliteFile }
  process.env[TEMPLATES_ENV] = JSON.stringify(templates)
  process.env[E2E_SHARED_DIR_ENV] = dir
  return () => rmSync(dir, { recursive: true, force: true })
}
