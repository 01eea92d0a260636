import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Migrator, type Migration } from 'kysely'
import pg from 'pg'
import { beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { connectStore, type Store } from '../../db/connect.js'
import type { DialectName } from '../../db/dialect-features.js'
import { migrateToLatest } from '../../db/migrate.js'
import * as m0001 from '../../db/migrations/0001-initial.js'
import * as m0002 from '../../db/migrations/0002-survey-settings.js'
import * as m0003 from '../../db/migrations/0003-response-quality.js'
import * as m0004 from '../../db/migrations/0004-distribution.js'
import * as m0005 from '../../db/migrations/0005-cases.js'
import * as m0006 from '../../db/migrations/0006-text.js'
import * as m0007 from '../../db/migrations/0007-repair-edited-migrations.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { retryBesideOtherTests, TEST_PG_URL } from '../../db/test-store.js'
import { createOrganisation } from '../../organisations/organisation.service.js'
import { cookieHeader, createTestApp, otherOrganisationAdmin, type TestApp } from '../test-app.js'

/**
 * Issue 11, hole A: an administrator of organisation B copied A's public
 * complaint form key into B's case configuration; A's form then showed B's
 * name and filed A's complainants' names, phones and e-mails under B.
 */

const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
})

describeEachDialect('complaint form keys cannot be taken by another organisation', (ctx) => {
  let t: TestApp
  let eve: { cookie: string }
  let keyA = ''

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    eve = await otherOrganisationAdmin(t, ctx.store)
    keyA = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/case-config',
        headers: { cookie: t.adminCookie },
      })
    ).json().publicFormKey
    expect(keyA).toMatch(/^[A-Za-z0-9_-]{16}$/)
  })

  const fileComplaint = async (key: string, fields: Record<string, string>) => {
    const page = await t.app.inject({ method: 'GET', url: `/complain/${key}` })
    const shownAt = /name="shownAt" value="([^"]+)"/.exec(page.body)![1]!
    t.clock.now += 10_000
    return t.app.inject({
      method: 'POST',
      url: `/complain/${key}`,
      ...form({ ...fields, consent: 'true', shownAt }),
    })
  }

  it('refuses another organisation’s key in PUT /case-config, and the form stays the owner’s', async () => {
    const configB = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/case-config',
        headers: { cookie: eve.cookie },
      })
    ).json()
    expect(configB.publicFormKey).not.toBe(keyA)
    const hijack = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/case-config',
      headers: { cookie: eve.cookie },
      payload: { ...configB, publicFormKey: keyA },
    })
    expect(hijack.statusCode).toBe(400)
    expect(hijack.json().error).toMatchObject({
      code: 'PUBLIC_FORM_KEY_READ_ONLY',
      details: [{ path: 'publicFormKey' }],
    })
    // Any other made-up key is refused the same way: keys come from the server only.
    const chosen = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/case-config',
      headers: { cookie: eve.cookie },
      payload: { ...configB, publicFormKey: 'my-own-nice-key' },
    })
    expect(chosen.json().error.code).toBe('PUBLIC_FORM_KEY_READ_ONLY')
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/case-config',
          headers: { cookie: eve.cookie },
        })
      ).json().publicFormKey,
    ).toBe(configB.publicFormKey)

    const page = await t.app.inject({ method: 'GET', url: `/complain/${keyA}` })
    expect(page.body).toContain('我的组织')
    expect(page.body).not.toContain('Other Co')
    const filed = await fileComplaint(keyA, {
      text: '收费有误，要求退款',
      name: '周先生',
      phone: '13700000000',
    })
    expect(filed.statusCode).toBe(200)
    // Filed under A, its complainant's name and phone sealed (src/personal-data), none in plaintext.
    const stored = await ctx.store.db
      .selectFrom('feedback')
      .select(['org_id', 'customer_name', 'customer_phone', 'customer_name_sealed'])
      .where('text', '=', '收费有误，要求退款')
      .execute()
    expect(
      stored.map((r) => [
        r.org_id,
        r.customer_name,
        r.customer_phone,
        r.customer_name_sealed?.slice(0, 4),
      ]),
    ).toEqual([[t.orgId, null, null, 'pd1:']])
  })

  it('keeps saving work when the current key is sent back or left out', async () => {
    const config = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/case-config',
        headers: { cookie: t.adminCookie },
      })
    ).json()
    const same = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/case-config',
      headers: { cookie: t.adminCookie },
      payload: { ...config, defaultDepartment: '投诉处理部' },
    })
    expect(same.statusCode).toBe(200)
    expect(same.json()).toMatchObject({ defaultDepartment: '投诉处理部', publicFormKey: keyA })
    const { publicFormKey: _key, ...withoutKey } = config
    const without = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/case-config',
      headers: { cookie: t.adminCookie },
      payload: withoutKey,
    })
    expect(without.json().publicFormKey).toBe(keyA)
    // Stored once, in its unique column, not in the JSON configuration as well.
    const row = await ctx.store.db
      .selectFrom('case_configs')
      .select(['config', 'public_form_key'])
      .where('org_id', '=', t.orgId)
      .executeTakeFirstOrThrow()
    expect(row.public_form_key).toBe(keyA)
    expect(JSON.parse(row.config).publicFormKey).toBeUndefined()
  })

  it('holds two organisations to different keys in the database itself', async () => {
    // The other organisation's configuration (and key) is made when it is first read.
    await t.app.inject({
      method: 'GET',
      url: '/api/v1/case-config',
      headers: { cookie: eve.cookie },
    })
    const other = await ctx.store.db
      .selectFrom('case_configs')
      .select('org_id')
      .where('org_id', '<>', t.orgId)
      .executeTakeFirstOrThrow()
    await expect(
      ctx.store.db
        .updateTable('case_configs')
        .set({ public_form_key: keyA })
        .where('org_id', '=', other.org_id)
        .execute(),
    ).rejects.toThrow(/unique|UNIQUE/)
  })

  it('rotates the key for administrators only: the old address stops at once, the rotation is audited', async () => {
    await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      {
        email: 'sup@corp.test',
        displayName: 'Sup',
        password: 'work-password-123',
        role: 'supervisor',
      },
      t.clock.now,
    )
    const supervisor = cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'sup@corp.test', password: 'work-password-123' },
      }),
    )
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/case-config/public-form-key/rotate',
      headers: { cookie: supervisor },
    })
    expect(refused.statusCode).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: `/complain/${keyA}` })).statusCode).toBe(200)

    // A copy of the form opened before the rotation, sent after it.
    const before = await t.app.inject({ method: 'GET', url: `/complain/${keyA}` })
    const shownAt = /name="shownAt" value="([^"]+)"/.exec(before.body)![1]!
    const rotated = await t.app.inject({
      method: 'POST',
      url: '/api/v1/case-config/public-form-key/rotate',
      headers: { cookie: t.adminCookie },
    })
    expect(rotated.statusCode).toBe(200)
    const newKey = rotated.json().publicFormKey as string
    expect(newKey).toMatch(/^[A-Za-z0-9_-]{16}$/)
    expect(newKey).not.toBe(keyA)

    expect((await t.app.inject({ method: 'GET', url: `/complain/${keyA}` })).statusCode).toBe(404)
    t.clock.now += 10_000
    const late = await t.app.inject({
      method: 'POST',
      url: `/complain/${keyA}`,
      ...form({ text: '旧链接上的投诉内容', consent: 'true', shownAt }),
    })
    expect(late.statusCode).toBe(404)
    expect((await t.app.inject({ method: 'GET', url: `/complain/${newKey}` })).body).toContain(
      '我的组织',
    )
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/case-config',
          headers: { cookie: t.adminCookie },
        })
      ).json().publicFormKey,
    ).toBe(newKey)

    const audit = await ctx.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('org_id', '=', t.orgId)
      .where('action', '=', 'case_config.public_form_key.rotate')
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      actor_type: 'user',
      entity: 'organisation',
      entity_id: t.orgId,
    })
    expect(audit[0]!.detail).not.toContain(newKey)
    expect(audit[0]!.detail).not.toContain(keyA)
    // The organisation's key from now on, for the tests that run after this one.
    keyA = newKey
  })
})

const BEFORE_0008: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-survey-settings': m0002,
  '0003-response-quality': m0003,
  '0004-distribution': m0004,
  '0005-cases': m0005,
  '0006-text': m0006,
  '0007-repair-edited-migrations': m0007,
}

/** A store migrated only up to `last`, to put data in as an older Manyi left it. */
async function storeAt(dialect: DialectName, last: string): Promise<Store> {
  let store: Store
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'manyi-test-'))
    const inner = connectStore({ url: `sqlite:${join(dir, 'test.db')}` })
    store = {
      ...inner,
      close: async () => {
        await inner.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } else {
    const schema = `manyi_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
    const admin = new pg.Client({ connectionString: TEST_PG_URL })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
    const inner = connectStore({ url: TEST_PG_URL, schema, poolSize: 2 })
    store = {
      ...inner,
      close: async () => {
        await inner.close()
        const cleanup = new pg.Client({ connectionString: TEST_PG_URL })
        await cleanup.connect()
        await cleanup.query(`drop schema ${schema} cascade`)
        await cleanup.end()
      },
    }
  }
  const names = Object.keys(BEFORE_0008)
  const migrations: Record<string, Migration> = Object.fromEntries(
    names.slice(0, names.indexOf(last) + 1).map((name) => [name, BEFORE_0008[name]!]),
  )
  const migrator = new Migrator({
    db: store.db,
    ...(store.pgSchema ? { migrationTableSchema: store.pgSchema } : {}),
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'manyi_migrations',
    migrationLockTableName: 'manyi_migrations_lock',
  })
  await retryBesideOtherTests(store.pgSchema, () => migrator.migrateToLatest())
  return store
}

describeEachDialect('migration 0008 on a database that already holds a copied key', (ctx) => {
  it('keeps the key with the organisation that had it first and gives the copier a new one', async () => {
    const store = await storeAt(ctx.dialect, '0007-repair-edited-migrations')
    try {
      const db = store.db
      const T0 = Date.parse('2026-01-01T00:00:00Z')
      // B is the older organisation, so age alone would pick the wrong one: B saved its configuration (the copy), A never did.
      const b = await createOrganisation(db, '抄袭者公司', T0)
      const a = await createOrganisation(db, '受害者公司', T0 + 1000)
      const c = await createOrganisation(db, '无关公司', T0 + 2000)
      const d = await createOrganisation(db, '旧配置公司', T0 + 3000)
      const stolen = 'AAAAaaaaBBBBbbbb'
      const config = (key: string | null) =>
        JSON.stringify({ defaultDepartment: '客服部', ...(key ? { publicFormKey: key } : {}) })
      await db
        .insertInto('case_configs')
        .values([
          { org_id: a.id, config: config(stolen), round_robin: 0, updated_at: T0 + 5000 },
          { org_id: b.id, config: config(stolen), round_robin: 0, updated_at: T0 + 9000 },
          {
            org_id: c.id,
            config: config('CCCCccccDDDDdddd'),
            round_robin: 0,
            updated_at: T0 + 5000,
          },
          { org_id: d.id, config: config(null), round_robin: 0, updated_at: T0 + 5000 },
        ] as never)
        .execute()
      await db
        .insertInto('audit_log')
        .values({
          id: 'audit-1',
          org_id: b.id,
          actor_type: 'user',
          actor_id: 'eve',
          action: 'case_config.update',
          entity: 'organisation',
          entity_id: b.id,
          detail: '{}',
          created_at: T0 + 9000,
        })
        .execute()

      await migrateToLatest(store)

      const rows = await db
        .selectFrom('case_configs')
        .select(['org_id', 'config', 'public_form_key'])
        .execute()
      const keyOf = (orgId: string) => rows.find((r) => r.org_id === orgId)!.public_form_key
      expect(keyOf(a.id)).toBe(stolen)
      expect(keyOf(c.id)).toBe('CCCCccccDDDDdddd')
      expect(keyOf(b.id)).toMatch(/^[A-Za-z0-9_-]{16}$/)
      expect(keyOf(b.id)).not.toBe(stolen)
      expect(keyOf(d.id)).toMatch(/^[A-Za-z0-9_-]{16}$/)
      expect(new Set(rows.map((r) => r.public_form_key)).size).toBe(4)
      // The rest of the configuration survives; the key lives only in its column now.
      for (const row of rows)
        expect(JSON.parse(row.config)).toEqual({ defaultDepartment: '客服部' })
      const reassigned = await db
        .selectFrom('audit_log')
        .select(['org_id', 'action'])
        .where('action', '=', 'case_config.public_form_key.reassign')
        .execute()
      expect(reassigned).toEqual([{ org_id: b.id, action: 'case_config.public_form_key.reassign' }])
      await expect(
        db
          .updateTable('case_configs')
          .set({ public_form_key: stolen })
          .where('org_id', '=', b.id)
          .execute(),
      ).rejects.toThrow(/unique|UNIQUE/)
    } finally {
      await store.close()
    }
  })
})
