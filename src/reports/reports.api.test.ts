import { execFileSync } from 'node:child_process'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import type { OutgoingMail } from '../distribution/invitation-delivery.js'
import { startTestSmtpServer, type TestSmtpServer } from '../distribution/test-smtp.js'
import {
  cookieHeader,
  createTestApp,
  otherOrganisationAdmin,
  SAMPLE_SURVEY,
  type TestApp,
} from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'
import { createUnit } from '../units/unit.service.js'
import { runScheduledReports } from './report-schedule.service.js'

// Unit reports over HTTP on both stores. Tree: P → A, B, C. October 2026: A has 20 promoters and
// 10 detractors (NPS +33.3), B 10 and 20 (−33.3), C 15 promoters and 15 passives (+50); P's
// NPS over its subtree is (45 − 30) / 90 = +16.7. September: A alone, 15 and 15 (0). P's
// October NPS target is 10. A plan for A was due on 20 October (overdue in November) and a
// management review of P was held on 28 October: the October report lists both.
// B had 30 detractors in August (NPS −100); a plan for B went into "do" on 20 September, so its
// effect compares August (before) with October (after, NPS −33.3) in B alone: no unit of B's
// level has answers before September to be compared with, and the verdict rests on before/after.
// Complaints opened on 12 October: at A, 3 of waiting time (等待时间) and 1 of billing; at B, 1 of
// waiting time. Comments at A over 27 September – 31 October: four weeks of 10 with one about
// billing each, then 20 in the last week with 9 about billing: an emerging topic at the end of
// October. Q is a unit outside P with 2 delivery complaints, a week of 10 comments about parcels
// and a plan of its own: none of these belongs in P's report.

const DAY = 86_400_000

const pdfText = (pdf: Buffer) =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString()

type Rgb = [number, number, number]

/** A PDF's first page as pdftoppm draws it at 72 dpi (one pixel a point), read from its PPM. */
function firstPage(pdf: Buffer) {
  const ppm = execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '72', '-'], {
    input: pdf,
    maxBuffer: 1 << 24,
  })
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!
  const width = Number(header[1])
  const height = Number(header[2])
  const start = header[0].length
  const at = (x: number, y: number): Rgb => {
    const i = start + 3 * (y * width + x)
    return [ppm[i]!, ppm[i + 1]!, ppm[i + 2]!]
  }
  return { width, height, at }
}

/** The longest run of a colour in each row (horizontal bars) or each column (vertical bars). */
function longestRuns(
  page: ReturnType<typeof firstPage>,
  is: (pixel: Rgb) => boolean,
  along: 'row' | 'column',
): number[] {
  const [lines, length] = along === 'row' ? [page.height, page.width] : [page.width, page.height]
  const runs: number[] = []
  for (let line = 0; line < lines; line++) {
    let best = 0
    let run = 0
    for (let k = 0; k < length; k++) {
      run = is(along === 'row' ? page.at(k, line) : page.at(line, k)) ? run + 1 : 0
      best = Math.max(best, run)
    }
    runs.push(best)
  }
  return runs
}

// The report charts' bar colours (report-charts.ts): blue for a unit at or above target and the
// Pareto's line, red for a unit below it and the vital causes, grey for the other causes.
const isBarBlue = ([r, g, b]: Rgb) => b >= 192 && r < 64 && g >= 80 && g < 128
const isBarRed = ([r, g, b]: Rgb) => r >= 192 && g < 80 && b < 32
const isBarGrey = ([r, g, b]: Rgb) =>
  r >= 112 && r < 176 && Math.abs(r - g) < 6 && Math.abs(g - b) < 6

describeEachDialect('unit reports, schedules and management reviews', (ctx) => {
  let t: TestApp
  let smtp: TestSmtpServer
  const ids = new Map<string, string>()
  const people: Record<string, { id: string; auth: string }> = {}
  let planId = ''
  let planB = ''
  let planQ = ''
  let reviewId = ''
  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    auth: string,
    payload?: object,
  ) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: auth.startsWith('Bearer ') ? { authorization: auth } : { cookie: auth },
      ...(payload === undefined ? {} : { payload }),
    })

  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    t = await createTestApp(ctx.store, {
      publicRateLimit: 10_000,
      smtpUrl: smtp.url,
      publicUrl: 'https://csm.example.cn',
    })
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'reports-admin', role: 'admin' },
      now: Date.parse('2026-01-01T00:00:00Z'),
    }
    for (const [code, parent] of [
      ['P', null],
      ['A', 'P'],
      ['B', 'P'],
      ['C', 'P'],
      ['Q', null],
    ] as const) {
      const unit = await createUnit(scope, {
        code,
        nameZh: `华东${code}店`,
        nameEn: `East ${code}`,
        parentId: parent ? ids.get(parent)! : null,
      })
      ids.set(code, unit.id)
    }
    for (const [name, role] of [
      ['li', 'supervisor'],
      ['wang', 'agent'],
      ['zhao', 'viewer'],
    ] as const) {
      const id = await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        {
          email: `${name}@reports.test`,
          displayName: name,
          password: 'reports-password-123',
          role,
        },
        t.clock.now,
      )
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `${name}@reports.test`, password: 'reports-password-123' },
      })
      const cookie = cookieHeader(login)
      const token =
        role === 'viewer'
          ? null
          : (
              await t.app.inject({
                method: 'POST',
                url: '/api/v1/tokens',
                headers: { cookie },
                payload: { name: 'reports', role, expiresInDays: 365 },
              })
            ).json().token
      people[name] = { id, auth: token ? `Bearer ${token}` : cookie }
    }
    await setMembershipUnits(scope, people.wang!.id, { unitIds: [ids.get('B')!] })
    // The clock moves by months, past any session: the administrator acts through a token.
    const admin = `Bearer ${
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: { cookie: t.adminCookie },
          payload: { name: 'reports', role: 'admin', expiresInDays: 365 },
        })
      ).json().token
    }`
    const created = await call('POST', '/surveys', admin, {
      ...SAMPLE_SURVEY,
      settings: { hiddenFields: ['unit'] },
    })
    const slug = (await call('POST', `/surveys/${created.json().id}/publish`, admin)).json().slug
    let k = 0
    const answer = async (unit: string, nps: number, times: number) => {
      for (let i = 0; i < times; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${slug}/responses`,
          payload: { answers: { nps }, segments: { unit }, clientResponseId: `report-${k++}` },
        })
        expect(res.statusCode, res.body).toBe(201)
      }
    }
    t.clock.now = Date.parse('2026-08-10T04:00:00Z')
    await answer('B', 0, 30)
    t.clock.now = Date.parse('2026-09-20T04:00:00Z')
    const planFor = async (unit: string, title: string, dueAt: string) => {
      const res = await call('POST', '/plans', people.li!.auth, {
        title,
        problem: `${title}：问题`,
        causeCategory: 'method',
        rootCause: `${title}：原因`,
        metric: 'nps',
        unitIds: [ids.get(unit)!],
        ownerId: people.li!.id,
        dueAt: Date.parse(dueAt),
        evidence: { source: 'manual' },
      })
      expect(res.statusCode, res.body).toBe(201)
      return res.json().id as string
    }
    planB = await planFor('B', 'B 店主动回访', '2026-12-31T00:00:00Z')
    const doing = await call('POST', `/plans/${planB}/transitions`, people.li!.auth, {
      status: 'do',
    })
    expect(doing.json()).toMatchObject({ status: 'do', actionAt: t.clock.now })
    planQ = await planFor('Q', 'Q 店快递改进', '2026-10-15T00:00:00Z')
    t.clock.now = Date.parse('2026-09-10T04:00:00Z')
    await answer('A', 10, 15)
    await answer('A', 0, 15)
    t.clock.now = Date.parse('2026-10-12T04:00:00Z')
    await answer('A', 10, 20)
    await answer('A', 0, 10)
    await answer('B', 10, 10)
    await answer('B', 0, 20)
    await answer('C', 10, 15)
    await answer('C', 8, 15)
    const target = await call('POST', '/targets', admin, {
      unitId: ids.get('P')!,
      metric: 'nps',
      period: '2026-10',
      value: 10,
    })
    expect(target.statusCode, target.body).toBe(201)
    const plan = await call('POST', '/plans', people.li!.auth, {
      title: 'A 店缩短排队',
      problem: '投诉中排队时间长占比最高',
      causeCategory: 'method',
      rootCause: '高峰时段只开两个窗口',
      metric: 'nps',
      unitIds: [ids.get('A')!],
      ownerId: people.li!.id,
      dueAt: Date.parse('2026-10-20T00:00:00Z'),
      evidence: {
        source: 'pareto',
        label: '排队时间长',
        period: { from: '2026-10-01', to: '2026-10-11' },
        figures: { share: 0.4 },
        link: '/app/complaints',
      },
    })
    expect(plan.statusCode, plan.body).toBe(201)
    planId = plan.json().id
    let c = 0
    for (const [unit, cause, times] of [
      ['A', 'wait_time', 3],
      ['A', 'billing', 1],
      ['B', 'wait_time', 1],
      ['Q', 'delivery', 2],
    ] as const)
      for (let i = 0; i < times; i++) {
        const complaint = await call('POST', '/feedback', admin, {
          channel: 'hotline',
          kind: 'complaint',
          text: `办理业务不顺利 ${c++}`,
          unit,
        })
        expect(complaint.statusCode, complaint.body).toBe(201)
        const caseId = complaint.json().caseId as string
        for (const status of ['acknowledged', 'investigating']) {
          const moved = await call('POST', `/cases/${caseId}/transitions`, admin, { status })
          expect(moved.statusCode, moved.body).toBe(200)
        }
        const set = await call('POST', `/cases/${caseId}/recovery`, admin, { cause })
        expect(set.statusCode, set.body).toBe(200)
      }
    t.clock.now = Date.parse('2026-10-28T08:00:00Z')
    const review = await call('POST', '/reviews', people.li!.auth, {
      unitId: ids.get('P')!,
      heldOn: '2026-10-28',
      title: '十月管理评审',
      attendees: ['李经理', '王主管'],
      plansReviewed: [planId],
      decisions: [{ text: '高峰时段加开窗口', ownerId: people.li!.id, dueOn: '2026-11-15' }],
    })
    expect(review.statusCode, review.body).toBe(201)
    reviewId = review.json().id
    t.clock.now = Date.parse('2026-11-05T04:00:00Z')
    const endOfOctober = Date.parse('2026-10-31T16:00:00Z')
    let m = 0
    const comment = async (unit: string, text: string, at: number) => {
      const res = await call('POST', '/feedback', admin, {
        channel: 'api',
        kind: 'suggestion',
        text: `${text} ${m++}`,
        unit,
        receivedAt: new Date(at).toISOString(),
      })
      expect(res.statusCode, res.body).toBe(201)
    }
    for (let week = 4; week >= 1; week--)
      for (let i = 0; i < 10; i++)
        await comment(
          'A',
          i === 0 ? '电费账单看不懂' : '营业厅排队很久',
          endOfOctober - week * 7 * DAY - DAY - i * 3_600_000,
        )
    for (let i = 0; i < 20; i++)
      await comment(
        'A',
        i < 9 ? '这个月电费账单多收了钱' : '营业厅排队很久',
        endOfOctober - 2 * DAY - i * 3_600_000,
      )
    for (let i = 0; i < 10; i++)
      await comment('Q', '快递包裹送错了地址', endOfOctober - 2 * DAY - i * 3_600_000)
    // The viewer (who has no tokens) signs in again now.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'zhao@reports.test', password: 'reports-password-123' },
    })
    people.zhao!.auth = cookieHeader(login)
  }, 240_000)
  afterAll(async () => {
    await t.app.close()
    await smtp.close()
  })

  it("gathers a unit's monthly report: metrics with intervals and targets, league, plans, reviews", async () => {
    const res = await call('GET', `/reports/content?unitId=${ids.get('P')}`, people.zhao!.auth)
    expect(res.statusCode, res.body).toBe(200)
    const report = res.json()
    expect(report).toMatchObject({
      kind: 'monthly',
      period: '2026-10',
      from: '2026-10-01',
      to: '2026-10-31',
      previousFrom: '2026-09-01',
      previousTo: '2026-09-30',
      leagueMonth: '2026-10',
      unit: { code: 'P', nameZh: '华东P店' },
    })
    const nps = report.metrics.find((m: { metric: string }) => m.metric === 'nps')
    expect(nps.n).toBe(90)
    expect(nps.value).toBeCloseTo((100 * 15) / 90, 8)
    expect(nps.previous).toBeCloseTo(0, 8)
    expect(nps.previousN).toBe(30)
    expect(nps.target).toBe(10)
    expect(nps.ci95[0]).toBeLessThan(nps.value)
    expect(nps.ci95[1]).toBeGreaterThan(nps.value)
    expect(
      report.league.map((r: { code: string; n: number; raw: number }) => [
        r.code,
        r.n,
        Math.round(r.raw * 10) / 10,
      ]),
    ).toEqual([
      ['C', 30, 50],
      ['A', 30, 33.3],
      ['B', 30, -33.3],
    ])
    // P's own complaints only (A's 3 + 1, B's 1; not Q's 2 of delivery), as a Pareto.
    expect(report.causes).toEqual([
      {
        key: 'wait_time',
        labelZh: '等待时间',
        labelEn: 'Waiting time',
        count: 4,
        share: 0.8,
        cumulativeShare: 0.8,
        vital: true,
      },
      {
        key: 'billing',
        labelZh: '账单计费',
        labelEn: 'Billing',
        count: 1,
        share: 0.2,
        cumulativeShare: 1,
        vital: false,
      },
    ])
    // Billing in the last week of October: 9 of A's 20 comments against 4 of the 45 comments and
    // complaints of P's units in the four weeks before. Q's parcels (10 of 10, new) are not P's.
    expect(report.topics).toHaveLength(1)
    expect(report.topics[0]).toMatchObject({
      topic: 'billing',
      labelZh: '账单计费',
      labelEn: 'Billing',
    })
    expect(report.topics[0].recentShare).toBeCloseTo(9 / 20, 12)
    expect(report.topics[0].baselineShare).toBeCloseTo(4 / 45, 12)
    expect(report.topics[0].lift).toBeCloseTo(9 / 20 / (4 / 45), 12)
    // Overdue first, then by deadline; B's plan judged on before/after: NPS −100 → −33.3. Q's
    // overdue plan is not P's.
    expect(report.plans).toEqual([
      expect.objectContaining({
        id: planId,
        number: 'P-000003',
        status: 'plan',
        overdue: true,
        verdict: null,
        effect: null,
      }),
      expect.objectContaining({
        id: planB,
        number: 'P-000001',
        title: 'B 店主动回访',
        status: 'do',
        overdue: false,
        verdict: 'effective',
      }),
    ])
    expect(report.plans[1].effect).toBeCloseTo(-100 / 3 - -100, 8)
    expect(report.plans.map((p: { id: string }) => p.id)).not.toContain(planQ)
    expect(report.reviews).toEqual([
      { id: reviewId, heldOn: '2026-10-28', title: '十月管理评审', decisions: 1 },
    ])
    // A week: the Monday-to-Sunday week holding the date, against the week before.
    const week = (
      await call(
        'GET',
        `/reports/content?unitId=${ids.get('P')}&kind=weekly&period=2026-10-14`,
        people.zhao!.auth,
      )
    ).json()
    expect(week).toMatchObject({ period: '2026-10-12', from: '2026-10-12', to: '2026-10-18' })
    expect(week.metrics[0]).toMatchObject({ metric: 'nps', n: 90, previousN: 0 })
    // The week's new topic: the 5 complaints of 12 October ("办理业务…", read as staff
    // professionalism) are 5 of its 15 comments, none in the 20 of the four weeks before. Its
    // lift is infinite and the report says "new" (null); it used to fail the report with a 500.
    expect(week.topics).toEqual([
      {
        topic: 'staff_professionalism',
        labelZh: '员工专业性',
        labelEn: 'Staff professionalism',
        recentShare: 5 / 15,
        baselineShare: 0,
        lift: null,
      },
    ])
  })

  it('makes the report as a PDF whose text is the right Chinese, and as an XLSX', async () => {
    const pdf = await call(
      'GET',
      `/reports/file?unitId=${ids.get('P')}&period=2026-10&format=pdf`,
      people.zhao!.auth,
    )
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="P-monthly-2026-10.pdf"')
    const text = pdfText(pdf.rawPayload)
    for (const words of [
      '华东P店 月报 2026-10',
      '关键指标',
      '净推荐值 NPS',
      '16.7',
      '华东C店 (C)',
      '十月管理评审',
      'A 店缩短排队',
      '已逾期',
      '主要投诉原因（帕累托）',
      '等待时间',
      '新兴话题',
      '账单计费',
      'B 店主动回访',
      '有效',
    ])
      expect(text).toContain(words)
    for (const words of ['Q 店快递改进', '配送物流']) expect(text).not.toContain(words)

    // The first page drawn as a picture holds both charts with bars in proportion to the data:
    // the league's NPS bars (C 50 and A 33.3 blue, B −33.3 red; bars from 0) and the Pareto's
    // bars (waiting time 4, red as a vital cause; billing 1, grey). Bars are at least 60 points.
    const page = firstPage(pdf.rawPayload)
    expect([page.width, page.height]).toEqual([596, 842])
    const blueBars = longestRuns(page, isBarBlue, 'row').filter((run) => run >= 60)
    expect(blueBars.length).toBeGreaterThan(0)
    const barC = Math.max(...blueBars)
    expect(Math.min(...blueBars) / barC).toBeCloseTo(100 / 3 / 50, 1)
    expect(Math.max(...longestRuns(page, isBarRed, 'row')) / barC).toBeCloseTo(100 / 3 / 50, 1)
    const paretoWaiting = Math.max(...longestRuns(page, isBarRed, 'column'))
    const paretoBilling = Math.max(...longestRuns(page, isBarGrey, 'column'))
    expect(paretoWaiting).toBeGreaterThanOrEqual(60)
    expect(paretoWaiting / paretoBilling).toBeCloseTo(4, 1)

    // A week whose topic is new says so ("新出现") instead of failing.
    const weekly = await call(
      'GET',
      `/reports/file?unitId=${ids.get('P')}&kind=weekly&period=2026-10-12&format=pdf`,
      people.zhao!.auth,
    )
    expect(weekly.statusCode, weekly.body.slice(0, 200)).toBe(200)
    expect(pdfText(weekly.rawPayload)).toMatch(/员工专业性\s+33\.3%\s+0\.0%\s+新出现/)
    // The league chart's axis labels are text in the PDF too (the chart is vectors, not a picture).
    expect(text).toContain('华东A店')

    const english = await call(
      'GET',
      `/reports/file?unitId=${ids.get('P')}&period=2026-10&format=pdf&locale=en-US`,
      people.zhao!.auth,
    )
    expect(pdfText(english.rawPayload)).toContain('East P Monthly report 2026-10')

    const xlsx = await call(
      'GET',
      `/reports/file?unitId=${ids.get('P')}&period=2026-10&format=xlsx`,
      people.zhao!.auth,
    )
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const metrics = book.worksheets[0]!
    expect(metrics.name).toBe('关键指标')
    expect(metrics.getRow(3).getCell(1).value).toBe('净推荐值 NPS')
    expect(metrics.getRow(3).getCell(2).value).toBeCloseTo((100 * 15) / 90, 8)
    expect(metrics.getRow(3).getCell(5).value).toBe(90)
    expect(metrics.getRow(3).getCell(7).value).toBe(10)
    // Three files, the first loading ECharts and the font: on a loaded shared machine 30 s was short.
  }, 120_000)

  it('refuses what a reader may not see or do, each with its code', async () => {
    // An agent limited to B does not see P.
    const outside = await call('GET', `/reports/content?unitId=${ids.get('P')}`, people.wang!.auth)
    expect(outside.statusCode).toBe(404)
    expect(outside.json().error.code).toBe('UNIT_NOT_FOUND')
    const badPeriod = await call(
      'GET',
      `/reports/content?unitId=${ids.get('P')}&period=2026-13`,
      people.zhao!.auth,
    )
    expect(badPeriod.statusCode).toBe(400)
    expect(badPeriod.json().error.code).toBe('VALIDATION_FAILED')
    const viewerSchedule = await call('POST', '/reports/schedules', people.zhao!.auth, {
      unitId: ids.get('P'),
      kind: 'monthly',
    })
    expect(viewerSchedule.statusCode).toBe(403)
    const noReview = await call('GET', '/reviews/nope', people.li!.auth)
    expect(noReview.json().error.code).toBe('REVIEW_NOT_FOUND')
  })

  it('records a management review with the metrics against targets as they stood', async () => {
    const review = (await call('GET', `/reviews/${reviewId}`, people.zhao!.auth)).json()
    expect(review).toMatchObject({
      heldOn: '2026-10-28',
      unitNameZh: '华东P店',
      attendees: ['李经理', '王主管'],
      decisions: [{ text: '高峰时段加开窗口', dueOn: '2026-11-15' }],
      plansReviewed: [expect.objectContaining({ id: planId, overdue: true, status: 'plan' })],
      newPlans: [],
    })
    const nps = review.metrics.find((m: { metric: string }) => m.metric === 'nps')
    expect(nps).toMatchObject({ n: 90, target: 10, previousN: 30 })
    const list = (await call('GET', `/reviews?unitId=${ids.get('P')}`, people.zhao!.auth)).json()
    expect(list.reviews).toEqual([
      { id: reviewId, unitId: ids.get('P'), heldOn: '2026-10-28', title: '十月管理评审' },
    ])
  })

  it('makes each scheduled report once with two instances, archives it and e-mails it', async () => {
    const schedule = await call('POST', '/reports/schedules', people.li!.auth, {
      unitId: ids.get('P'),
      kind: 'monthly',
      recipients: ['Boss@Corp.test'],
    })
    expect(schedule.statusCode, schedule.body).toBe(201)
    expect(schedule.json()).toMatchObject({
      kind: 'monthly',
      locale: 'zh-CN',
      recipients: ['boss@corp.test'],
      active: true,
    })
    // A second instance on the same database, sweeping at the same moment.
    const secondMails: OutgoingMail[] = []
    const second = runScheduledReports(
      {
        db: t.db,
        features: ctx.store.features,
        mail: async (m) => {
          secondMails.push(m)
        },
        baseUrl: 'https://csm.example.cn',
      },
      t.clock.now,
    )
    await Promise.all([t.jobs.runOnce(), second])
    await t.jobs.runOnce()
    expect(smtp.messages.length + secondMails.length).toBe(1)
    const mail = smtp.messages[0] ?? null
    const subject = mail?.subject ?? secondMails[0]!.subject
    expect(subject).toBe('华东P店 月报 2026-10')
    const attachments = mail
      ? mail.attachments.map((a) => a.filename)
      : secondMails[0]!.attachments!.map((a) => a.filename)
    expect(attachments).toEqual(['P-monthly-2026-10.pdf', 'P-monthly-2026-10.xlsx'])

    const archive = (await call('GET', '/reports/archive', people.zhao!.auth)).json()
    expect(archive.reports).toHaveLength(1)
    expect(archive.reports[0]).toMatchObject({
      scheduleId: schedule.json().id,
      kind: 'monthly',
      period: '2026-10',
      recipients: 1,
      sentAt: t.clock.now,
    })
    const id = archive.reports[0].id
    const pdf = await call('GET', `/reports/archive/${id}/pdf`, people.zhao!.auth)
    expect(pdf.statusCode).toBe(200)
    expect(pdfText(pdf.rawPayload)).toContain('华东P店 月报 2026-10')
    // Another organisation's administrator finds nothing.
    const eve = await otherOrganisationAdmin(t, ctx.store)
    const foreign = await call('GET', `/reports/archive/${id}/pdf`, eve.cookie)
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json().error.code).toBe('REPORT_NOT_FOUND')
    expect((await call('GET', '/reports/schedules', eve.cookie)).json().schedules).toEqual([])

    // Switched off, the schedule makes nothing more; removed, it is gone and its report stays.
    const off = await call('PUT', `/reports/schedules/${schedule.json().id}`, people.li!.auth, {
      unitId: ids.get('P'),
      kind: 'monthly',
      active: false,
    })
    expect(off.json().active).toBe(false)
    const gone = await call('DELETE', `/reports/schedules/${schedule.json().id}`, people.li!.auth)
    expect(gone.statusCode).toBe(204)
    expect((await call('GET', '/reports/archive', people.zhao!.auth)).json().reports).toHaveLength(
      1,
    )
  })

  it('makes a plan from an emerging topic with the figures of the moment, and the report lists it', async () => {
    // Organisation-wide in the last week of October: billing in 9 of 30 comments (A's 20 and Q's
    // 10) against 4 of the 47 comments and complaints of the four weeks before.
    const insights = await call(
      'GET',
      '/text/insights?from=2026-10-01&to=2026-10-31',
      people.li!.auth,
    )
    expect(insights.statusCode, insights.body).toBe(200)
    const billing = insights.json().emerging.find((e: { topic: string }) => e.topic === 'billing')
    expect(billing.recentShare).toBeCloseTo(9 / 30, 12)
    expect(billing.baselineShare).toBeCloseTo(4 / 47, 12)
    expect(billing.pValue).toBeLessThan(0.01)
    // The evidence as the comments page drafts it (web/src/pages/plans/finding-drafts.ts).
    const evidence = {
      source: 'emerging_topic',
      label: '账单计费',
      period: { from: '2026-10-01', to: '2026-10-31' },
      filters: { topic: 'billing' },
      figures: {
        recentShare: 30,
        baselineShare: 8.5,
        pValue: Number(billing.pValue.toPrecision(2)),
      },
      link: '/app/text?from=2026-10-01&to=2026-10-31',
    }
    const made = await call('POST', '/plans', people.li!.auth, {
      title: '账单计费投诉上升',
      problem: '账单计费的意见占比由 8.5% 升至 30%',
      causeCategory: 'method',
      rootCause: '十月电价调整未提前告知',
      metric: 'nps',
      unitIds: [ids.get('A')!],
      ownerId: people.li!.id,
      dueAt: Date.parse('2026-12-15T00:00:00Z'),
      evidence,
    })
    expect(made.statusCode, made.body).toBe(201)
    const plan = (await call('GET', `/plans/${made.json().id}`, people.li!.auth)).json()
    expect(plan).toMatchObject({ number: 'P-000004', status: 'plan', evidence })
    const report = (
      await call('GET', `/reports/content?unitId=${ids.get('P')}`, people.zhao!.auth)
    ).json()
    expect(report.plans.map((p: { title: string }) => p.title)).toEqual([
      'A 店缩短排队',
      '账单计费投诉上升',
      'B 店主动回访',
    ])
  })
})
