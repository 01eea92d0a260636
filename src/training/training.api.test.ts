import { afterAll, beforeAll, expect, it } from 'vitest'
import { studentTQuantile } from '../analytics/distributions.js'
import { createUser } from '../auth/auth.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import {
  cookieHeader,
  createTestApp,
  SAMPLE_SURVEY,
  TEST_ADMIN,
  type TestApp,
} from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'

// Training (issue 19) end to end on both stores: the three weakest on a course's outcome are
// suggested, a session is scheduled for them and completed, new answers arrive, and the effect
// is the difference in differences worked here from the raw answers; attendance only for the
// enrolled; a sibling unit's supervisor sees no session of the unit.

const BEFORE: Record<string, number[]> = {
  T1: [2, 2, 3, 3, 2, 3],
  T2: [3, 3, 2, 3, 3, 2],
  T3: [3, 3, 3, 3, 2, 3],
  T4: [5, 4, 5, 4, 5, 4],
  T5: [4, 4, 5, 4, 4, 5],
  T6: [5, 5, 4, 5, 5, 4],
}
const AFTER: Record<string, number[]> = {
  T1: [4, 4, 5, 4, 4, 4],
  T2: [4, 4, 5, 4, 4, 4],
  T3: [4, 4, 5, 4, 4, 4],
  T4: BEFORE.T4!,
  T5: BEFORE.T5!,
  T6: BEFORE.T6!,
}

/** Mean and sample variance of pooled answers: the reference for each cell. */
function moments(values: number[]) {
  const n = values.length
  const mean = values.reduce((s, v) => s + v, 0) / n
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)
  return { n, mean, variance }
}

function csv(lines: string[]): string {
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8').toString('base64')
}

describeEachDialect('training API', (ctx) => {
  let t: TestApp
  let slug = ''
  const unit: Record<string, string> = {}
  const ids: Record<string, string> = {}
  const cookies: Record<string, string> = {}
  const as = (who: string) => ({ cookie: cookies[who]! })

  /** Moves the clock and signs everyone in again (sessions end when the clock jumps weeks). */
  async function at(iso: string) {
    t.clock.now = Date.parse(iso)
    const login = async (email: string, password: string) =>
      cookieHeader(
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password },
        }),
      )
    cookies.admin = await login(TEST_ADMIN.email, TEST_ADMIN.password)
    for (const who of ['gz', 'sz'])
      cookies[who] = await login(`${who}@corp.test`, 'supervisor-password-1')
  }

  async function answer(
    prefix: string,
    scores: Record<string, number[]>,
    metric: 'csat' | 'nps' = 'csat',
  ) {
    for (const [code, values] of Object.entries(scores)) {
      for (const [i, score] of values.entries()) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${slug}/responses`,
          payload: {
            answers: metric === 'csat' ? { nps: 8, csat: score } : { nps: score, csat: 4 },
            segments: { employee: code },
            clientResponseId: `${prefix}-${code}-${i}`,
          },
        })
        expect(res.statusCode, res.body).toBe(201)
      }
    }
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: t.clock.now,
    }
    // Units and employees exist from May on (a unit is unknown before its creation).
    t.clock.now = Date.parse('2026-05-01T00:00:00Z')
    const admin = {
      cookie: cookieHeader(
        await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: TEST_ADMIN }),
      ),
    }
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/units/import',
      headers: admin,
      payload: {
        file: {
          name: 'u.csv',
          contentBase64: csv(['code,parent_code,name', 'GZ,,广州店', 'SZ,,深圳店']),
        },
      },
    })
    for (const u of (
      await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: admin })
    ).json().units)
      unit[u.code] = u.id
    for (const [who, code] of [
      ['gz', 'GZ'],
      ['sz', 'SZ'],
    ] as const) {
      const id = await createUser(
        scope,
        {
          email: `${who}@corp.test`,
          displayName: `${code} lead`,
          password: 'supervisor-password-1',
          role: 'supervisor',
        },
        t.clock.now,
      )
      await setMembershipUnits(scope, id, { unitIds: [unit[code]!] })
    }
    const rows = [
      'code,name,unit_code',
      ...Object.keys(BEFORE).map((c) => `${c},技师${c},GZ`),
      'S1,深圳技师,SZ',
    ]
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/employees/import',
      headers: admin,
      payload: { file: { name: 's.csv', contentBase64: csv(rows) } },
    })
    for (const e of (
      await t.app.inject({ method: 'GET', url: '/api/v1/employees', headers: admin })
    ).json().employees)
      ids[e.code] = e.id
    const config = (
      await t.app.inject({ method: 'GET', url: '/api/v1/case-config', headers: admin })
    ).json()
    const { publicFormKey: _, ...rest } = config
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/case-config',
      headers: admin,
      payload: { ...rest, rules: { ...rest.rules, detractor: false, lowCsat: false } },
    })
    const survey = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin,
      payload: { ...SAMPLE_SURVEY, settings: { hiddenFields: ['employee'] } },
    })
    slug = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${survey.json().id}/publish`,
        headers: admin,
      })
    ).json().slug
    await at('2026-05-10T03:00:00Z')
    await answer('training-before', BEFORE)
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('suggests the three weakest, schedules them, and measures the effect against untrained colleagues', async () => {
    await at('2026-05-20T03:00:00Z')
    const course = await t.app.inject({
      method: 'POST',
      url: '/api/v1/training/courses',
      headers: as('gz'),
      payload: {
        title: '快速响应',
        topic: '首问负责与限时回复',
        dimension: 'responsiveness',
        outcome: 'csat',
      },
    })
    expect(course.statusCode, course.body).toBe(201)
    const courseId = course.json().id
    const suggested = await t.app.inject({
      method: 'GET',
      url: `/api/v1/training/suggestions?courseId=${courseId}&unitId=${unit.GZ}`,
      headers: as('gz'),
    })
    expect(suggested.statusCode, suggested.body).toBe(200)
    const weakest = suggested.json().suggestions
    expect(weakest.map((s: { employee: { code: string } }) => s.employee.code)).toEqual([
      'T1',
      'T2',
      'T3',
    ])
    expect(weakest[0]).toMatchObject({ n: 6, raw: 2.5 })
    expect(weakest[0].shrunk).toBeGreaterThan(2.5)

    const stranger = await t.app.inject({
      method: 'POST',
      url: '/api/v1/training/sessions',
      headers: as('gz'),
      payload: {
        courseId,
        unitId: unit.GZ,
        startsAt: '2026-06-01T01:00:00Z',
        endsAt: '2026-06-02T09:00:00Z',
        employeeIds: [ids.T1, ids.S1],
      },
    })
    expect(stranger.statusCode).toBe(404)
    expect(stranger.json().error).toMatchObject({ code: 'EMPLOYEE_NOT_FOUND', id: ids.S1 })
    const session = await t.app.inject({
      method: 'POST',
      url: '/api/v1/training/sessions',
      headers: as('gz'),
      payload: {
        courseId,
        unitId: unit.GZ,
        startsAt: '2026-06-01T01:00:00Z',
        endsAt: '2026-06-02T09:00:00Z',
        employeeIds: weakest.map((s: { employee: { id: string } }) => s.employee.id),
      },
    })
    expect(session.statusCode, session.body).toBe(201)
    const sessionId = session.json().id
    expect(session.json().attendance.map((a: { status: string }) => a.status)).toEqual([
      'enrolled',
      'enrolled',
      'enrolled',
    ])

    await at('2026-06-02T10:00:00Z')
    for (const code of ['T1', 'T2', 'T3']) {
      const done = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/training/sessions/${sessionId}/attendance/${ids[code]}`,
        headers: as('gz'),
        payload: { status: 'completed' },
      })
      expect(done.statusCode, done.body).toBe(200)
    }
    const notEnrolled = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/training/sessions/${sessionId}/attendance/${ids.T4}`,
      headers: as('gz'),
      payload: { status: 'completed' },
    })
    expect(notEnrolled.json().error.code).toBe('TRAINING_NOT_ENROLLED')

    await at('2026-06-10T03:00:00Z')
    await answer('training-after', AFTER)
    await at('2026-06-20T03:00:00Z')
    const effect = await t.app.inject({
      method: 'GET',
      url: `/api/v1/training/sessions/${sessionId}/effect?days=30`,
      headers: as('gz'),
    })
    expect(effect.statusCode, effect.body).toBe(200)
    const e = effect.json()
    const cells = {
      tb: moments(['T1', 'T2', 'T3'].flatMap((c) => BEFORE[c]!)),
      ta: moments(['T1', 'T2', 'T3'].flatMap((c) => AFTER[c]!)),
      cb: moments(['T4', 'T5', 'T6'].flatMap((c) => BEFORE[c]!)),
      ca: moments(['T4', 'T5', 'T6'].flatMap((c) => AFTER[c]!)),
    }
    expect(e).toMatchObject({ outcome: 'csat', trainedEmployees: 3, comparisonEmployees: 3 })
    expect(e.cells.trainedBefore.n).toBe(18)
    expect(e.cells.trainedBefore.mean).toBeCloseTo(48 / 18, 9)
    expect(e.cells.trainedAfter.mean).toBeCloseTo(25 / 6, 9)
    expect(e.cells.comparisonAfter.mean).toBeCloseTo(4.5, 9)
    // (25/6 − 48/18) − (4.5 − 4.5) = 1.5. Every cell varies and no t interval reaches 1 or 5, so
    // MOVER's half-width is √Σ(t₀.₉₇₅,ₙ₋₁·s/√n)² over the four cells (Newcombe 2001).
    expect(e.estimate).toBeCloseTo(1.5, 9)
    const half = Math.sqrt(
      Object.values(cells).reduce(
        (s, c) => s + (studentTQuantile(0.975, c.n - 1) * Math.sqrt(c.variance / c.n)) ** 2,
        0,
      ),
    )
    expect(e.ci95[0]).toBeCloseTo(1.5 - half, 9)
    expect(e.ci95[1]).toBeCloseTo(1.5 + half, 9)
    expect(e.pValue).toBeLessThan(0.001)
    expect(e.ci95[0]).toBeGreaterThan(0)
    expect(e.verdict).toBe('improved')

    // Those who completed it are no longer suggested.
    const next = await t.app.inject({
      method: 'GET',
      url: `/api/v1/training/suggestions?courseId=${courseId}&unitId=${unit.GZ}&count=1`,
      headers: as('gz'),
    })
    expect(
      next.json().suggestions.map((s: { employee: { code: string } }) => s.employee.code),
    ).toEqual(['T5'])

    // The sibling unit's supervisor sees none of it.
    expect(
      (
        await t.app.inject({ method: 'GET', url: '/api/v1/training/sessions', headers: as('sz') })
      ).json().sessions,
    ).toEqual([])
    for (const url of [
      `/api/v1/training/sessions/${sessionId}`,
      `/api/v1/training/sessions/${sessionId}/effect`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: as('sz') })
      expect(res.statusCode, url).toBe(404)
      expect(res.json().error.code).toBe('TRAINING_SESSION_NOT_FOUND')
    }
    const theirs = await t.app.inject({
      method: 'GET',
      url: `/api/v1/training/suggestions?courseId=${courseId}&unitId=${unit.GZ}`,
      headers: as('sz'),
    })
    expect(theirs.json().error.code).toBe('UNIT_NOT_FOUND')
  }, 120_000)

  it('does not call six all-promoter answers after the session an improvement', async () => {
    // Before: T5 30 promoters and 10 passives (NPS 75); comparison T6 20 passives then 20 passives.
    // After: T5 6 promoters (NPS 100, no spread). Welch's t took the after cell as certain:
    // 25 ± 2.02·√(1923/40) = 11.0…39.0, "improved". Tango's interval for 6 of 6 promoters reaches
    // down to NPS 21.9 and each all-passive month of 20 keeps ±16.1, so the MOVER interval,
    // about −57.0…52.5, holds 0.
    await at('2026-08-20T03:00:00Z')
    const course = await t.app.inject({
      method: 'POST',
      url: '/api/v1/training/courses',
      headers: as('gz'),
      payload: { title: '推荐话术', dimension: 'empathy', outcome: 'nps' },
    })
    expect(course.statusCode, course.body).toBe(201)
    await answer(
      'promoters-before',
      { T5: [...Array(30).fill(10), ...Array(10).fill(8)], T6: Array(20).fill(8) },
      'nps',
    )
    const session = await t.app.inject({
      method: 'POST',
      url: '/api/v1/training/sessions',
      headers: as('gz'),
      payload: {
        courseId: course.json().id,
        unitId: unit.GZ,
        startsAt: '2026-08-25T01:00:00Z',
        endsAt: '2026-08-25T09:00:00Z',
        employeeIds: [ids.T5],
      },
    })
    expect(session.statusCode, session.body).toBe(201)
    await at('2026-08-26T03:00:00Z')
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/training/sessions/${session.json().id}/attendance/${ids.T5}`,
      headers: as('gz'),
      payload: { status: 'completed' },
    })
    await answer('promoters-after', { T5: Array(6).fill(10), T6: Array(20).fill(8) }, 'nps')
    await at('2026-08-30T03:00:00Z')
    const e = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/training/sessions/${session.json().id}/effect?days=10`,
        headers: as('gz'),
      })
    ).json()
    expect(e).toMatchObject({
      outcome: 'nps',
      trainedEmployees: 1,
      cells: {
        trainedBefore: { n: 40, mean: 75 },
        trainedAfter: { n: 6, mean: 100 },
        comparisonBefore: { n: 20, mean: 0 },
        comparisonAfter: { n: 20, mean: 0 },
      },
      verdict: 'no_significant_change',
    })
    expect(e.estimate).toBeCloseTo(25, 9)
    expect(e.ci95[0]).toBeLessThan(0)
    expect(e.ci95[1]).toBeGreaterThan(25)
    expect(e.pValue).toBeGreaterThan(0.05)
  }, 120_000)

  it('says there is not enough data before any answer after the session', async () => {
    await at('2026-06-20T03:00:00Z')
    const course = await t.app.inject({
      method: 'POST',
      url: '/api/v1/training/courses',
      headers: as('gz'),
      payload: { title: '投诉处理', dimension: 'complaint_handling', outcome: 'nps' },
    })
    const session = await t.app.inject({
      method: 'POST',
      url: '/api/v1/training/sessions',
      headers: as('gz'),
      payload: {
        courseId: course.json().id,
        unitId: unit.GZ,
        startsAt: '2026-06-19T01:00:00Z',
        endsAt: '2026-06-19T09:00:00Z',
        employeeIds: [ids.T4],
      },
    })
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/training/sessions/${session.json().id}/attendance/${ids.T4}`,
      headers: as('gz'),
      payload: { status: 'completed' },
    })
    const effect = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/training/sessions/${session.json().id}/effect`,
        headers: as('gz'),
      })
    ).json()
    expect(effect).toMatchObject({
      outcome: 'nps',
      trainedEmployees: 1,
      cells: { trainedAfter: { n: 0, mean: null } },
      estimate: null,
      verdict: 'not_enough_data',
    })
  }, 120_000)
})
