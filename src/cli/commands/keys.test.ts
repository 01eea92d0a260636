import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, expect, it } from 'vitest'
import { connectStore } from '../../db/connect.js'
import { migrateToLatest } from '../../db/migrate.js'
import { runManyi } from '../test-cli.js'

// `manyi keys …` on a database file, in-process: the key file beside it, plaintext sealed, a
// rotation. Sealing and rotation without loss are tested on both stores in
// src/personal-data/personal-data-sealing.test.ts.

const dir = mkdtempSync(join(tmpdir(), 'manyi-keys-cli-'))
const url = `sqlite:${join(dir, 'keys.db')}`
const env = { MANYI_DB_URL: url }
const manyi = (...args: string[]) => runManyi(args, env)
const NOW = Date.parse('2026-06-15T04:00:00Z')

afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('seals plaintext left from before, rotates to a new key, and never prints a key', async () => {
  const store = connectStore({ url })
  await migrateToLatest(store)
  await sql`insert into organisations (id, name, timezone, created_at)
    values ('o-1', 'A', 'Asia/Shanghai', ${NOW})`.execute(store.db)
  await sql`insert into feedback (id, org_id, channel, kind, customer_name, customer_phone, text,
    created_by, received_at, created_at) values ('f-1', 'o-1', 'hotline', 'complaint', '张三',
    '13812345678', '停电', 'test', ${NOW}, ${NOW})`.execute(store.db)
  // An opt-out stored before 0024: sealed, its key the blind index.
  await sql`insert into unsubscribes (org_id, address, created_at)
    values ('o-1', 'li.lei@example.com', ${NOW})`.execute(store.db)
  // A TOTP secret stored before sealing existed: sealed by encrypt-existing, moved by rotate.
  await sql`insert into mfa_totp (identity_id, secret, created_at)
    values ('i-1', 'KRSXG5CTMVRXEZLU', ${NOW})`.execute(store.db)
  await store.close()

  const status = await manyi('keys', 'status')
  expect(status.code).toBe(0)
  const keyFile = join(dir, 'manyi-data.keys')
  const firstKey = readFileSync(keyFile, 'utf8').trim()
  const firstId = firstKey.split(':')[0]!
  expect(status.stdout).toContain(
    `current key ${firstId}; 1 key(s); records wait to be sealed (feedback 1, unsubscribes 1)`,
  )

  const sealed = await manyi('keys', 'encrypt-existing')
  expect(sealed.stdout).toContain(
    'sealed under the current key: 1 feedback records, 0 contacts, 1 unsubscribed addresses, 0 answers, 0 drafts, 1 sign-in secrets',
  )
  const rotated = await manyi('keys', 'rotate')
  expect(rotated.code).toBe(0)
  const lines = readFileSync(keyFile, 'utf8').trim().split('\n')
  expect(lines).toHaveLength(2)
  expect(lines[1]).toBe(firstKey)
  const newId = lines[0]!.split(':')[0]!
  expect(rotated.stdout).toContain(`new current key ${newId} saved to ${keyFile}`)
  expect(rotated.stdout).toContain(
    '1 feedback records, 0 contacts, 1 unsubscribed addresses, 0 answers, 0 drafts, 1 sign-in secrets',
  )
  for (const run of [status, sealed, rotated]) {
    for (const line of lines) expect(run.stdout + run.stderr).not.toContain(line.split(':')[1])
  }

  const after = connectStore({ url })
  const row = await sql<Record<string, string | null>>`select customer_name, customer_phone,
    customer_name_sealed, customer_phone_sealed from feedback`.execute(after.db)
  expect(row.rows[0]!.customer_name).toBeNull()
  expect(row.rows[0]!.customer_phone).toBeNull()
  expect(row.rows[0]!.customer_phone_sealed!.startsWith(`pd1:${newId}:`)).toBe(true)
  const optOut = await sql<Record<string, string | null>>`select address, address_sealed
    from unsubscribes`.execute(after.db)
  expect(optOut.rows[0]!.address!.startsWith(`${newId}:`)).toBe(true)
  expect(optOut.rows[0]!.address_sealed!.startsWith(`pd1:${newId}:`)).toBe(true)
  await after.close()
  expect((await manyi('keys', 'status')).stdout).toContain(
    'every record sealed under the current key',
  )

  const added = await manyi('keys', 'rotate', '--no-reseal')
  expect(added.stdout).not.toContain('sealed under the current key')
  expect(readFileSync(keyFile, 'utf8').trim().split('\n')).toHaveLength(3)
  expect((await manyi('keys', 'status')).stdout).toContain('3 key(s); records wait to be sealed')
  expect((await manyi('keys', 'reseal')).stdout).toContain(
    '1 feedback records, 0 contacts, 1 unsubscribed addresses, 0 answers, 0 drafts, 1 sign-in secrets',
  )

  const fromEnv = await runManyi(['keys', 'rotate'], { ...env, MANYI_DATA_KEYS: lines.join(',') })
  expect(fromEnv.code).toBe(2)
  expect(fromEnv.stderr).toContain('MANYI_DATA_KEYS is set')
})
