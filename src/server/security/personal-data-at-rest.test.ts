import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { bootstrapFirstAdmin } from '../../auth/bootstrap.js'
import { loadConfig } from '../../config.js'
import type { Scope } from '../../db/scope.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import {
  insertContactList,
  insertContacts,
  insertUnsubscribe,
} from '../../distribution/contact.repository.js'
import { startTestSmtpServer, type TestSmtpServer } from '../../distribution/test-smtp.js'
import { insertFeedbackRows } from '../../feedback/feedback.repository.js'
import { createDraft } from '../../responses/response-draft.service.js'
import { insertResponseRows } from '../../responses/response-insert.js'
import { buildResponseRow } from '../../responses/response-row.js'
import { createSurvey, publishSurvey } from '../../surveys/survey.service.js'
import { buildApp, composeApp } from '../app.js'
import { cookieHeader, TEST_ADMIN } from '../test-app.js'

// Issue 13, "personal data encrypted at rest", checked the blunt way: known names, e-mail
// addresses and phone numbers go in — some stored before sealing existed (plaintext, through
// the store without keys), the rest through the running app (a hotline complaint, a survey's
// contact answer, a saved draft, a contact list, its invitations and an opt-out) — then, after
// the start-up sweep, every column of every table of the store is read and none may hold any of
// them, except the free text a person typed (docs/personal-data.md, "Not covered").

const LEGACY = { name: '上官婉儿', email: 'shangguan@example.com', phone: '13344445555' }
const LIVE = {
  complainantName: '欧阳锋',
  complainantEmail: 'ouyang.feng@example.com',
  complainantPhone: '13987654321',
  respondentName: '诸葛亮',
  respondentEmail: 'zhuge.liang@example.net',
  respondentPhone: '13755667788',
  draftPhone: '13700001111',
  contactName: '司马懿',
  contactEmail: 'sima.yi@example.org',
  contactPhone: '13611223344',
}
/** Each value as it may be written: as given, lower-cased, and phones with +86 and spaced. */
const NEEDLES = [...Object.values(LEGACY), ...Object.values(LIVE)].flatMap((v) =>
  /^\d+$/.test(v)
    ? [v, `+86${v}`, `${v.slice(0, 3)} ${v.slice(3, 7)} ${v.slice(7)}`]
    : [v, v.toLowerCase()],
)
/**
 * Free text a person typed: neither sealed nor masked (docs/personal-data.md) — a complaint's
 * words, and a case's title, which is their first line (src/cases/case-title.ts).
 */
const FREE_TEXT = new Set([
  'feedback.text',
  'cases.title',
  'responses.comment',
  'responses.answers',
])
const TYPED = `请回电 ${LIVE.complainantPhone}`

describeEachDialect('no personal value is left in plaintext at rest', (ctx) => {
  const clock = { now: Date.parse('2026-06-15T04:00:00Z') }
  let app: FastifyInstance
  let smtp: TestSmtpServer
  let cookie: string
  let hitsBeforeStart: string[] = []

  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    })
  const ok = async (response: Promise<LightMyRequestResponse>, status = 200) => {
    const r = await response
    expect(r.statusCode, r.body).toBe(status)
    return r.json()
  }

  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    const { orgId } = (await bootstrapFirstAdmin(
      ctx.store.db,
      TEST_ADMIN.email,
      TEST_ADMIN.password,
      clock.now,
    ))!
    await storeBeforeSealing(orgId)
    hitsBeforeStart = (await plaintextHits()).hits
    const deps = composeApp({
      store: ctx.store,
      config: loadConfig(
        {},
        { webDir: '/nonexistent', smtpUrl: smtp.url, publicUrl: 'https://x.cn', logLevel: 'warn' },
      ),
      clock: () => clock.now,
    })
    app = await buildApp(deps)
    // Starting seals what was stored before (onReady).
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: TEST_ADMIN,
    })
    cookie = cookieHeader(login)

    await ok(
      call('POST', '/api/v1/feedback', {
        channel: 'hotline',
        kind: 'complaint',
        text: TYPED,
        customer: {
          name: LIVE.complainantName,
          email: LIVE.complainantEmail,
          phone: LIVE.complainantPhone,
        },
      }),
      201,
    )
    const survey = await ok(
      call('POST', '/api/v1/surveys', {
        title: { 'zh-CN': '营业厅满意度' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
          { key: 'contact', type: 'contact', title: { 'zh-CN': '联系方式' } },
        ],
      }),
      201,
    )
    await ok(call('POST', `/api/v1/surveys/${survey.id}/publish`))
    await ok(
      call('POST', `/api/v1/public/surveys/${survey.slug}/responses`, {
        answers: {
          nps: 1,
          contact: {
            name: LIVE.respondentName,
            email: LIVE.respondentEmail,
            phone: LIVE.respondentPhone,
            consent: true,
          },
        },
      }),
      201,
    )
    // A half-answered form saved between pages, as the respondent page saves it.
    await createDraft(
      deps.store.db,
      {
        orgId,
        surveyId: survey.id,
        invitationId: null,
        clientResponseId: 'draft-1',
        context: { channel: 'link', hidden: {}, locale: 'zh-CN', formShownAt: clock.now },
      },
      1,
      { contact: { phone: LIVE.draftPhone, consent: true } },
      clock.now,
      survey.questions,
    )
    const csv = `email,phone,姓名\n${LIVE.contactEmail},${LIVE.contactPhone},${LIVE.contactName}\n`
    const list = await ok(
      call('POST', '/api/v1/contact-lists', {
        name: '回访名单',
        file: { name: 'contacts.csv', contentBase64: Buffer.from(csv).toString('base64') },
      }),
      201,
    )
    const distribution = await ok(
      call('POST', `/api/v1/surveys/${survey.id}/distributions`, {
        name: '邮件回访',
        listId: list.list.id,
        channel: 'email',
      }),
      201,
    )
    await ok(call('POST', `/api/v1/distributions/${distribution.id}/send`), 202)
    await deps.jobs.runOnce()
    await deps.jobs.runOnce()
    // The contact opts out through the link in the invitation.
    const tokens = await sql<{ token: string }>`select token from invitations`.execute(ctx.store.db)
    expect(tokens.rows).toHaveLength(1)
    expect(
      (await app.inject({ method: 'POST', url: `/u/${tokens.rows[0]!.token}` })).statusCode,
    ).toBe(200)
  })
  afterAll(async () => {
    await app?.close()
    await smtp?.close()
  })

  /** Plaintext stored before sealing existed: through the store handle without keys. */
  async function storeBeforeSealing(orgId: string): Promise<void> {
    const db = ctx.store.db
    await insertFeedbackRows(db, [
      {
        id: '01J00000000000000000000LEG',
        org_id: orgId,
        channel: 'hotline',
        kind: 'complaint',
        customer_ref: null,
        customer_name: LEGACY.name,
        customer_email: LEGACY.email,
        customer_phone: LEGACY.phone,
        text: '停电没有通知',
        rating: null,
        nps: null,
        csat: null,
        store: null,
        department: null,
        survey_id: null,
        response_id: null,
        external_id: null,
        created_by: 'test',
        received_at: clock.now,
        created_at: clock.now,
        language: null,
        sentiment: null,
        sentiment_score: null,
        topics: null,
        aspects: null,
        analysed_at: null,
      },
    ])
    await insertContactList(db, { id: 'list-legacy', orgId, name: '旧名单', createdAt: clock.now })
    await insertContacts(db, orgId, 'list-legacy', [{ ...LEGACY, attributes: {} }], clock.now)
    await insertUnsubscribe(db, orgId, LEGACY.email, clock.now)
    const scope: Scope = {
      db,
      features: ctx.store.features,
      orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: clock.now,
    }
    const survey = await publishSurvey(
      scope,
      (
        await createSurvey(scope, {
          title: { 'zh-CN': '旧问卷' },
          questions: [
            { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } },
            { key: 'reach', type: 'contact', title: { 'zh-CN': '联系方式' } },
          ],
        })
      ).id,
    )
    const answers = { nps: 2, reach: { ...LEGACY, consent: true } }
    await insertResponseRows(db, [
      buildResponseRow({
        survey,
        orgId,
        timezone: 'Asia/Shanghai',
        answers: answers as never,
        locale: 'zh-CN',
        channel: 'link',
        segments: {},
        submittedAt: clock.now,
      }),
    ])
    await createDraft(
      db,
      {
        orgId,
        surveyId: survey.id,
        invitationId: null,
        clientResponseId: 'draft-legacy',
        context: { channel: 'link', hidden: {}, locale: 'zh-CN', formShownAt: clock.now },
      },
      1,
      answers as never,
      clock.now,
      survey.questions,
    )
  }

  /** Every table of the store with its rows (every column), from the store's own catalogue. */
  async function everyTable(): Promise<Map<string, Array<Record<string, unknown>>>> {
    const names =
      ctx.store.features.name === 'postgres'
        ? await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = ${ctx.store.pgSchema ?? 'public'}`.execute(ctx.store.db)
        : await sql<{ name: string }>`select name from sqlite_master
            where type = 'table' and name not like 'sqlite_%'`.execute(ctx.store.db)
    const tables = new Map<string, Array<Record<string, unknown>>>()
    for (const { name } of names.rows) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(
        ctx.store.db,
      )
      tables.set(name, rows.rows)
    }
    return tables
  }

  /** Every needle found in a column of a table of the store, and how many cells were read. */
  async function plaintextHits(): Promise<{ hits: string[]; cells: number }> {
    const tables = await everyTable()
    expect(tables.size).toBeGreaterThan(30)
    const hits: string[] = []
    let cells = 0
    for (const [table, rows] of tables) {
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null || value === undefined) continue
          cells++
          const text = typeof value === 'string' ? value : JSON.stringify(value)
          for (const needle of NEEDLES) {
            if (text.includes(needle)) hits.push(`${table}.${column}: ${needle}`)
          }
        }
      }
    }
    return { hits, cells }
  }

  it('seeds values an administrator reads back (the scan below is not vacuous)', async () => {
    const cases = (await ok(call('GET', '/api/v1/cases'))).cases as Array<{ id: string }>
    const bodies = await Promise.all(
      cases.map(async (c) => (await call('GET', `/api/v1/cases/${c.id}`)).body),
    )
    expect(bodies.join('\n')).toContain(LIVE.complainantPhone)
    const legacy = await ok(call('GET', '/api/v1/feedback/01J00000000000000000000LEG'))
    expect(JSON.stringify(legacy)).toContain(LEGACY.phone)
    // Before the first start the scan finds what was stored before sealing, in every sealed table.
    expect(hitsBeforeStart).toEqual(
      expect.arrayContaining([
        `feedback.customer_phone: ${LEGACY.phone}`,
        `contacts.email: ${LEGACY.email}`,
        `unsubscribes.address: ${LEGACY.email}`,
        `responses.answers: ${LEGACY.phone}`,
        `response_drafts.answers: ${LEGACY.name}`,
      ]),
    )
  })

  it('finds none of them in any column of any table, except typed free text', async () => {
    const { hits, cells } = await plaintextHits()
    expect(cells).toBeGreaterThan(500)
    // The complaint's own words hold a number the caller typed: free text, documented as such.
    expect(hits).toContain(`feedback.text: ${LIVE.complainantPhone}`)
    expect(hits.filter((hit) => !FREE_TEXT.has(hit.split(':')[0]!))).toEqual([])
    // And none of the sealed places: a contact answer's values are envelopes in responses.answers.
    expect(hits.filter((hit) => hit.startsWith('responses.answers'))).toEqual([])
  })
})
