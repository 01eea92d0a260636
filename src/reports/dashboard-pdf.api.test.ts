import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import {
  cookieHeader,
  createTestApp,
  otherOrganisationAdmin,
  SAMPLE_SURVEY,
  type TestApp,
} from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'
import { createUnit } from '../units/unit.service.js'
import { formatFigure } from './report-words.js'

// The survey dashboard's "download PDF" over HTTP on both stores: the PDF's text holds the
// figures GET /surveys/:id/summary answers for the same filters (period, interval, unit), in the
// reader's language, and it is refused where the dashboard is. June 2026: unit A has 6 promoters
// and 2 detractors (NPS +50), unit B 1 promoter and 3 detractors (−50); in all NPS +16.7 of 12.

const pdfText = (pdf: Buffer) =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString()

describeEachDialect('survey dashboard as PDF', (ctx) => {
  let t: TestApp
  let surveyId = ''
  let agentCookie = ''
  const ids = new Map<string, string>()
  /** The administrator acts through a token: the clock moves past the session. */
  let admin = ''
  const get = (url: string, auth = admin) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1${url}`,
      headers: auth.startsWith('Bearer ') ? { authorization: auth } : { cookie: auth },
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store, { publicRateLimit: 10_000 })
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'pdf-admin', role: 'admin' },
      now: t.clock.now,
    }
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: t.adminCookie },
      payload: { name: 'pdf', role: 'admin', expiresInDays: 365 },
    })
    admin = `Bearer ${token.json().token}`
    for (const code of ['A', 'B']) {
      const unit = await createUnit(scope, {
        code,
        nameZh: `滨江${code}店`,
        nameEn: `Riverside ${code}`,
      })
      ids.set(code, unit.id)
    }
    const agentId = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      {
        email: 'agent@pdf.test',
        displayName: 'agent',
        password: 'pdf-password-1234',
        role: 'agent',
      },
      t.clock.now,
    )
    await setMembershipUnits(scope, agentId, { unitIds: [ids.get('B')!] })
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: { ...SAMPLE_SURVEY, settings: { hiddenFields: ['unit'] } },
    })
    surveyId = created.json().id
    const slug = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${surveyId}/publish`,
        headers: { cookie: t.adminCookie },
      })
    ).json().slug
    let k = 0
    const answer = async (unit: string, nps: number, times: number, comment?: string) => {
      for (let i = 0; i < times; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${slug}/responses`,
          payload: {
            answers: { nps, ...(comment ? { comment } : {}) },
            segments: { unit },
            clientResponseId: `dashboard-pdf-${k++}`,
          },
        })
        expect(res.statusCode, res.body).toBe(201)
      }
    }
    t.clock.now = Date.parse('2026-06-03T04:00:00Z')
    await answer('A', 10, 6)
    await answer('A', 2, 2, '排队太久了')
    t.clock.now = Date.parse('2026-06-17T04:00:00Z')
    await answer('B', 9, 1)
    await answer('B', 0, 3)
    t.clock.now = Date.parse('2026-06-20T04:00:00Z')
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'agent@pdf.test', password: 'pdf-password-1234' },
    })
    agentCookie = cookieHeader(login)
  }, 240_000)
  afterAll(async () => {
    await t.app.close()
  })

  const filters = 'from=2026-06-01&to=2026-06-30&interval=week'

  it('holds the figures the dashboard shows, for all units and for one, in Chinese and English', async () => {
    const summary = (await get(`/surveys/${surveyId}/summary?${filters}`)).json()
    expect(summary.totals.nps).toMatchObject({ n: 12, promoters: 7, detractors: 5 })
    const res = await get(`/surveys/${surveyId}/summary/pdf?${filters}`)
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="dashboard-2026-06-01-2026-06-30.pdf"',
    )
    const text = pdfText(res.rawPayload)
    const nps = summary.totals.nps
    expect(formatFigure('nps', nps.nps)).toBe('16.7')
    for (const words of [
      '门店服务调查 仪表板',
      '期间: 2026-06-01 – 2026-06-30',
      '回答数: 12',
      '单元: 全部单元',
      '净推荐值 NPS',
      `16.7 ${formatFigure('nps', nps.ci95[0])} – ${formatFigure('nps', nps.ci95[1])} 12`,
      '排队太久了',
    ])
      expect(text.replace(/ +/g, ' ')).toContain(words)
    // Every week of the trend with its answers and NPS, as the summary gives them.
    for (const week of summary.trend.filter((p: { responses: number }) => p.responses > 0))
      expect(text.replace(/ +/g, ' ')).toContain(
        `${week.period} ${week.responses} ${formatFigure('nps', week.nps.nps)}`,
      )
    // The NPS scores' distribution: 2 at 0 … 6 at 10.
    expect(text.replace(/ +/g, ' ')).toContain(`人数 ${summary.distributions.nps.join(' ')}`)

    // Limited to unit A, in English.
    const unitA = ids.get('A')!
    const summaryA = (await get(`/surveys/${surveyId}/summary?${filters}&unit=${unitA}`)).json()
    expect(summaryA.totals.nps).toMatchObject({ n: 8, nps: 50 })
    const english = await get(
      `/surveys/${surveyId}/summary/pdf?${filters}&unit=${unitA}&locale=en-US`,
    )
    expect(english.headers['content-disposition']).toBe(
      'attachment; filename="dashboard-A-2026-06-01-2026-06-30.pdf"',
    )
    const en = pdfText(english.rawPayload).replace(/ +/g, ' ')
    for (const words of [
      'Store service survey dashboard',
      'Unit: Riverside A',
      'Answers: 8',
      'Key metrics',
      `NPS 50.0 ${formatFigure('nps', summaryA.totals.nps.ci95[0])} – ${formatFigure('nps', summaryA.totals.nps.ci95[1])} 8`,
    ])
      expect(en).toContain(words)
    expect(en).not.toContain('Riverside B')
  }, 120_000)

  it('draws the detractor control chart the dashboard shows, with its centre line and signal days', async () => {
    // June's two days (8 answers with 2 detractors, 4 with 3): centre 5/12, no signal.
    const june = (await get(`/surveys/${surveyId}/summary?${filters}`)).json().detractorControl
    expect(june.dates).toEqual(['2026-06-03', '2026-06-17'])
    expect(june.chart.center).toBeCloseTo(5 / 12, 12)
    expect(june.chart.signals).toEqual([])
    const juneText = pdfText(
      (await get(`/surveys/${surveyId}/summary/pdf?${filters}`)).rawPayload,
    ).replace(/ +/g, ' ')
    expect(juneText).toContain('预警：每日贬损者比例 p 控制图')
    expect(juneText).toContain('中心线: 41.7% 异常点数: 0')
    expect(juneText).not.toContain('异常点日期')

    // April, another survey: ten days of 10 answers with 1 detractor, then a day of 10 detractors.
    // p chart (NIST/SEMATECH 6.3.3.2): centre 20/110 = 18.2%, the last day's limits
    // 18.2% ± 3·√(0.1818·0.8182/10) = 0.0%–54.8%, and its 100% signals.
    const june20 = t.clock.now
    t.clock.now = Date.parse('2026-03-01T04:00:00Z')
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { authorization: admin },
      payload: { ...SAMPLE_SURVEY, title: { 'zh-CN': '营业厅回访', 'en-US': 'Hall follow-up' } },
    })
    expect(created.statusCode, created.body).toBe(201)
    const aprilSurvey = created.json().id as string
    const { slug } = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${aprilSurvey}/publish`,
        headers: { authorization: admin },
      })
    ).json()
    for (let day = 1; day <= 11; day++) {
      t.clock.now = Date.parse(`2026-04-${String(day).padStart(2, '0')}T04:00:00Z`)
      for (let i = 0; i < 10; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${slug}/responses`,
          payload: {
            answers: { nps: day === 11 || i === 0 ? 2 : 9 },
            clientResponseId: `control-${day}-${i}`,
          },
        })
        expect(res.statusCode, res.body).toBe(201)
      }
    }
    t.clock.now = june20
    const april = 'from=2026-04-01&to=2026-04-30'
    const control = (await get(`/surveys/${aprilSurvey}/summary?${april}`)).json().detractorControl
    expect(control.chart.center).toBeCloseTo(20 / 110, 12)
    expect(control.chart.signals).toEqual([10])
    const last = control.chart.points[10]
    expect(last.value).toBe(1)
    expect(last.ucl).toBeCloseTo(20 / 110 + 3 * Math.sqrt(((20 / 110) * (90 / 110)) / 10), 12)
    const pct = (share: number) => `${(share * 100).toFixed(1)}%`
    for (const [locale, words] of [
      ['zh-CN', ['预警：每日贬损者比例 p 控制图', '中心线: 18.2% 异常点数: 1', '异常点日期']],
      [
        'en-US',
        [
          'Early warning: daily detractor share (p chart)',
          'Centre: 18.2% Signals: 1',
          'Days that signal',
        ],
      ],
    ] as const) {
      const text = pdfText(
        (await get(`/surveys/${aprilSurvey}/summary/pdf?${april}&locale=${locale}`)).rawPayload,
      ).replace(/ +/g, ' ')
      for (const w of words) expect(text).toContain(w)
      // The signal day's row: its share and limits as the summary gives them.
      expect(text).toContain(`2026-04-11 ${pct(last.value)} ${pct(last.lcl)} ${pct(last.ucl)}`)
      expect(pct(last.ucl)).toBe('54.8%')
    }
  }, 180_000)

  it('draws the IPA quadrants the dashboard shows and holds their figures: crosshair, each attribute and its quadrant', async () => {
    // Three answers in April: charges rated low and important (quadrant I), quality high and of
    // little importance (IV, possible overkill).
    const june20 = t.clock.now
    t.clock.now = Date.parse('2026-03-01T04:00:00Z')
    const tx = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { authorization: admin },
      payload: {
        title: tx('营业厅满意度', 'Service hall satisfaction'),
        questions: [
          {
            key: 'quality',
            type: 'csm7',
            title: tx('服务质量', 'Service quality'),
            required: true,
          },
          {
            key: 'imp_quality',
            type: 'importance5',
            title: tx('服务质量重要吗？', 'How important is quality?'),
            required: true,
            importanceOf: 'quality',
          },
          // Markup in a title stays text, in the chart's SVG as in the table.
          {
            key: 'price',
            type: 'csm7',
            title: tx('收费标准', 'Charges <b>& "fees"'),
            required: true,
          },
          {
            key: 'imp_price',
            type: 'importance5',
            title: tx('收费重要吗？', 'How important are charges?'),
            required: true,
            importanceOf: 'price',
          },
        ],
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const ipaSurvey = created.json().id as string
    const { slug } = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${ipaSurvey}/publish`,
        headers: { authorization: admin },
      })
    ).json()
    t.clock.now = Date.parse('2026-04-20T04:00:00Z')
    for (const [i, answers] of [
      { quality: 40, imp_quality: 2, price: -40, imp_price: 5 },
      { quality: 20, imp_quality: 3, price: -20, imp_price: 5 },
      { quality: 60, imp_quality: 1, price: -40, imp_price: 4 },
    ].entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: { answers, clientResponseId: `ipa-answer-${i}` },
      })
      expect(res.statusCode, res.body).toBe(201)
    }
    t.clock.now = june20
    const april = 'from=2026-04-01&to=2026-04-30'
    const { ipa } = (await get(`/surveys/${ipaSurvey}/analysis?${april}`)).json()
    expect(ipa.attributes.map((a: { quadrant: string }) => a.quadrant).sort()).toEqual([
      'IV_possible_overkill',
      'I_concentrate_here',
    ])
    const f = (x: number) => x.toFixed(2)
    for (const [locale, heading, crosshair, names, quadrants] of [
      [
        'zh-CN',
        '重要性–绩效分析（IPA）',
        '十字线（均值）: 重要性',
        { quality: '服务质量', price: '收费标准' },
        { I_concentrate_here: 'I 重点改进', IV_possible_overkill: 'IV 可能过度' },
      ],
      [
        'en-US',
        'Importance–performance (IPA)',
        'Crosshair (means): Importance',
        { quality: 'Service quality', price: 'Charges <b>& "fees"' },
        { I_concentrate_here: 'I Concentrate here', IV_possible_overkill: 'IV Possible overkill' },
      ],
    ] as const) {
      const text = pdfText(
        (await get(`/surveys/${ipaSurvey}/summary/pdf?${april}&locale=${locale}`)).rawPayload,
      ).replace(/ +/g, ' ')
      expect(text).toContain(heading)
      expect(text).toContain(`${crosshair} ${f(ipa.crosshair.importance)}`)
      for (const a of ipa.attributes as Array<{
        name: 'quality' | 'price'
        importance: number
        performance: number
        quadrant: 'I_concentrate_here' | 'IV_possible_overkill'
      }>)
        expect(text).toContain(
          `${names[a.name]} ${f(a.importance)} ${f(a.performance)} ${quadrants[a.quadrant]}`,
        )
      // Each name twice: its point's label in the chart, and its row in the table.
      for (const name of Object.values(names)) expect(text.split(name).length - 1).toBe(2)
    }
  }, 180_000)

  it('draws the Kano plane and the SERVQUAL gap bars the dashboard shows, with their figures', async () => {
    // Three answers in April: next-day delivery like/dislike twice (O) and like/neutral (A);
    // facilities expected 6, 7, 5 and perceived 4, 5, 6 (tangibles: 6.00, 5.00, gap −1.00).
    const june20 = t.clock.now
    t.clock.now = Date.parse('2026-03-01T04:00:00Z')
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { authorization: admin },
      payload: {
        title: { 'zh-CN': '配送与设施', 'en-US': 'Delivery and facilities' },
        questions: [
          {
            key: 'delivery',
            type: 'kano',
            title: { 'zh-CN': '次日达', 'en-US': 'Next-day delivery' },
            kano: {
              functional: { 'zh-CN': '如果提供次日达，您觉得如何？' },
              dysfunctional: { 'zh-CN': '如果不提供次日达，您觉得如何？' },
            },
          },
          {
            key: 'sq1',
            type: 'servqual',
            title: { 'zh-CN': '设施', 'en-US': 'Facilities' },
            servqual: { dimension: 'tangibles', reversed: false },
          },
        ],
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const surveyKs = created.json().id as string
    const { slug } = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${surveyKs}/publish`,
        headers: { authorization: admin },
      })
    ).json()
    t.clock.now = Date.parse('2026-04-21T04:00:00Z')
    for (const [i, answers] of [
      {
        delivery: { functional: 'like', dysfunctional: 'dislike' },
        sq1: { expectation: 6, perception: 4 },
      },
      {
        delivery: { functional: 'like', dysfunctional: 'dislike' },
        sq1: { expectation: 7, perception: 5 },
      },
      {
        delivery: { functional: 'like', dysfunctional: 'neutral' },
        sq1: { expectation: 5, perception: 6 },
      },
    ].entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: { answers, clientResponseId: `kano-servqual-${i}` },
      })
      expect(res.statusCode, res.body).toBe(201)
    }
    t.clock.now = june20
    const april = 'from=2026-04-01&to=2026-04-30'
    const { kano, servqual } = (await get(`/surveys/${surveyKs}/analysis?${april}`)).json()
    expect(kano).toHaveLength(1)
    expect(kano[0]).toMatchObject({ n: 3, category: 'O' })
    expect(kano[0].better).toBeCloseTo(1, 12)
    expect(kano[0].worse).toBeCloseTo(-2 / 3, 12)
    const tangibles = servqual.dimensions.find(
      (d: { dimension: string }) => d.dimension === 'tangibles',
    )
    expect(tangibles).toMatchObject({ expectation: 6, perception: 5, gap: -1 })
    const f = (x: number) => x.toFixed(2)
    for (const [locale, words, kanoRow, servqualRow, chartWords] of [
      [
        'zh-CN',
        [
          'Kano 模型',
          `SERVQUAL 差距 · n = ${servqual.n}`,
          `总体差距（不加权）: ${f(servqual.unweighted)}`,
        ],
        `次日达 3 期望 ${f(kano[0].better)} ${f(kano[0].worse)}`,
        '有形性 6.00 5.00 -1.00',
        // The Kano chart's |worse| axis, its point's label; the gap axis and the bar's dimension.
        { '|Worse| 系数': 1, 次日达: 2, '差距（感知 - 期望）': 2, 有形性: 2 },
      ],
      [
        'en-US',
        [
          'Kano model',
          `SERVQUAL gaps · n = ${servqual.n}`,
          `Overall gap (unweighted): ${f(servqual.unweighted)}`,
        ],
        `Next-day delivery 3 One-dimensional ${f(kano[0].better)} ${f(kano[0].worse)}`,
        'Tangibles 6.00 5.00 -1.00',
        // One-dimensional: the figure table's row and the chart's colour key.
        {
          '|Worse|': 1,
          'Next-day delivery': 2,
          'One-dimensional': 2,
          'Gap (perception - expectation)': 2,
          Tangibles: 2,
        },
      ],
    ] as const) {
      const text = pdfText(
        (await get(`/surveys/${surveyKs}/summary/pdf?${april}&locale=${locale}`)).rawPayload,
      ).replace(/ +/g, ' ')
      for (const w of words) expect(text).toContain(w)
      expect(text).toContain(kanoRow)
      expect(text).toContain(servqualRow)
      for (const [word, times] of Object.entries(chartWords))
        expect(text.split(word).length - 1, word).toBe(times)
    }
  }, 180_000)

  it("holds the cross-tabulation chosen on the dashboard: counts, row %, χ², df, p, Cramér's V, the cells that stand out", async () => {
    // All 12 answers of the first survey, NPS score × unit: unit A gave 10 six times and 2 twice,
    // unit B 9 once and 0 three times, so every score sits in one unit only.
    const columns = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/analyses/columns',
        headers: { authorization: admin },
        payload: { survey: { id: surveyId, lang: 'zh-CN' } },
      })
    ).json().columns as Array<{ header: string; role: string; question: string }>
    const row = columns.find((c) => c.role === 'answer' && c.header.endsWith('[nps]'))!.header
    const by = columns.find((c) => c.role === 'meta' && c.header.includes('unit'))!.header
    const xt = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/analyses/crosstab',
        headers: { authorization: admin },
        payload: { survey: { id: surveyId, lang: 'zh-CN' }, options: { row, by } },
      })
    ).json()
    expect(xt.n).toBe(12)
    expect(xt.columns).toEqual(['A', 'B'])
    // Perfect association: χ² = n·(min(r, c) − 1) = 12, df = (4 − 1)(2 − 1) = 3, V = 1.
    expect(xt.chiSquare.statistic).toBeCloseTo(12, 10)
    expect(xt.chiSquare.df).toBe(3)
    expect(xt.cramersV).toBeCloseTo(1, 10)
    const query = new URLSearchParams({ crosstabRow: row, crosstabBy: by })
    const res = await get(`/surveys/${surveyId}/summary/pdf?${filters}&${query}`)
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    const text = pdfText(res.rawPayload).replace(/ +/g, ' ')
    expect(text).toContain(`交叉分析: ${row} × ${by}`)
    expect(text).toContain('有效配对 12 个')
    const p = xt.chiSquare.pValue < 0.001 ? '< 0.001' : `= ${xt.chiSquare.pValue.toFixed(3)}`
    expect(p).toBe('= 0.007')
    expect(text).toContain(`卡方检验 χ2 = 12.00，自由度 df = 3，p ${p} Cramér's V = 1.000`)
    // Each score's row: count (row %) per unit, ↑/↓ where the adjusted residual is significant.
    for (const [i, name] of (xt.rows as string[]).entries()) {
      const cells = (
        xt.cells[i] as Array<{
          count: number
          rowPercent: number
          significant: boolean
          adjustedResidual: number
        }>
      ).map(
        (c) =>
          `${c.count} (${c.rowPercent.toFixed(1)}%)${c.significant ? (c.adjustedResidual > 0 ? ' ↑' : ' ↓') : ''}`,
      )
      expect(text).toContain(`${name} ${cells.join(' ')} ${xt.rowTotals[i]}`)
    }
    // The score 10 (six in A) stands out: 6 (100.0%) ↑ in A, 0 (0.0%) ↓ in B.
    expect(text).toContain('10 6 (100.0%) ↑ 0 (0.0%) ↓ 6')
    expect(text).toContain('↑ / ↓：该单元格人数显著高于 / 低于独立时的期望')

    // Without the reader's right to run analyses the card is not shown, and the PDF is refused.
    const agentPdf = await get(
      `/surveys/${surveyId}/summary/pdf?${filters}&unit=${ids.get('B')}&${query}`,
      agentCookie,
    )
    expect(agentPdf.statusCode).toBe(403)
    expect(agentPdf.json().error.code).toBe('FORBIDDEN')
    // One of the two columns alone is refused.
    const half = await get(
      `/surveys/${surveyId}/summary/pdf?${filters}&crosstabRow=${encodeURIComponent(row)}`,
    )
    expect(half.statusCode).toBe(400)
    expect(half.json().error.code).toBe('VALIDATION_FAILED')
  }, 120_000)

  it('is refused where the dashboard is, each with its code', async () => {
    // An agent of unit B sees B's dashboard as PDF, and not A's.
    const own = await get(
      `/surveys/${surveyId}/summary/pdf?${filters}&unit=${ids.get('B')}`,
      agentCookie,
    )
    expect(own.statusCode).toBe(200)
    expect(pdfText(own.rawPayload).replace(/ +/g, ' ')).toContain('单元: 滨江B店')
    const other = await get(
      `/surveys/${surveyId}/summary/pdf?${filters}&unit=${ids.get('A')}`,
      agentCookie,
    )
    expect(other.statusCode).toBe(404)
    expect(other.json().error.code).toBe('UNIT_NOT_FOUND')
    const badLocale = await get(`/surveys/${surveyId}/summary/pdf?${filters}&locale=fr-FR`)
    expect(badLocale.statusCode).toBe(400)
    expect(badLocale.json().error.code).toBe('VALIDATION_FAILED')
    const eve = await otherOrganisationAdmin(t, ctx.store)
    const foreign = await get(`/surveys/${surveyId}/summary/pdf?${filters}`, eve.cookie)
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json().error.code).toBe('SURVEY_NOT_FOUND')
  }, 120_000)

  it('makes the home overview as PDF with its figures, for all units and for one', async () => {
    const period = 'from=2026-06-01&to=2026-06-30'
    const overview = (await get(`/overview?${period}`)).json()
    expect(overview.totals.nps).toMatchObject({ n: 12, promoters: 7, detractors: 5 })
    const res = await get(`/overview/pdf?${period}`)
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="overview-2026-06-01-2026-06-30.pdf"',
    )
    const ci = overview.totals.nps.ci95 as [number, number]
    const text = pdfText(res.rawPayload).replace(/ +/g, ' ')
    for (const words of [
      '首页概览',
      '期间: 2026-06-01 – 2026-06-30',
      '回答数: 12',
      '单元: 全部单元',
      `有回答的问卷: ${overview.surveysAnswered} / ${overview.surveys}`,
      `净推荐值 NPS 16.7 ${formatFigure('nps', ci[0])} – ${formatFigure('nps', ci[1])} 12`,
    ])
      expect(text).toContain(words)

    const unitA = ids.get('A')!
    const overviewA = (await get(`/overview?${period}&unit=${unitA}`)).json()
    const ciA = overviewA.totals.nps.ci95 as [number, number]
    const english = await get(`/overview/pdf?${period}&unit=${unitA}&locale=en-US`)
    const en = pdfText(english.rawPayload).replace(/ +/g, ' ')
    for (const words of [
      'Overview',
      'Unit: Riverside A',
      'Answers: 8',
      `NPS 50.0 ${formatFigure('nps', ciA[0])} – ${formatFigure('nps', ciA[1])} 8`,
    ])
      expect(en).toContain(words)
    // An agent of unit B may not have A's.
    const refused = await get(`/overview/pdf?${period}&unit=${unitA}`, agentCookie)
    expect(refused.statusCode).toBe(404)
    expect(refused.json().error.code).toBe('UNIT_NOT_FOUND')
  }, 120_000)
})
