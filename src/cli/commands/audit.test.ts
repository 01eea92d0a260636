import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it, describe } from 'vitest'
import { recordAudit } from '../../audit/audit.service.js'
import { connectStore } from '../../db/connect.js'
import { migrateToLatest } from '../../db/migrate.js'
import { createOrganisation } from '../../organisations/organisation.service.js'
import { runManyi } from '../test-cli.js'

// `manyi audit verify` on a database file: every organisation's chain or one, and the first
// broken link of an entry changed behind the application's back (the chain itself is tested on
// both stores in src/audit/audit-chain.test.ts).

const T0 = Date.parse('2026-03-01T00:00:00Z')

describe('manyi audit verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'manyi-audit-cli-'))
  const url = `sqlite:${join(dir, 'audit.db')}`
  let orgA = ''
  let orgB = ''
  let third = ''

  beforeAll(async () => {
    const store = connectStore({ url })
    try {
      await migrateToLatest(store)
      orgA = (await createOrganisation(store.db, 'A', T0)).id
      orgB = (await createOrganisation(store.db, 'B', T0)).id
      const actor = { type: 'user' as const, id: 'u-1', role: 'admin' as const }
      for (const [orgId, count] of [
        [orgA, 4],
        [orgB, 2],
      ] as const)
        for (let i = 0; i < count; i++)
          await recordAudit(
            store.db,
            { orgId, actor, now: T0 + i },
            {
              action: 'survey.update',
              entity: 'survey',
              entityId: `s-${i}`,
            },
          )
      third = (
        await sql<{
          id: string
        }>`select id from audit_log where org_id = ${orgA} and seq = 3`.execute(store.db)
      ).rows[0]!.id
    } finally {
      await store.close()
    }
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reports every organisation’s chain whole, then the entry changed and where', async () => {
    const whole = await runManyi(['audit', 'verify', '--db', url, '--json'])
    expect(whole.code).toBe(0)
    const byOrg = Object.fromEntries(
      JSON.parse(whole.stdout).organisations.map((r: { orgId: string }) => [r.orgId, r]),
    )
    expect(byOrg[orgA]).toEqual({
      orgId: orgA,
      ok: true,
      checked: 4,
      anchorSeq: 0,
      headSeq: 4,
      broken: null,
    })
    expect(byOrg[orgB]).toMatchObject({ ok: true, checked: 2 })

    const store = connectStore({ url })
    await sql`update audit_log set entity_id = 's-x' where id = ${third}`.execute(store.db)
    await store.close()

    const broken = await runManyi(['audit', 'verify', '--db', url])
    expect(broken.code).toBe(7)
    expect(broken.stdout).toContain(
      `${orgA}: BROKEN at seq 3 (hash, entry ${third}); 2 entries verified before it`,
    )
    expect(broken.stdout).toContain(`${orgB}: ok, 2 entries (seq 1–2)`)
    const one = await runManyi(['audit', 'verify', '--db', url, '--org', orgB])
    expect(one).toMatchObject({ code: 0, stdout: `${orgB}: ok, 2 entries (seq 1–2)\n` })
  })
})
