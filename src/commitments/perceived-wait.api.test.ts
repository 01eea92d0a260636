import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, TEST_ADMIN, type TestApp } from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'
import { createUnit } from '../units/unit.service.js'
import type { PerceivedWaits } from './perceived-wait.schema.js'

// Perceived against actual waits over HTTP on both stores (issue 20 "Waiting"). Hall H1
// (Shanghai time) on Monday 12 Oct 2026: tickets A1–A5 called after 2, 8, 22, 12 and 15 minutes,
// A6 leaves uncalled; A1 was also given on Sunday and waited 30 minutes then (the answer on
// Monday rates Monday's visit). Hall H2: B1 waits 4, B2 30 minutes. The hall-visit survey's link
// carries unit and ticket; its slider `waited` asks the minutes, `wait_band` a minute band.
// H1's answers at 10:00: A1–A5 say 5, 10, 30, 8, 15 minutes — the hand-worked pairs of
// src/analytics/perceived-wait.test.ts (mean gap 1.8 ± 5.4407, Spearman 0.9) — plus A6 (never
// called), Z9 (no such visit), one without a ticket and one A1 leaving the slider empty.
const at = (local: string) => Date.parse(`${local}+08:00`)
let n = 0
const ev = (unit: string, type: string, local: string, ticket?: string, counter?: string) => ({
  eventId: `pw${++n}`,
  unit,
  type,
  occurredAt: `2026-10-${local}+08:00`,
  ...(ticket ? { ticket } : {}),
  ...(counter ? { counter } : {}),
})
const called = (unit: string, ticket: string, taken: string, call: string, counter: string) => [
  ev(unit, 'taken', taken, ticket),
  ev(unit, 'called', call, ticket, counter),
]
const EVENTS = [
  ...['C1', 'C2', 'C3'].map((c) => ev('H1', 'opened', '11T08:59:00', undefined, c)),
  ...called('H1', 'A1', '11T09:00:00', '11T09:30:00', 'C1'),
  ...['C1', 'C2', 'C3'].map((c) => ev('H1', 'opened', '12T08:59:00', undefined, c)),
  ...called('H1', 'A1', '12T09:00:00', '12T09:02:00', 'C1'),
  ...called('H1', 'A2', '12T09:01:00', '12T09:09:00', 'C2'),
  ...called('H1', 'A3', '12T09:02:00', '12T09:24:00', 'C3'),
  ...called('H1', 'A4', '12T09:03:00', '12T09:15:00', 'C1'),
  ...called('H1', 'A5', '12T09:04:00', '12T09:19:00', 'C2'),
  ev('H1', 'taken', '12T09:05:00', 'A6'),
  ev('H1', 'left', '12T09:10:00', 'A6'),
  ev('H2', 'opened', '12T08:59:00', undefined, 'C1'),
  ...called('H2', 'B1', '12T09:00:00', '12T09:04:00', 'C1'),
  ...called('H2', 'B2', '12T09:00:00', '12T09:30:00', 'C1'),
]
const option = (key: string, zh: string, en: string) => ({
  key,
  label: { 'zh-CN': zh, 'en-US': en },
})
const QUESTIONS = [
  { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: false },
  {
    key: 'waited',
    type: 'slider',
    title: { 'zh-CN': '您觉得等了几分钟？', 'en-US': 'How many minutes did you wait?' },
    required: false,
    slider: { min: 0, max: 60 },
  },
  {
    key: 'wait_band',
    type: 'single',
    title: { 'zh-CN': '您等了多久？', 'en-US': 'How long did you wait?' },
    required: false,
    options: [
      option('lt5', '<5 分钟', 'Under 5 min'),
      option('m5', '5–10 分钟', '5–10 min'),
      option('m10', '10–20 分钟', '10–20 min'),
      option('gt20', '>20 分钟', 'Over 20 min'),
    ],
  },
  {
    key: 'pleased',
    type: 'single',
    title: { 'zh-CN': '满意吗？' },
    required: false,
    options: [option('yes', '满意', 'Yes'), option('no', '不满意', 'No')],
  },
]
// [hall, ticket or null, waited or null, band or null]
const ANSWERS: Array<[string, string | null, number | null, string | null]> = [
  ['H1', 'A1', 5, null],
  ['H1', 'A2', 10, null],
  ['H1', 'A3', 30, null],
  ['H1', 'A4', 8, null],
  ['H1', 'A5', 15, null],
  ['H1', 'A6', 10, null],
  ['H1', 'Z9', 5, null],
  ['H1', null, 5, null],
  ['H1', 'A1', null, null],
  ['H2', 'B1', 5, 'm5'],
  ['H2', 'B2', 40, 'gt20'],
]

describeEachDialect('perceived against actual waits over HTTP', (ctx) => {
  let t: TestApp
  let surveyId = ''
  let otherSurveyId = ''
  let siblingCookie = ''
  const ids = new Map<string, string>()
  const get = (url: string, cookie = t.adminCookie) =>
    t.app.inject({ method: 'GET', url, headers: { cookie } })
  const period = 'from=2026-10-12T00:00:00%2B08:00&to=2026-10-13T00:00:00%2B08:00'

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    t.clock.now = at('2026-10-12T10:00:00')
    t.adminCookie = cookieHeader(
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: TEST_ADMIN }),
    )
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: at('2026-01-01T00:00:00'),
    }
    for (const code of ['H1', 'H2', 'H3']) {
      const unit = await createUnit(scope, {
        code,
        nameZh: `营业厅${code}`,
        nameEn: `Hall ${code}`,
        type: 'hall',
        parentId: null,
      })
      ids.set(code, unit.id)
    }
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/queue-events',
      headers: { cookie: t.adminCookie },
      payload: { events: EVENTS },
    })
    expect(sent.json()).toMatchObject({ stored: EVENTS.length, rejected: [] })
    const create = async (title: string, hiddenFields: string[]) => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: { cookie: t.adminCookie },
        payload: { title: { 'zh-CN': title }, questions: QUESTIONS, settings: { hiddenFields } },
      })
      expect(created.statusCode, created.body.slice(0, 300)).toBe(201)
      const published = await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${created.json().id}/publish`,
        headers: { cookie: t.adminCookie },
        payload: {},
      })
      expect(published.statusCode).toBe(200)
      return created.json() as { id: string; slug: string }
    }
    otherSurveyId = (await create('没有票号的问卷', ['unit'])).id
    const survey = await create('营业厅到访评价', ['unit', 'ticket'])
    surveyId = survey.id
    for (const [i, [unit, ticket, waited, band]] of ANSWERS.entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${survey.slug}/responses`,
        payload: {
          answers: {
            nps: 9,
            ...(waited === null ? {} : { waited }),
            ...(band === null ? {} : { wait_band: band }),
          },
          clientResponseId: `perceived-${i}`,
          segments: ticket === null ? { unit } : { unit, ticket },
        },
      })
      expect(res.statusCode, res.body.slice(0, 300)).toBe(201)
    }
    const userId = await createUser(
      { db: t.db, orgId: t.orgId },
      {
        email: 'h3-agent@perceived.test',
        displayName: '三厅坐席',
        password: 'perceived-password-1',
        role: 'agent',
      },
      t.clock.now,
    )
    await setMembershipUnits(scope, userId, { unitIds: [ids.get('H3')!] })
    // Sessions idle out: sign in again at the reading time.
    t.clock.now = at('2026-10-13T12:00:00')
    t.adminCookie = cookieHeader(
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: TEST_ADMIN }),
    )
    siblingCookie = cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'h3-agent@perceived.test', password: 'perceived-password-1' },
      }),
    )
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('offers the surveys with a ticket field and their questions in minutes', async () => {
    const res = await get(`/api/v1/queue/perceived-waits?${period}`)
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    const body = res.json() as PerceivedWaits
    expect(body.surveys.map((s) => s.id)).toEqual([surveyId])
    expect(body.surveys.map((s) => s.id)).not.toContain(otherSurveyId)
    expect(body.surveys[0]!.questions.map((q) => [q.key, q.kind])).toEqual([
      ['waited', 'minutes'],
      ['wait_band', 'bands'],
    ])
    // Without a choice: the first survey and its first question.
    expect(body).toMatchObject({ surveyId, questionId: 'waited', answers: 11 })
  })

  it('matches answers to the visits by hall and ticket and compares the slider minutes', async () => {
    const res = await get(
      `/api/v1/queue/perceived-waits?${period}&surveyId=${surveyId}&questionId=waited`,
    )
    const body = res.json() as PerceivedWaits
    expect(body).toMatchObject({
      answers: 11,
      withoutTicket: 1,
      unmatched: 1,
      notCalled: 1,
      noMinutes: 1,
    })
    const [h1, h2] = body.units
    expect(h1).toMatchObject({ unitId: ids.get('H1'), unitName: '营业厅H1', unitNameEn: 'Hall H1' })
    // A1 is Monday's 2-minute visit, not Sunday's 30 minutes: the hand-worked set.
    expect(h1!.summary).toMatchObject({ n: 5, medianGap: 2, overestimateShare: 0.6 })
    expect(h1!.summary.meanActual).toBeCloseTo(11.8, 10)
    expect(h1!.summary.meanPerceived).toBeCloseTo(13.6, 10)
    expect(h1!.summary.meanGap).toBeCloseTo(1.8, 10)
    expect(h1!.summary.gapInterval![0]).toBeCloseTo(-3.6407, 3)
    expect(h1!.summary.gapInterval![1]).toBeCloseTo(7.2407, 3)
    expect(h1!.summary.spearman).toBeCloseTo(0.9, 10)
    expect(h1!.summary.bands.map((b) => [b.from, b.n, b.meanGap])).toEqual([
      [0, 1, 3],
      [5, 1, 2],
      [10, 2, -2],
      [20, 1, 8],
    ])
    // H2: (5, 4) and (40, 30), gaps 1 and 10.
    expect(h2).toMatchObject({ unitId: ids.get('H2') })
    expect(h2!.summary).toMatchObject({ n: 2, meanActual: 17, meanPerceived: 22.5, meanGap: 5.5 })
    // Total: the seven pairs, mean actual (59 + 34)/7, mean perceived (68 + 45)/7.
    expect(body.total.n).toBe(7)
    expect(body.total.meanActual).toBeCloseTo(93 / 7, 10)
    expect(body.total.meanPerceived).toBeCloseTo(113 / 7, 10)
  })

  it('reads a minute-band question as band midpoints', async () => {
    const res = await get(
      `/api/v1/queue/perceived-waits?${period}&surveyId=${surveyId}&questionId=wait_band`,
    )
    const body = res.json() as PerceivedWaits
    expect(body).toMatchObject({ answers: 11, withoutTicket: 1, unmatched: 1, notCalled: 1 })
    expect(body.noMinutes).toBe(6)
    // B1 "5–10 分钟" → 7.5 against 4; B2 ">20 分钟" → 25 against 30.
    expect(body.total).toMatchObject({ n: 2, meanPerceived: 16.25, meanActual: 17 })
    expect(body.units.map((u) => u.unitId)).toEqual([ids.get('H2')])
  })

  it('keeps to the halls asked for and refuses a question not in minutes', async () => {
    const h2 = (
      await get(`/api/v1/queue/perceived-waits?${period}&unitIds=${ids.get('H2')}`)
    ).json() as PerceivedWaits
    expect(h2).toMatchObject({ answers: 2, withoutTicket: 0, unmatched: 0 })
    expect(h2.total.n).toBe(2)
    const pleased = await get(
      `/api/v1/queue/perceived-waits?${period}&surveyId=${surveyId}&questionId=pleased`,
    )
    expect(pleased.statusCode).toBe(404)
    expect(pleased.json().error.details[0].path).toBe('questionId')
    const other = await get(`/api/v1/queue/perceived-waits?surveyId=${otherSurveyId}`)
    expect(other.statusCode).toBe(404)
  })

  it('is in the API documentation with its query', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    const op = spec.paths['/api/v1/queue/perceived-waits'].get
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
      ['from', 'questionId', 'surveyId', 'to', 'unitIds'].sort(),
    )
  })

  it('shows a user of a sibling hall nothing of the others', async () => {
    const res = await get(`/api/v1/queue/perceived-waits?${period}`, siblingCookie)
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    const body = res.json() as PerceivedWaits
    expect(body).toMatchObject({ answers: 0, withoutTicket: 0, unmatched: 0, units: [] })
    expect(body.total.n).toBe(0)
    const asked = await get(
      `/api/v1/queue/perceived-waits?${period}&unitIds=${ids.get('H1')}`,
      siblingCookie,
    )
    expect(asked.statusCode).toBe(404)
    expect(asked.json().error.code).toBe('UNIT_NOT_FOUND')
  })
})
