import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Migrator } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { bootstrapFirstAdmin } from '../../auth/bootstrap.js'
import { runManyi } from '../../cli/test-cli.js'
import { connectStore, type Store } from '../../db/connect.js'
import { migrateToLatest } from '../../db/migrate.js'
import * as m1 from '../../db/migrations/0001-initial.js'
import * as m2 from '../../db/migrations/0002-survey-settings.js'
import * as m3 from '../../db/migrations/0003-response-quality.js'
import * as m4 from '../../db/migrations/0004-distribution.js'
import * as m5 from '../../db/migrations/0005-cases.js'
import * as m6 from '../../db/migrations/0006-text.js'
import { describeEachDialect, type DialectContext } from '../../db/test-dialects.js'
import { createTestStore, retryBesideOtherTests, TEST_PG_URL } from '../../db/test-store.js'
import { createOrganisation } from '../../organisations/organisation.service.js'
import { hashSecret } from '../../shared/ids.js'
import { cookieHeader, createTestApp, type TestApp } from '../test-app.js'

/**
 * Organisation A learns that B has a user (the refusal of a duplicate
 * e-mail), a password of ten `a` is accepted. Each attack is repeated here;
 * the test fails if it works.
 */
describeEachDialect('user e-mails per organisation and the password policy', (ctx) => {
  let t: TestApp
  let orgB = ''
  const admin = () => ({ cookie: t.adminCookie })
  const login = (email: string, password: string, from: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: from,
      payload: { email, password },
    })
  const me = async (cookie: string) =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).json()

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    orgB = (await createOrganisation(ctx.store.db, 'B Co', t.clock.now)).id
    await createUser(
      { db: ctx.store.db, orgId: orgB },
      {
        email: 'b-admin@b.test',
        displayName: 'B admin',
        password: 'b-admin-password-1',
        role: 'admin',
      },
      t.clock.now,
    )
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('creating a user whose e-mail another organisation has succeeds and reveals nothing; a duplicate within the organisation is refused, whatever its case', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin(),
      payload: {
        email: 'b-admin@b.test',
        displayName: 'A’s own',
        password: 'a-side-password-1',
        role: 'viewer',
      },
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ email: 'b-admin@b.test', role: 'viewer' })
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin(),
      payload: {
        email: 'B-Admin@B.TEST',
        displayName: 'twice',
        password: 'a-side-password-2',
        role: 'viewer',
      },
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().error).toMatchObject({
      code: 'USER_EMAIL_TAKEN',
      details: [{ path: 'email', reason: 'already in use' }],
    })
    // The database itself refuses a second row in one organisation (two admins adding at once).
    await expect(
      ctx.store.db
        .insertInto('users')
        .values({
          id: 'dup',
          org_id: t.orgId,
          email: 'b-admin@b.test',
          display_name: 'x',
          role: 'viewer',
          password_hash: 'x',
          locale: 'zh-CN',
          created_at: 0,
        })
        .execute(),
    ).rejects.toThrow()
  })

  it('an e-mail of several organisations is one person: their one password signs in to the most recently used membership', async () => {
    const inA = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      {
        email: 'both@shared.test',
        displayName: 'In A',
        password: 'password-for-a-1',
        role: 'analyst',
      },
      t.clock.now,
    )
    // B adds the same person: the password B gave is not theirs and is not used.
    const inB = await createUser(
      { db: ctx.store.db, orgId: orgB },
      {
        email: 'both@shared.test',
        displayName: 'In B',
        password: 'password-for-b-1',
        role: 'analyst',
      },
      t.clock.now + 1,
    )
    expect(
      (await login('both@shared.test', 'password-for-b-1', '192.0.2.2')).json().error.code,
    ).toBe('LOGIN_FAILED')
    // Never signed in: the newest membership (B); then the one used last.
    const first = await login('Both@Shared.test', 'password-for-a-1', '192.0.2.1')
    expect(first.json().user.id).toBe(inB)
    expect((await me(cookieHeader(first))).organisation.id).toBe(orgB)
    await ctx.store.db
      .updateTable('users')
      .set({ last_login_at: t.clock.now + 1000 })
      .where('id', '=', inA)
      .execute()
    const again = await login('both@shared.test', 'password-for-a-1', '192.0.2.4')
    expect((await me(cookieHeader(again))).organisation.id).toBe(t.orgId)
    // The wrong password gets the one answer for all.
    const wrong = await login('both@shared.test', 'password-for-c-1', '192.0.2.3')
    expect(wrong.json().error.code).toBe('LOGIN_FAILED')
  })

  it('refuses weak passwords with PASSWORD_TOO_WEAK wherever a password is set', async () => {
    // The rule is what the admin app words in the user's language (the reason is English).
    const weak = {
      aaaaaaaaaa: {
        reason: 'must not be one character or a short group repeated',
        rule: 'password_repeated',
      },
      '1234567890': { reason: 'must not be a simple sequence', rule: 'password_sequence' },
      qwertyuiop: { reason: 'must not be a simple sequence', rule: 'password_sequence' },
      password123: { reason: 'is one of the most common passwords', rule: 'password_common' },
      'zhao.li@test.local': { reason: 'must not be the e-mail address', rule: 'password_email' },
      short: { reason: 'must be at least 10 characters', rule: 'password_too_short', limit: 10 },
    }
    for (const [password, issue] of Object.entries(weak)) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin(),
        payload: { email: 'zhao.li@test.local', displayName: '赵丽', password, role: 'agent' },
      })
      expect([password, res.statusCode, res.json().error]).toEqual([
        password,
        400,
        expect.objectContaining({
          code: 'PASSWORD_TOO_WEAK',
          details: [{ path: 'password', ...issue }],
        }),
      ])
    }
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin(),
      payload: {
        email: 'zhao.li@test.local',
        displayName: '赵丽',
        password: 'correct-horse-battery',
        role: 'agent',
      },
    })
    expect(created.statusCode).toBe(201)
    const set = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${created.json().id}/password`,
      headers: admin(),
      payload: { password: 'zhaoli2024!' },
    })
    expect(set.json().error).toMatchObject({
      code: 'PASSWORD_TOO_WEAK',
      details: [{ path: 'password', reason: 'must not be the e-mail address' }],
    })
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/users/${created.json().id}/password`,
          headers: admin(),
          payload: { password: 'a-much-better-one-7' },
        })
      ).statusCode,
    ).toBe(204)
  })

  it('refuses a weak MANYI_ADMIN_PASSWORD at the first start, creating nothing', async () => {
    const fresh = await createTestStore(ctx.dialect)
    try {
      await expect(
        bootstrapFirstAdmin(fresh.db, 'admin@fresh.test', 'aaaaaaaaaa', t.clock.now),
      ).rejects.toMatchObject({
        code: 'PASSWORD_TOO_WEAK',
        details: [{ path: 'MANYI_ADMIN_PASSWORD' }],
      })
      expect(await fresh.db.selectFrom('organisations').select('id').execute()).toEqual([])
    } finally {
      await fresh.close()
    }
  })

  it('upgrades a database holding users, sessions and tokens: nothing is lost, e-mails become per organisation', async () => {
    const old = await storeAtRelease(ctx)
    try {
      const db = old.store.db
      await db
        .insertInto('organisations')
        .values([
          { id: 'o1', name: 'One', timezone: 'Asia/Shanghai', created_at: 1 },
          { id: 'o2', name: 'Two', timezone: 'Asia/Shanghai', created_at: 2 },
        ])
        .execute()
      await db
        .insertInto('users')
        .values({
          id: 'u1',
          org_id: 'o1',
          email: 'kept@one.test',
          display_name: 'Kept',
          role: 'admin',
          password_hash: 'h',
          locale: 'zh-CN',
          created_at: 1,
          department: '客服部',
          supervisor_id: null,
        })
        .execute()
      await db
        .insertInto('sessions')
        .values({
          token_hash: hashSecret('s1'),
          user_id: 'u1',
          org_id: 'o1',
          expires_at: 9e12,
          created_at: 1,
        })
        .execute()
      await db
        .insertInto('api_tokens')
        .values({
          id: 't1',
          org_id: 'o1',
          name: 'old',
          role: 'admin',
          token_hash: hashSecret('mny_old'),
          created_at: 1,
          last_used_at: null,
          revoked_at: null,
        })
        .execute()
      await db
        .insertInto('audit_log')
        .values({
          id: 'a1',
          org_id: 'o1',
          actor_type: 'user',
          actor_id: 'u1',
          action: 'token.create',
          entity: 'api_token',
          entity_id: 't1',
          detail: '{}',
          created_at: 1,
        })
        .execute()

      await migrateToLatest(old.store)

      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', 'u1')
        .executeTakeFirstOrThrow()
      expect(user).toMatchObject({
        email: 'kept@one.test',
        display_name: 'Kept',
        department: '客服部',
        disabled_at: null,
        deleted_at: null,
        last_login_at: null,
      })
      expect(await db.selectFrom('sessions').select('user_id').execute()).toEqual([
        { user_id: 'u1' },
      ])
      const token = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', 't1')
        .executeTakeFirstOrThrow()
      expect(token).toMatchObject({ created_by: 'u1', scope: 'full', revoked_at: null })
      expect(Number(token.expires_at)).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000)
      // The same e-mail in another organisation now goes in; a second one in the same does not.
      await db
        .insertInto('users')
        .values({
          id: 'u2',
          org_id: 'o2',
          email: 'kept@one.test',
          display_name: 'Other',
          role: 'admin',
          password_hash: 'h',
          locale: 'zh-CN',
          created_at: 2,
        })
        .execute()
      await expect(
        db
          .insertInto('users')
          .values({
            id: 'u3',
            org_id: 'o1',
            email: 'KEPT@one.test'.toLowerCase(),
            display_name: 'Dup',
            role: 'admin',
            password_hash: 'h',
            locale: 'zh-CN',
            created_at: 3,
          })
          .execute(),
      ).rejects.toThrow()
      // Foreign keys still hold.
      await expect(
        db
          .insertInto('sessions')
          .values({
            token_hash: 'x',
            user_id: 'nobody',
            org_id: 'o1',
            expires_at: 1,
            created_at: 1,
          })
          .execute(),
      ).rejects.toThrow()
    } finally {
      await old.close()
    }
  })
})

it('the CLI refuses a weak password too (exit 2, the reason on the field)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'manyi-cli-'))
  try {
    const { code, stdout } = await runManyi([
      'user',
      'create',
      '--email',
      'weak@cli.test',
      '--name',
      'Weak',
      '--password',
      '0000000000',
      '--db',
      `sqlite:${join(dir, 'cli.db')}`,
      '--json',
    ])
    expect(code).toBe(2)
    const printed = JSON.parse(stdout)
    expect(printed.error).toMatchObject({
      code: 'PASSWORD_TOO_WEAK',
      details: [{ path: 'password' }],
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

/** A store with only the released migrations (0001–0006) applied, as a database of the previous version. */
async function storeAtRelease(
  ctx: DialectContext,
): Promise<{ store: Store; close: () => Promise<void> }> {
  let store: Store
  let cleanup = async () => {}
  if (ctx.dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'manyi-upgrade-'))
    store = connectStore({ url: `sqlite:${join(dir, 'old.db')}` })
    cleanup = async () => rmSync(dir, { recursive: true, force: true })
  } else {
    const schema = `manyi_upgrade_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
    const client = new pg.Client({ connectionString: TEST_PG_URL })
    await client.connect()
    await client.query(`create schema ${schema}`)
    await client.end()
    store = connectStore({ url: TEST_PG_URL, schema, poolSize: 3 })
    cleanup = async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL })
      await c.connect()
      await c.query(`drop schema ${schema} cascade`)
      await c.end()
    }
  }
  const released = {
    '0001-initial': m1,
    '0002-survey-settings': m2,
    '0003-response-quality': m3,
    '0004-distribution': m4,
    '0005-cases': m5,
    '0006-text': m6,
  }
  const migrator = new Migrator({
    db: store.db,
    ...(store.pgSchema ? { migrationTableSchema: store.pgSchema } : {}),
    provider: { getMigrations: async () => released },
    migrationTableName: 'manyi_migrations',
    migrationLockTableName: 'manyi_migrations_lock',
  })
  await retryBesideOtherTests(store.pgSchema, () => migrator.migrateToLatest())
  return {
    store,
    close: async () => {
      await store.close()
      await cleanup()
    },
  }
}
