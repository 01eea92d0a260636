import { beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import type { Scope } from '../../db/scope.js'
import { loadDemoData } from '../../demo/demo.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createOrganisation } from '../../organisations/organisation.service.js'
import {
  cookieHeader,
  createTestApp,
  SAMPLE_SURVEY,
  TEST_ADMIN,
  type TestApp,
} from '../test-app.js'

/**
 * Issue 11, hole 9 (the parts that are not sign-in): a demo load that failed
 * half-way, "9" taken as the number 9 in the JSON API, and an audit log that
 * missed exports, downloads and survey changes and showed only 100 entries.
 */

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000',
  'hex',
).toString('base64')
const DAY = 86_400_000

describeEachDialect('the JSON API takes numbers only as numbers', (ctx) => {
  let t: TestApp
  let slug = ''

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const survey = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: { cookie: t.adminCookie },
        payload: SAMPLE_SURVEY,
      })
    ).json()
    slug = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${survey.id}/publish`,
        headers: { cookie: t.adminCookie },
      })
    ).json().slug
  })

  const stored = async () =>
    (await ctx.store.db.selectFrom('responses').select('id').execute()).length

  it('refuses a score sent as a string, naming the field, and stores nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { nps: '9', csat: 4 } },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({
      code: 'ANSWERS_INVALID',
      details: [
        {
          path: 'answers.nps',
          reason: 'must be a JSON number, not the string "9"',
          allowed: '0–10',
        },
      ],
    })
    const padded = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { nps: 9, csat: ' 4' } },
    })
    expect(padded.json().error.details).toEqual([
      {
        path: 'answers.csat',
        reason: 'must be a JSON number, not the string " 4"',
        allowed: '1–5',
      },
    ])
    const time = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { nps: 9 }, startedAt: String(t.clock.now - 60_000) },
    })
    expect(time.statusCode).toBe(400)
    expect(time.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'startedAt' }],
    })
    expect(await stored()).toBe(0)
  })

  it('still takes JSON numbers, and digits where the input is text (the HTML form)', async () => {
    const json = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { nps: 9, csat: 4 }, startedAt: t.clock.now - 60_000 },
    })
    expect(json.statusCode).toBe(201)
    const page = await t.app.inject({
      method: 'POST',
      url: `/s/${slug}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        clientResponseId: 'form-digits-01',
        nps: '7',
        csat: '3',
        nav: 'submit',
        page: '0',
      }).toString(),
    })
    expect(page.statusCode).toBe(200)
    const rows = await ctx.store.db
      .selectFrom('responses')
      .select(['nps', 'csat'])
      .orderBy('id')
      .execute()
    expect(rows).toEqual([
      { nps: 9, csat: 4 },
      { nps: 7, csat: 3 },
    ])
  })
})

describeEachDialect(
  'the audit log records exports, downloads and survey changes, and pages through all of it',
  (ctx) => {
    let t: TestApp
    const admin = () => ({ cookie: t.adminCookie })
    const auditOf = async (action: string) =>
      ctx.store.db
        .selectFrom('audit_log')
        .select(['actor_type', 'actor_id', 'entity', 'entity_id', 'detail'])
        .where('org_id', '=', t.orgId)
        .where('action', '=', action)
        .execute()

    beforeAll(async () => {
      t = await createTestApp(ctx.store)
    })

    it('records survey edits, publication and closing, response and case exports and attachment downloads, with ids only', async () => {
      const userId = (
        await ctx.store.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', TEST_ADMIN.email)
          .executeTakeFirstOrThrow()
      ).id
      const survey = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/surveys',
          headers: admin(),
          payload: SAMPLE_SURVEY,
        })
      ).json()
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/surveys/${survey.id}`,
        headers: admin(),
        payload: { ...SAMPLE_SURVEY, title: { 'zh-CN': '改过的标题' } },
      })
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${survey.id}/publish`,
        headers: admin(),
      })
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/surveys/${survey.id}/responses/export?format=csv`,
            headers: admin(),
          })
        ).statusCode,
      ).toBe(200)
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${survey.id}/close`,
        headers: admin(),
      })
      for (const action of ['survey.update', 'survey.publish', 'survey.close']) {
        expect(await auditOf(action)).toEqual([
          {
            actor_type: 'user',
            actor_id: userId,
            entity: 'survey',
            entity_id: survey.id,
            detail: expect.any(String),
          },
        ])
      }
      expect(await auditOf('responses.export')).toEqual([
        {
          actor_type: 'user',
          actor_id: userId,
          entity: 'survey',
          entity_id: survey.id,
          // The survey asks no contact details, so no personal data left with the export.
          detail: JSON.stringify({ format: 'csv', lang: 'zh-CN', personalData: false }),
        },
      ])

      const complaint = await t.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        headers: admin(),
        payload: {
          channel: 'note',
          kind: 'complaint',
          text: '收据有问题',
          customer: { name: '钱女士', phone: '13911112222' },
          attachments: [{ filename: '钱女士的收据.png', contentBase64: PNG }],
        },
      })
      expect(complaint.statusCode).toBe(201)
      const feedback = complaint.json().feedback
      const attachmentId = feedback.attachments[0].id
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/attachments/${attachmentId}`,
            headers: admin(),
          })
        ).statusCode,
      ).toBe(200)
      expect(await auditOf('attachment.download')).toEqual([
        {
          actor_type: 'user',
          actor_id: userId,
          entity: 'attachment',
          entity_id: attachmentId,
          detail: JSON.stringify({ feedbackId: feedback.id }),
        },
      ])

      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: '/api/v1/cases/export?format=xlsx&from=2026-06-01&to=2026-06-30',
            headers: admin(),
          })
        ).statusCode,
      ).toBe(200)
      expect(await auditOf('cases.export')).toEqual([
        {
          actor_type: 'user',
          actor_id: userId,
          entity: 'organisation',
          entity_id: t.orgId,
          detail: JSON.stringify({ format: 'xlsx', from: '2026-06-01', to: '2026-06-30' }),
        },
      ])

      // No personal data in the entries: not the customer's name, phone or the file name.
      const all = await ctx.store.db
        .selectFrom('audit_log')
        .select('detail')
        .where('org_id', '=', t.orgId)
        .execute()
      for (const entry of all) expect(entry.detail).not.toMatch(/钱女士|13911112222/)
    })

    it('pages with a cursor, newest first, and filters by action and local dates', async () => {
      // Thirty survey publications and closings, spread over days (the organisation is in Asia/Shanghai).
      const start = t.clock.now
      for (let i = 0; i < 15; i++) {
        t.clock.now = start + (i + 1) * DAY
        // A day later the session has expired: log in again.
        t.adminCookie = cookieHeader(
          await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: TEST_ADMIN }),
        )
        const s = (
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/surveys',
            headers: admin(),
            payload: SAMPLE_SURVEY,
          })
        ).json()
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/surveys/${s.id}/publish`,
          headers: admin(),
        })
      }
      // The audit log is the auditor's to read (等保 2.0 separation), not the administrator's.
      await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        {
          email: 'audit@corp.test',
          displayName: 'Auditor',
          password: 'audit-password-123',
          role: 'auditor',
        },
        t.clock.now,
      )
      const auditor = {
        cookie: cookieHeader(
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { email: 'audit@corp.test', password: 'audit-password-123' },
          }),
        ),
      }
      const total = (
        await ctx.store.db
          .selectFrom('audit_log')
          .select('id')
          .where('org_id', '=', t.orgId)
          .execute()
      ).length
      expect(total).toBeGreaterThan(40)

      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const res = await t.app.inject({
          method: 'GET',
          url: `/api/v1/audit?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
          headers: auditor,
        })
        expect(res.statusCode).toBe(200)
        const body = res.json() as {
          entries: Array<{ id: string; createdAt: string }>
          nextCursor: string | null
        }
        expect(body.entries.length).toBeLessThanOrEqual(7)
        seen.push(...body.entries.map((e) => `${e.createdAt}|${e.id}`))
        cursor = body.nextCursor
        pages++
      } while (cursor && pages < 50)
      expect(seen).toHaveLength(total)
      expect(new Set(seen).size).toBe(total)
      expect([...seen].sort().reverse()).toEqual(seen)

      const inDb = async (where: (action: string) => boolean) =>
        (
          await ctx.store.db
            .selectFrom('audit_log')
            .select('action')
            .where('org_id', '=', t.orgId)
            .execute()
        ).filter((r) => where(r.action)).length
      const publications = (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/audit?action=survey.publish&limit=500',
          headers: auditor,
        })
      ).json().entries as Array<{ action: string }>
      expect(publications.length).toBeGreaterThanOrEqual(15)
      expect(publications.length).toBe(await inDb((a) => a === 'survey.publish'))
      const family = (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/audit?action=survey.*,user.create&limit=500',
          headers: auditor,
        })
      ).json().entries as Array<{ action: string }>
      expect(family.length).toBe(await inDb((a) => a.startsWith('survey.') || a === 'user.create'))
      expect(
        family.every((e) => e.action.startsWith('survey.') || e.action === 'user.create'),
      ).toBe(true)
      expect(new Set(family.map((e) => e.action))).toContain('survey.create')

      // Days 3 to 5 after the start, as dates in Shanghai (12:00 local each day).
      const day = (n: number) =>
        new Date(start + n * DAY + 8 * 3_600_000).toISOString().slice(0, 10)
      const ranged = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/audit?action=survey.publish&from=${day(3)}&to=${day(5)}`,
          headers: auditor,
        })
      ).json()
      expect(ranged.entries.map((e: { createdAt: string }) => e.createdAt)).toEqual(
        [5, 4, 3].map((n) => new Date(start + n * DAY).toISOString()),
      )
      expect(ranged.nextCursor).toBeNull()

      const bad = await t.app.inject({
        method: 'GET',
        url: '/api/v1/audit?cursor=not-a-cursor',
        headers: auditor,
      })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.details[0].path).toBe('cursor')
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: '/api/v1/audit?action=survey%25',
            headers: auditor,
          })
        ).statusCode,
      ).toBe(400)

      await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        {
          email: 'ana@corp.test',
          displayName: 'Ana',
          password: 'work-password-123',
          role: 'analyst',
        },
        t.clock.now,
      )
      const analyst = cookieHeader(
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'ana@corp.test', password: 'work-password-123' },
        }),
      )
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: { cookie: analyst } }))
          .statusCode,
      ).toBe(403)
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: admin() })).statusCode,
      ).toBe(403)
    })
  },
)

describeEachDialect('a demo load that cannot finish writes nothing', (ctx) => {
  const NOW = Date.parse('2026-11-23T04:00:00Z')

  async function freshOrganisation(name: string): Promise<Scope> {
    const org = await createOrganisation(ctx.store.db, name, NOW)
    return {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'system', id: 'test', role: 'admin' },
      now: NOW,
    }
  }

  async function contents(orgId: string) {
    const count = async (table: 'surveys' | 'responses' | 'feedback' | 'cases' | 'users') =>
      (await ctx.store.db.selectFrom(table).select('id').where('org_id', '=', orgId).execute())
        .length
    return {
      surveys: await count('surveys'),
      responses: await count('responses'),
      feedback: await count('feedback'),
      cases: await count('cases'),
      users: await count('users'),
    }
  }

  it('refuses when a user of the organisation has a demo e-mail with another role, before the first answer', async () => {
    const scope = await freshOrganisation('演示冲突公司')
    await createUser(
      { db: ctx.store.db, orgId: scope.orgId },
      {
        email: 'wang.demo@manyi.local',
        displayName: '真正的管理员',
        password: 'work-password-123',
        role: 'admin',
      },
      NOW,
    )
    await expect(loadDemoData(scope, { responses: 300 })).rejects.toMatchObject({
      code: 'DEMO_TEAM_CONFLICT',
      details: [
        {
          path: 'team.wang.demo@manyi.local',
          reason: 'already a user with role admin',
          allowed: 'agent',
        },
      ],
    })
    expect(await contents(scope.orgId)).toEqual({
      surveys: 0,
      responses: 0,
      feedback: 0,
      cases: 0,
      users: 1,
    })
    const admin = await ctx.store.db
      .selectFrom('users')
      .select(['role', 'department', 'supervisor_id'])
      .where('org_id', '=', scope.orgId)
      .executeTakeFirstOrThrow()
    expect(admin).toEqual({ role: 'admin', department: null, supervisor_id: null })
  })

  it('loads into a second organisation with the same demo team e-mails (e-mails are unique per organisation)', async () => {
    const first = await freshOrganisation('演示一公司')
    const second = await freshOrganisation('演示二公司')
    const a = await loadDemoData(first, { responses: 300 })
    const b = await loadDemoData(second, { responses: 300 })
    expect(a.responses).toBe(300)
    expect(b.responses).toBe(300)
    expect((await contents(second.orgId)).users).toBe((await contents(first.orgId)).users)
    // The hall-visit survey's answers come on top of the requested ones (fixed, not scaled).
    expect(b.hallVisitResponses).toBe(a.hallVisitResponses)
    expect((await contents(second.orgId)).responses).toBe(300 + b.hallVisitResponses)
    // Two demo loads on PostgreSQL: 5 s alone, past the default 30 s in a full run on a busy machine.
  }, 120_000)

  it('fails on a stored case configuration that no longer reads before writing any survey or answer', async () => {
    const scope = await freshOrganisation('旧配置公司')
    await ctx.store.db
      .insertInto('case_configs')
      .values({
        org_id: scope.orgId,
        config: JSON.stringify({ warnAtFraction: 5 }),
        round_robin: 0,
        updated_at: NOW,
        public_form_key: 'broken-config-key-1',
      })
      .execute()
    await expect(loadDemoData(scope, { responses: 300 })).rejects.toThrow()
    expect(await contents(scope.orgId)).toEqual({
      surveys: 0,
      responses: 0,
      feedback: 0,
      cases: 0,
      users: 0,
    })
  })
})
