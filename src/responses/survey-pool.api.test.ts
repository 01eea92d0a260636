import ExcelJS from 'exceljs'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { runSurveyIntake } from '../feedback/survey-intake.js'
import { createTestApp, SAMPLE_SURVEY, type TestApp } from '../server/test-app.js'

// Issue 19 on both stores: an anonymous employee survey's answers — a low eNPS with a distinctive
// comment — reach none of the pooled customer views (overview, league without a survey, unit
// roll-up, text insights and feedback, the unit report as data and XLSX, employee scorecards'
// sources) and open no case, while the customer survey's answers beside them still count; the
// internal-satisfaction report still sees them, suppressed as it decides (survey-pool.ts).

function csv(lines: string[]): string {
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8').toString('base64')
}

const UNITS = ['code,parent_code,name', 'P,,总部', 'A,P,甲店', 'B,P,乙店']
const DIMENSIONS = ['work_rights', 'conditions', 'management', 'environment', 'personal']
/** Appears in the employees' comments only: any view that shows it has leaked them. */
const SECRET = '加班太多ZQXJ'
const CUSTOMER_COMMENT = '排队太久了'

const EMPLOYEE_SURVEY = {
  title: { 'zh-CN': '员工满意度调查', 'en-US': 'Employee satisfaction survey' },
  questions: [
    ...DIMENSIONS.map((key) => ({
      key,
      type: 'likert5',
      title: { 'zh-CN': `维度 ${key}`, 'en-US': `Dimension ${key}` },
      required: true,
    })),
    { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐', 'en-US': 'Recommend' }, required: true },
    { key: 'comment', type: 'text', title: { 'zh-CN': '意见', 'en-US': 'Comments' } },
  ],
  settings: { hiddenFields: ['unit', 'employee'], anonymity: { minGroup: 5 } },
}

describeEachDialect('anonymous surveys left out of pooled views', (ctx) => {
  let t: TestApp
  const admin = () => ({ cookie: t.adminCookie })
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: admin() })
  let unitId: Record<string, string> = {}
  let employeeSurveyId = ''
  let employeeId = ''
  let sequence = 0

  async function published(payload: object): Promise<{ id: string; slug: string }> {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin(),
      payload,
    })
    expect(created.statusCode).toBe(201)
    const id = created.json().id as string
    const publish = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${id}/publish`,
      headers: admin(),
    })
    return { id, slug: publish.json().slug as string }
  }

  async function answer(slug: string, unit: string, answers: Record<string, unknown>) {
    sequence += 1
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: {
        answers,
        // 甲店's answers name who served (the `employee` hidden field): 张师傅 (E1).
        segments: unit === 'A' ? { unit, employee: 'E1' } : { unit },
        clientResponseId: `pool-${sequence.toString().padStart(6, '0')}`,
      },
    })
    expect(res.statusCode, res.body).toBe(201)
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units/import',
      headers: admin(),
      payload: { file: { name: 'units.csv', contentBase64: csv(UNITS) } },
    })
    expect(imported.statusCode).toBe(200)
    const units = (await get('/api/v1/units')).json().units as Array<{ id: string; code: string }>
    unitId = Object.fromEntries(units.map((u) => [u.code, u.id]))

    // Customers: 甲店 10, 10, 9 and a detractor (2) who comments; 乙店 8 and 10.
    // NPS over the six: 4 promoters, 1 passive, 1 detractor → 50.
    const employee = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employees',
      headers: admin(),
      payload: { code: 'E1', name: '张师傅', unitId: unitId.A },
    })
    expect(employee.statusCode).toBe(201)
    employeeId = employee.json().id as string
    const customer = await published({
      ...SAMPLE_SURVEY,
      settings: { hiddenFields: ['unit', 'employee'] },
    })
    for (const nps of [10, 10, 9]) await answer(customer.slug, 'A', { nps })
    await answer(customer.slug, 'A', { nps: 2, comment: CUSTOMER_COMMENT })
    for (const nps of [8, 10]) await answer(customer.slug, 'B', { nps })

    // Employees: six in 甲店 and five in 乙店, every one an eNPS of 0 with the secret comment —
    // detractors who would open cases and lower every pooled NPS if they leaked.
    const employees = await published(EMPLOYEE_SURVEY)
    employeeSurveyId = employees.id
    for (const [unit, count] of [
      ['A', 6],
      ['B', 5],
    ] as const)
      for (let i = 1; i <= count; i += 1)
        await answer(employees.slug, unit, {
          ...Object.fromEntries(DIMENSIONS.map((d) => [d, 2])),
          nps: 0,
          comment: `${SECRET} ${unit}${i}`,
        })
    await runSurveyIntake(ctx.store.db, t.clock.now + 1_000, new Set())
  })

  it('the overview pools the customer survey alone', async () => {
    const res = await get('/api/v1/overview?from=2026-06-01&to=2026-06-15')
    expect(res.statusCode).toBe(200)
    const overview = res.json()
    expect(overview.surveys).toBe(1)
    expect(overview.totals.responses).toBe(6)
    expect(overview.totals.nps).toMatchObject({ promoters: 4, passives: 1, detractors: 1, n: 6 })
    expect(overview.totals.nps.nps).toBeCloseTo(50, 10)
    expect(res.body).not.toContain(SECRET)
  })

  it('the league and the unit roll-up without a survey count customers only', async () => {
    const league = await get(`/api/v1/units/league?parentId=${unitId.P}&metric=nps&period=2026-06`)
    expect(league.statusCode).toBe(200)
    const rows = new Map(
      (league.json().rows as Array<{ code: string; n: number; raw: number | null }>).map((r) => [
        r.code,
        r,
      ]),
    )
    // 甲店: 3 promoters, 1 detractor of 4 → 50; 乙店: 1 promoter, 1 passive of 2 → 50.
    expect([rows.get('A')!.n, rows.get('A')!.raw]).toEqual([4, 50])
    expect([rows.get('B')!.n, rows.get('B')!.raw]).toEqual([2, 50])

    const rollup = await get(`/api/v1/units/${unitId.P}/rollup?from=2026-06-15&to=2026-06-15`)
    expect(rollup.statusCode).toBe(200)
    const [day] = rollup.json().days as Array<{ responses: number; nps: number[] }>
    expect(day!.responses).toBe(6)
    expect(day!.nps[0]).toBe(0)
    expect(day!.nps[10]).toBe(3)
  })

  it('no employee comment becomes feedback or a text insight, and no case is opened', async () => {
    const insights = await get('/api/v1/text/insights?from=2026-06-01&to=2026-06-15')
    expect(insights.statusCode).toBe(200)
    expect(insights.json().total).toBe(1)
    expect(insights.body).not.toContain('ZQXJ')
    const feedback = await get('/api/v1/feedback?from=2026-06-01&to=2026-06-15')
    expect(feedback.statusCode).toBe(200)
    expect((feedback.json().feedback as Array<{ text: string }>).map((f) => f.text)).toEqual([
      CUSTOMER_COMMENT,
    ])
    // The customer detractor's case only: eleven employee detractors opened none.
    const cases = (await get('/api/v1/cases')).json()
    expect(cases.total).toBe(1)
    expect(JSON.stringify(cases)).not.toContain('ZQXJ')
  })

  it('the unit report, as data and as XLSX, counts customers only', async () => {
    const content = await get(
      `/api/v1/reports/content?unitId=${unitId.P}&kind=weekly&period=2026-06-15`,
    )
    expect(content.statusCode, content.body).toBe(200)
    const nps = (
      content.json().metrics as Array<{ metric: string; n: number; value: number }>
    ).find((m) => m.metric === 'nps')!
    expect(nps.n).toBe(6)
    expect(nps.value).toBeCloseTo(50, 10)
    expect(content.body).not.toContain('ZQXJ')

    const xlsx = await get(
      `/api/v1/reports/file?unitId=${unitId.P}&kind=weekly&period=2026-06-15&format=xlsx`,
    )
    expect(xlsx.statusCode).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const metrics = book.worksheets[0]!
    expect(metrics.getRow(3).getCell(1).value).toBe('净推荐值 NPS')
    expect(metrics.getRow(3).getCell(2).value).toBeCloseTo(50, 10)
    expect(metrics.getRow(3).getCell(5).value).toBe(6)
    const cells: string[] = []
    for (const sheet of book.worksheets)
      sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))))
    expect(cells.some((c) => c.includes('ZQXJ'))).toBe(false)
  })

  it("an employee's scorecard counts the customers they served, not their own anonymous answers", async () => {
    const res = await get(`/api/v1/employees/${employeeId}/scorecard?from=2026-06-01&to=2026-07-01`)
    expect(res.statusCode, res.body).toBe(200)
    const june = (
      res.json().trend as Array<{ month: string; nps: { n: number; nps: number | null } }>
    ).find((m) => m.month === '2026-06')!
    // 10, 10, 9 and 2: 3 promoters and 1 detractor of 4 → 50 (with the six employees' 0s: −40 over 10).
    expect(june.nps).toEqual({ n: 4, nps: 50 })
  })

  it('naming the anonymous survey in a pooled read is refused', async () => {
    for (const url of [
      `/api/v1/units/league?parentId=${unitId.P}&metric=nps&period=2026-06&surveyId=${employeeSurveyId}`,
      `/api/v1/units/${unitId.P}/rollup?from=2026-06-15&to=2026-06-15&surveyId=${employeeSurveyId}`,
    ]) {
      const res = await get(url)
      expect(res.statusCode).toBe(403)
      expect(res.json().error.code).toBe('ANONYMOUS_SURVEY')
    }
  })

  it('the internal-satisfaction report still sees the employees, each unit of 5 or more shown', async () => {
    const res = await get(`/api/v1/internal-satisfaction?surveyId=${employeeSurveyId}`)
    expect(res.statusCode).toBe(200)
    const groups = new Map(
      (
        res.json().groups as Array<{
          code: string | null
          shown: boolean
          n: number | null
          enps: { n: number; enps: number | null } | null
          comments: string[]
        }>
      ).map((g) => [g.code, g]),
    )
    expect(groups.get('P')).toMatchObject({ shown: true, n: 11 })
    expect(groups.get('A')).toMatchObject({ shown: true, n: 6 })
    expect(groups.get('B')).toMatchObject({ shown: true, n: 5 })
    expect(groups.get('A')!.enps).toMatchObject({ n: 6, enps: -100 })
    expect(groups.get('A')!.comments).toContain(`${SECRET} A1`)
  })
})
