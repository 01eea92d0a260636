import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { recordAudit } from '../../audit/audit.service.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { cookieHeader, createTestApp, SAMPLE_SURVEY, type TestApp } from '../test-app.js'

// The audit API through the real server on both stores: the auditor searches, pages, verifies
// and exports (formula-safe, itself audited); the administrator, an agent and the security
// administrator cannot read it; the security administrator sets the retention policy; another
// organisation's entries never show.

type Headers = { cookie: string }

describeEachDialect('audit API', (ctx) => {
  let t: TestApp
  let auditor: Headers
  let security: Headers
  let agent: Headers
  let admin: Headers
  let surveyId = ''

  const get = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers })

  async function member(email: string, role: string): Promise<Headers> {
    const password = `${role}-password-123`
    await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      { email, displayName: role, password, role },
      t.clock.now,
    )
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
    })
    expect(login.statusCode).toBe(200)
    return { cookie: cookieHeader(login) }
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    admin = { cookie: t.adminCookie }
    auditor = await member('audit@test.local', 'auditor')
    security = await member('sec@test.local', 'security_admin')
    agent = await member('agent@test.local', 'agent')
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin,
      payload: SAMPLE_SURVEY,
    })
    expect(created.statusCode).toBe(201)
    surveyId = created.json().id
    // An object id that reads as a formula, to be neutralised in the export.
    t.clock.now += 1000
    await recordAudit(
      ctx.store.db,
      { orgId: t.orgId, actor: { type: 'system', id: 'import', role: 'viewer' }, now: t.clock.now },
      { action: 'feedback.create', entity: 'feedback', entityId: '=HYPERLINK("http://x")' },
    )
  })

  it('lets the auditor alone read it', async () => {
    expect((await get('/api/v1/audit', auditor)).statusCode).toBe(200)
    for (const who of [admin, agent, security]) {
      expect((await get('/api/v1/audit', who)).statusCode).toBe(403)
      expect((await get('/api/v1/audit/verify', who)).statusCode).toBe(403)
      expect((await get('/api/v1/audit/export?format=csv', who)).statusCode).toBe(403)
    }
  })

  it('searches by object, actor and text, and pages without overlap', async () => {
    const bySurvey = (await get(`/api/v1/audit?entity=survey&entityId=${surveyId}`, auditor)).json()
      .entries
    expect(bySurvey.map((e: { action: string }) => e.action)).toEqual(['survey.create'])
    expect(bySurvey[0]).toMatchObject({ actorType: 'user', entityId: surveyId })
    // The auditor may not list users, yet sees who acted: members by name, others without one.
    // The first administrator is named Administrator by the first start (auth/bootstrap.ts).
    expect(bySurvey[0].actorName).toBe('Administrator')
    const bySystem = (await get('/api/v1/audit?entity=feedback', auditor)).json().entries
    expect(bySystem[0]).toMatchObject({ actorType: 'system', actorId: 'import' })
    expect(bySystem[0].actorName).toBeUndefined()
    const byActor = (await get(`/api/v1/audit?actor=${bySurvey[0].actorId}`, auditor)).json()
    expect(byActor.entries.map((e: { action: string }) => e.action)).toContain('survey.create')
    expect(
      byActor.entries.every((e: { actorId: string }) => e.actorId === bySurvey[0].actorId),
    ).toBe(true)
    // Text over action and object: "HYPERLINK" is in one object id only; "%" is no wildcard.
    const text = (await get('/api/v1/audit?q=hyperlink', auditor)).json().entries
    expect(text.map((e: { entity: string }) => e.entity)).toEqual(['feedback'])
    expect((await get('/api/v1/audit?q=%25', auditor)).json().entries).toEqual([])

    const all = (await get('/api/v1/audit?limit=500', auditor)).json().entries
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { entries: Array<{ id: string }>; nextCursor: string | null } = (
        await get(`/api/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`, auditor)
      ).json()
      seen.push(...page.entries.map((e) => e.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(all.map((e: { id: string }) => e.id))
    expect(all.length).toBeGreaterThanOrEqual(5)
  })

  it('reports the chain whole, then the first entry changed in the database', async () => {
    const whole = (await get('/api/v1/audit/verify', auditor)).json()
    expect(whole).toMatchObject({ ok: true, anchorSeq: 0, broken: null })
    expect(whole.checked).toBe(whole.headSeq)
    const survey = (await get(`/api/v1/audit?entityId=${surveyId}`, auditor)).json().entries[0]
    await sql`update audit_log set actor_id = 'someone-else' where id = ${survey.id}`.execute(
      ctx.store.db,
    )
    try {
      const broken = (await get('/api/v1/audit/verify', auditor)).json()
      expect(broken).toMatchObject({
        ok: false,
        checked: survey.seq - 1,
        broken: { seq: survey.seq, id: survey.id, reason: 'hash' },
      })
    } finally {
      await sql`update audit_log set actor_id = ${survey.actorId} where id = ${survey.id}`.execute(
        ctx.store.db,
      )
    }
    expect((await get('/api/v1/audit/verify', auditor)).json().ok).toBe(true)
  })

  it('exports the filtered log as CSV, formula-safe, and records the export', async () => {
    const csv = await get('/api/v1/audit/export?format=csv&lang=en-US&entity=feedback', auditor)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="audit-2026-06-15\.csv"$/,
    )
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
    expect(lines[0]).toBe('Seq,Time (UTC+8),Actor type,Actor,Action,Object type,Object,Detail,Hash')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(`,feedback.create,feedback,"'=HYPERLINK(""http://x"")",`)
    const xlsx = await get('/api/v1/audit/export?format=xlsx', auditor)
    expect(xlsx.statusCode).toBe(200)
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK')
    const exports = (await get('/api/v1/audit?action=audit.export', auditor)).json().entries
    expect(exports.map((e: { detail: unknown }) => e.detail)).toEqual([
      { format: 'xlsx', from: null, to: null, filters: [] },
      { format: 'csv', from: null, to: null, filters: ['entity'] },
    ])
  })

  it('keeps the retention policy, set by the security administrator only', async () => {
    expect((await get('/api/v1/audit/policy', auditor)).json()).toEqual({ auditRetentionDays: 180 })
    const put = (headers: Headers, days: number) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/audit/policy',
        headers,
        payload: { auditRetentionDays: days },
      })
    expect((await put(auditor, 365)).statusCode).toBe(403)
    expect((await put(admin, 365)).statusCode).toBe(403)
    const tooShort = await put(security, 179)
    expect(tooShort.statusCode).toBe(400)
    expect(tooShort.json().error.details[0]).toMatchObject({ path: 'auditRetentionDays' })
    expect((await put(security, 365)).json()).toEqual({ auditRetentionDays: 365 })
    expect((await get('/api/v1/audit/policy', auditor)).json()).toEqual({ auditRetentionDays: 365 })
    const changed = (await get('/api/v1/audit?action=audit.policy', auditor)).json().entries
    expect(changed.map((e: { detail: unknown }) => e.detail)).toEqual([{ auditRetentionDays: 365 }])
  })

  it('never shows another organisation’s entries', async () => {
    const other = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?limit=500',
      headers: auditor,
    })
    const ids = other.json().entries.map((e: { id: string }) => e.id)
    const foreign = await sql<{ id: string }>`
      select id from audit_log where org_id <> ${t.orgId}`.execute(ctx.store.db)
    for (const row of foreign.rows) expect(ids).not.toContain(row.id)
  })
})
