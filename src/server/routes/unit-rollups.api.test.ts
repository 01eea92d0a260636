import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import type { Scope } from '../../db/scope.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { setMembershipUnits } from '../../units/unit-membership.service.js'
import { createUnit } from '../../units/unit.service.js'
import { cookieHeader, createTestApp, type TestApp } from '../test-app.js'

// GET /api/v1/units/:id/rollup over HTTP on both stores: answers through the public link with a
// unit code, then the unit's subtree per day with NPS counts, 7-level CSM counts and SERVQUAL
// sums; a supervisor of a sibling unit gets UNIT_NOT_FOUND; a window over a year is refused.
//   K1 (under C1): NPS 10, 很满意 (+60), SERVQUAL tangibles E 5 P 6 (one item), reliability E 7 P 4 (reversed item: E 1 P 4 as answered)
//   K1: NPS 3, 一般 (0), SERVQUAL incomplete (not counted)
//   K2 (under C2): NPS 9, 不满意 (−40)

const QUESTIONS = [
  { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } },
  { key: 'hall', type: 'csm7', title: { 'zh-CN': '营业厅环境' } },
  {
    key: 'sq1',
    type: 'servqual',
    title: { 'zh-CN': '设施' },
    servqual: { dimension: 'tangibles', reversed: false },
  },
  {
    key: 'sq2',
    type: 'servqual',
    title: { 'zh-CN': '可靠' },
    servqual: { dimension: 'reliability', reversed: true },
  },
]

describeEachDialect('a unit’s roll-up over HTTP', (ctx) => {
  let t: TestApp
  const ids = new Map<string, string>()
  let siblingCookie = ''
  let date = ''
  const get = (url: string, cookie = t.adminCookie) =>
    t.app.inject({ method: 'GET', url, headers: { cookie } })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: t.clock.now - 86_400_000,
    }
    for (const [code, parent] of [
      ['P', null],
      ['C1', 'P'],
      ['C2', 'P'],
      ['K1', 'C1'],
      ['K2', 'C2'],
    ] as const) {
      const unit = await createUnit(scope, {
        code,
        nameZh: code,
        parentId: parent ? ids.get(parent)! : null,
      })
      ids.set(code, unit.id)
    }
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: { title: { 'zh-CN': '营业厅满意度' }, questions: QUESTIONS },
    })
    expect(created.statusCode).toBe(201)
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${created.json().id}/publish`,
      headers: { cookie: t.adminCookie },
      payload: {},
    })
    const answers: Array<[string, Record<string, unknown>]> = [
      [
        'K1',
        {
          nps: 10,
          hall: 60,
          sq1: { expectation: 5, perception: 6 },
          sq2: { expectation: 1, perception: 4 },
        },
      ],
      ['K1', { nps: 3, hall: 0, sq1: { expectation: 2, perception: 2 } }],
      ['K2', { nps: 9, hall: -40 }],
    ]
    for (const [i, [unit, given]] of answers.entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${created.json().slug}/responses`,
        payload: { answers: given, clientResponseId: `rollup-${i}`, segments: { unit } },
      })
      expect(res.statusCode).toBe(201)
    }
    // The answers' local date, whatever the organisation's time zone: the only day with answers.
    const around = (ms: number) => new Date(t.clock.now + ms).toISOString().slice(0, 10)
    const wide = await get(
      `/api/v1/units/${ids.get('P')}/rollup?from=${around(-86_400_000)}&to=${around(86_400_000)}`,
    )
    expect(wide.json().days).toHaveLength(1)
    date = wide.json().days[0].date
    const email = 'c2-lead@rollup.local'
    const userId = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      { email, displayName: '二市主管', password: 'rollup-password-1', role: 'supervisor' },
      t.clock.now,
    )
    await setMembershipUnits(scope, userId, { unitIds: [ids.get('C2')!] })
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'rollup-password-1' },
    })
    siblingCookie = cookieHeader(login)
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('gives the subtree’s answers, NPS, CSM and SERVQUAL per day', async () => {
    const res = await get(`/api/v1/units/${ids.get('C1')}/rollup?from=${date}&to=${date}`)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.days).toHaveLength(1)
    const day = body.days[0]
    expect(day.date).toBe(date)
    expect(day.responses).toBe(2)
    expect(day.nps[10]).toBe(1)
    expect(day.nps[3]).toBe(1)
    expect(day.csm).toEqual({ hall: [0, 0, 0, 1, 0, 0, 1] })
    // Only the complete answer: reliability reverse-scored (8 − x): E 7, P 4.
    expect(day.servqual).toEqual({
      tangibles: {
        respondents: 1,
        itemAnswers: 1,
        expectationSum: 5,
        perceptionSum: 6,
        gapSquares: 1,
      },
      reliability: {
        respondents: 1,
        itemAnswers: 1,
        expectationSum: 7,
        perceptionSum: 4,
        gapSquares: 9,
      },
    })
    const top = (await get(`/api/v1/units/${ids.get('P')}/rollup?from=${date}&to=${date}`)).json()
    expect(top.days[0].responses).toBe(3)
    expect(top.days[0].csm).toEqual({ hall: [0, 1, 0, 1, 0, 0, 1] })
  })

  it('answers UNIT_NOT_FOUND to a supervisor of a sibling unit and refuses a window over a year', async () => {
    const own = await get(
      `/api/v1/units/${ids.get('C2')}/rollup?from=${date}&to=${date}`,
      siblingCookie,
    )
    expect(own.statusCode).toBe(200)
    expect(own.json().days[0].csm).toEqual({ hall: [0, 1, 0, 0, 0, 0, 0] })
    const sibling = await get(
      `/api/v1/units/${ids.get('C1')}/rollup?from=${date}&to=${date}`,
      siblingCookie,
    )
    expect(sibling.statusCode).toBe(404)
    expect(sibling.json().error.code).toBe('UNIT_NOT_FOUND')
    const long = await get(`/api/v1/units/${ids.get('C1')}/rollup?from=2025-01-01&to=2026-06-30`)
    expect(long.statusCode).toBe(400)
    expect(long.json().error.code).toBe('VALIDATION_FAILED')
  })
})
