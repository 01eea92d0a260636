import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { bootstrapFirstAdmin } from '../../auth/bootstrap.js'
import { connectStore, type Store } from '../../db/connect.js'
import { createTestStore, testFileDir } from '../../db/test-store.js'
import { runManyi } from '../test-cli.js'

let store: Store
let dir = ''

beforeAll(async () => {
  store = await createTestStore('sqlite')
  await bootstrapFirstAdmin(store.db, 'admin@cli-backup.test', 'cli-backup-password', 1_000)
  dir = mkdtempSync(join(testFileDir(), 'manyi-cli-backup-'))
})
afterAll(async () => {
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

const emailsIn = async (url: string) => {
  const opened = connectStore({ url })
  try {
    return (await opened.db.selectFrom('users').select('email').execute()).map((u) => u.email)
  } finally {
    await opened.close()
  }
}

it('manyi backup and manyi restore round-trip a SQLite store, refusing to overwrite data without --force', async () => {
  const file = join(dir, 'nightly.db')
  const target = `sqlite:${join(dir, 'new', 'place', 'restored.db')}`
  const backup = await runManyi(['backup', file, '--db', `sqlite:${store.sqliteHandle!.name}`])
  expect(backup.stderr).toBe('')
  expect(backup.code).toBe(0)
  expect(backup.stdout).toMatch(/^Backed up \d+ tables, \d+ rows \(schema at \d{4}-[a-z-]+\) to /)

  const restore = await runManyi(['restore', file, '--db', target])
  expect(restore.code).toBe(0)
  expect(restore.stdout).toMatch(/^Restored \d+ tables, \d+ rows/)
  expect(await emailsIn(target)).toEqual(['admin@cli-backup.test'])

  const again = await runManyi(['restore', file, '--db', target])
  expect(again.code).toBe(5)
  expect(again.stderr).toMatch(/^error RESTORE_TARGET_NOT_EMPTY: /)

  const forced = await runManyi(['restore', file, '--db', target, '--force'])
  expect(forced.code).toBe(0)
  expect(await emailsIn(target)).toEqual(['admin@cli-backup.test'])

  const missing = await runManyi(['restore', join(dir, 'none.db'), '--db', target])
  expect(missing.code).toBe(4)
  expect(missing.stderr).toMatch(/^error FILE_NOT_FOUND: /)
})

it('prints one JSON document with --json, and errors as JSON too', async () => {
  const file = join(dir, 'for-json.db')
  const made = await runManyi([
    'backup',
    file,
    '--db',
    `sqlite:${store.sqliteHandle!.name}`,
    '--json',
  ])
  expect(made.code).toBe(0)
  const summary = JSON.parse(made.stdout)
  expect(summary).toMatchObject({ file, migration: expect.stringMatching(/^\d{4}-/) })
  expect(summary.tables).toBeGreaterThan(10)
  const target = `sqlite:${join(dir, 'json-restored.db')}`
  const restored = await runManyi(['restore', file, '--db', target, '--json'])
  expect(JSON.parse(restored.stdout)).toEqual(summary)
  const refused = await runManyi(['restore', file, '--db', target, '--json'])
  expect(refused.code).toBe(5)
  expect(JSON.parse(refused.stdout).error.code).toBe('RESTORE_TARGET_NOT_EMPTY')
})
