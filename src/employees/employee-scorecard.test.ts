import { beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, SAMPLE_SURVEY, type TestApp } from '../server/test-app.js'

// Customer outcomes per employee (issue 19), end to end on both stores: answers attributed by the
// `employee` hidden field, ranked within the unit on CSAT with the shrinkage checked against a
// reference computation made here from the raw answers (James–Stein, which the Morris estimator
// of the league tables reduces to when every employee has the same n: Efron & Morris 1975);
// complaints, praise, repeat complaints; the self-service scorecard and its guard.

const CSAT: Record<string, number[]> = {
  T1: [5, 5, 5, 5, 5, 5, 5, 5, 4, 4],
  T2: [5, 5, 5, 4, 4, 4, 4, 4, 4, 3],
  T3: [4, 4, 4, 4, 4, 3, 3, 3, 3, 3],
  T4: [3, 3, 3, 3, 3, 2, 2, 2, 2, 2],
  T5: [5, 4, 4, 4, 4, 4, 4, 4, 4, 4],
}

/** The reference: James–Stein shrinkage toward the mean of equal-n groups, from raw answers. */
function jamesStein(groups: number[][]) {
  const k = groups.length
  const n = groups[0]!.length
  const means = groups.map((g) => g.reduce((s, x) => s + x, 0) / n)
  const within =
    groups.reduce((s, g, i) => s + g.reduce((t, x) => t + (x - means[i]!) ** 2, 0), 0) /
    (k * (n - 1))
  const grand = means.reduce((s, m) => s + m, 0) / k
  const spread = means.reduce((s, m) => s + (m - grand) ** 2, 0)
  const b = ((k - 3) * (within / n)) / spread
  return { grand, b, shrunk: means.map((m) => grand + (1 - b) * (m - grand)), means }
}

function csv(lines: string[]): string {
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8').toString('base64')
}

describeEachDialect('employees’ customer outcomes and scorecards', (ctx) => {
  let t: TestApp
  let gz = ''
  const ids: Record<string, string> = {}
  let selfCookie = ''
  const admin = () => ({ cookie: t.adminCookie })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/units/import',
      headers: admin(),
      payload: {
        file: { name: 'u.csv', contentBase64: csv(['code,parent_code,name', 'GZ,,广州店']) },
      },
    })
    gz = (await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: admin() })).json()
      .units[0].id
    const selfId = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      {
        email: 'zhao@corp.test',
        displayName: '赵',
        password: 'employee-password-1',
        role: 'employee',
      },
      t.clock.now,
    )
    const rows = ['code,name,unit_code,user_id']
    for (const code of Object.keys(CSAT)) rows.push(`${code},技师${code},GZ,`)
    rows.push('T6,新人,GZ,', `T7,赵前台,GZ,${selfId}`)
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employees/import',
      headers: admin(),
      payload: { file: { name: 's.csv', contentBase64: csv(rows) } },
    })
    expect(imported.json()).toMatchObject({ applied: true, created: 7 })
    for (const e of (
      await t.app.inject({ method: 'GET', url: '/api/v1/employees', headers: admin() })
    ).json().employees)
      ids[e.code] = e.id
    // Answers open no cases here (only the complaints below do), so the counts do not wait on the intake.
    const config = (
      await t.app.inject({ method: 'GET', url: '/api/v1/case-config', headers: admin() })
    ).json()
    const { publicFormKey: _, ...rest } = config
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/case-config',
      headers: admin(),
      payload: { ...rest, rules: { ...rest.rules, detractor: false, lowCsat: false } },
    })
    expect(put.statusCode).toBe(200)
    const survey = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin(),
      payload: { ...SAMPLE_SURVEY, settings: { hiddenFields: ['employee'] } },
    })
    const slug = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${survey.json().id}/publish`,
        headers: admin(),
      })
    ).json().slug
    for (const [code, scores] of Object.entries(CSAT)) {
      for (const [i, csat] of scores.entries()) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${slug}/responses`,
          payload: {
            answers: { nps: csat >= 4 ? 10 : 7, csat },
            segments: { employee: code },
            clientResponseId: `score-${code}-${i}`,
          },
        })
        expect(res.statusCode).toBe(201)
      }
    }
    for (const [kind, employee, ref] of [
      ['complaint', 'T4', 'C-1'],
      ['complaint', 'T4', 'C-1'],
      ['complaint', 'T3', 'C-2'],
      ['praise', 'T1', 'C-3'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        headers: admin(),
        payload: {
          kind,
          channel: 'store',
          text: `${kind} ${employee}`,
          employee,
          customer: { ref },
        },
      })
      expect(res.statusCode).toBe(201)
    }
    selfCookie = cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'zhao@corp.test', password: 'employee-password-1' },
      }),
    )
  })

  it('ranks a unit’s employees on CSAT, raw beside shrunk exactly as the reference computes', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/employee-scorecards?unitId=${gz}&metric=csat&minN=5`,
      headers: admin(),
    })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    const codes = Object.keys(CSAT)
    const reference = jamesStein(codes.map((c) => CSAT[c]!))
    expect(reference.b).toBeGreaterThan(0)
    expect(body.shrinkageApplied).toBe(true)
    expect(body.unitMean).toBeCloseTo(reference.grand, 9)
    expect(body.employees.map((e: { employee: { code: string } }) => e.employee.code)).toEqual([
      'T1',
      'T2',
      'T5',
      'T3',
      'T4',
      'T6',
      'T7',
    ])
    for (const [i, code] of codes.entries()) {
      const row = body.employees.find(
        (e: { employee: { code: string } }) => e.employee.code === code,
      )
      expect(row.csat.n).toBe(10)
      expect(row.csat.raw).toBeCloseTo(reference.means[i]!, 9)
      expect(row.csat.shrunk).toBeCloseTo(reference.shrunk[i]!, 9)
      expect(row.csat.shrinkage).toBeCloseTo(reference.b, 9)
      expect(row.belowMinimum).toBe(false)
    }
    const t6 = body.employees.find((e: { employee: { code: string } }) => e.employee.code === 'T6')
    expect(t6).toMatchObject({ rank: null, belowMinimum: true, csat: { n: 0, raw: null } })
    const t1 = body.employees[0]
    expect(t1).toMatchObject({ rank: 1, praise: 1, complaints: 0 })
    // NPS of T1: 10 promoters of 10.
    expect(t1.nps).toMatchObject({ n: 10, raw: 100 })
    const t4 = body.employees.find((e: { employee: { code: string } }) => e.employee.code === 'T4')
    expect(t4).toMatchObject({
      rank: 5,
      complaints: 2,
      cases: 2,
      repeatComplaints: 2,
      sla: { n: 0, hits: 0, share: null, ci95: null },
      recovery: { n: 0, share: null },
    })
    expect(t4.nps).toMatchObject({ n: 10, raw: 0 })
  })

  it('an employee’s scorecard gives their rank and the trend by month', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/employees/${ids.T3}/scorecard?from=2026-05-01&to=2026-07-01&minN=5`,
      headers: admin(),
    })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ from: '2026-05-01', to: '2026-07-01', unitEmployees: 7 })
    expect(body.outcomes).toMatchObject({ rank: 4, complaints: 1, repeatComplaints: 0 })
    expect(body.trend).toEqual([
      {
        month: '2026-05',
        csat: { n: 0, mean: null },
        nps: { n: 0, nps: null },
        ces: { n: 0, mean: null },
        complaints: 0,
        praise: 0,
      },
      {
        month: '2026-06',
        csat: { n: 10, mean: 3.5 },
        nps: { n: 10, nps: 50 },
        ces: { n: 0, mean: null },
        complaints: 1,
        praise: 0,
      },
    ])
  })

  it('a signed-in employee sees their own scorecard and nobody else’s', async () => {
    const own = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me/scorecard?minN=5',
      headers: { cookie: selfCookie },
    })
    expect(own.statusCode).toBe(200)
    expect(own.json().outcomes).toMatchObject({
      employee: { code: 'T7', name: '赵前台' },
      csat: { n: 0 },
      rank: null,
    })
    expect(own.json().unitEmployees).toBe(7)
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/v1/employees/${ids.T1}/scorecard`,
      headers: { cookie: selfCookie },
    })
    expect(other.statusCode).toBe(403)
    const unit = await t.app.inject({
      method: 'GET',
      url: `/api/v1/employee-scorecards?unitId=${gz}`,
      headers: { cookie: selfCookie },
    })
    expect(unit.statusCode).toBe(403)
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/employees',
      headers: { cookie: selfCookie },
    })
    expect(list.statusCode).toBe(403)
    const none = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me/scorecard',
      headers: admin(),
    })
    expect(none.statusCode).toBe(404)
    expect(none.json().error.code).toBe('EMPLOYEE_NOT_FOUND')
  })
})
