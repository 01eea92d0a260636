import { execFileSync } from 'node:child_process'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import type { OutgoingMail } from '../distribution/invitation-delivery.js'
import { createTestApp, type TestApp } from '../server/test-app.js'
import { createUnit } from '../units/unit.service.js'
import { runScheduledReports } from './report-schedule.service.js'

// A unit report pools every survey's answers from the unit roll-ups, unweighted (issue 21). When a
// survey with respondent weights (settings.weightField) was answered in the unit's subtree in the
// period, the report's PDF (made now or by a schedule) and XLSX say the figures are unweighted and
// name that survey, in Chinese and English; a unit answered only through unweighted surveys gets no
// such note. Over HTTP on both stores; the PDF text read by pdftotext.
//
// October 2026: unit W has 2 answers to the weighted survey 按户抽样调查 / Household sample survey
// and 2 to the unweighted 门店服务调查; unit U only 2 to the unweighted one.

const pdfText = (pdf: Buffer) =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString().replace(/\s+/g, ' ')

/** The Chinese note wraps between characters: compared with the spaces taken out. */
const squeezed = (s: string) => s.replace(/\s+/g, '')

describeEachDialect('the unweighted note of unit reports', (ctx) => {
  let t: TestApp
  let admin = ''
  const units = { w: '', u: '' }
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: admin },
      ...(payload === undefined ? {} : { payload }),
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store, { publicRateLimit: 10_000 })
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'report-weighting-admin', role: 'admin' },
      now: Date.parse('2026-01-01T00:00:00Z'),
    }
    units.w = (
      await createUnit(scope, {
        code: 'W',
        nameZh: '加权网点',
        nameEn: 'Weighted branch',
        parentId: null,
      })
    ).id
    units.u = (
      await createUnit(scope, {
        code: 'U',
        nameZh: '普通网点',
        nameEn: 'Plain branch',
        parentId: null,
      })
    ).id
    // The clock moves by months, past any session: the administrator acts through a token.
    admin = `Bearer ${
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: { cookie: t.adminCookie },
          payload: { name: 'report-weighting', role: 'admin', expiresInDays: 365 },
        })
      ).json().token
    }`
    const survey = async (title: Record<string, string>, settings: object) => {
      const created = await call('POST', '/surveys', {
        title,
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Recommend' } },
        ],
        settings,
      })
      expect(created.statusCode, created.body.slice(0, 300)).toBe(201)
      return (await call('POST', `/surveys/${created.json().id}/publish`)).json().slug as string
    }
    const weighted = await survey(
      { 'zh-CN': '按户抽样调查', 'en-US': 'Household sample survey' },
      { hiddenFields: ['unit', 'w'], weightField: 'w' },
    )
    const plain = await survey(
      { 'zh-CN': '门店服务调查', 'en-US': 'Store service survey' },
      { hiddenFields: ['unit'] },
    )
    t.clock.now = Date.parse('2026-10-12T04:00:00Z')
    let k = 0
    for (const [slug, unit, nps, w] of [
      [weighted, 'W', 10, '3'],
      [weighted, 'W', 0, '1'],
      [plain, 'W', 9, null],
      [plain, 'W', 6, null],
      [plain, 'U', 10, null],
      [plain, 'U', 3, null],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: {
          answers: { nps },
          segments: w === null ? { unit } : { unit, w },
          clientResponseId: `report-weighting-${k++}`,
        },
      })
      expect(res.statusCode, res.body.slice(0, 300)).toBe(201)
    }
    t.clock.now = Date.parse('2026-11-03T04:00:00Z')
  })
  afterAll(async () => {
    await t?.app.close()
  })

  const ZH_NOTE =
    '未加权：本报告的指标、排名和目标把各问卷的答卷等同合并计算，未使用受访者权重；本期有 1 份设有受访者权重的问卷（按户抽样调查），其加权结果见各问卷的仪表盘。'
  const EN_NOTE =
    "Unweighted: this report's metrics, league and targets pool every survey's answers alike, without respondent weights; surveys with respondent weights answered in the period: 1 (Household sample survey). Their weighted figures are on each survey's dashboard."

  it('says in the PDF and XLSX made now, in Chinese and English, that the figures are unweighted', async () => {
    const content = await call('GET', `/reports/content?unitId=${units.w}&period=2026-10`)
    expect(content.statusCode, content.body.slice(0, 300)).toBe(200)
    expect(content.json().weightedSurveys).toEqual([
      { id: expect.any(String), titleZh: '按户抽样调查', titleEn: 'Household sample survey' },
    ])
    // The pooled NPS stays unweighted: 10, 0, 9, 6 alike → (2 − 2)/4 = 0 (weighted it would differ).
    expect(content.json().metrics[0]).toMatchObject({ metric: 'nps', n: 4, value: 0 })
    const zh = await call('GET', `/reports/file?unitId=${units.w}&period=2026-10&format=pdf`)
    expect(zh.statusCode, zh.body.slice(0, 300)).toBe(200)
    expect(squeezed(pdfText(zh.rawPayload))).toContain(squeezed(ZH_NOTE))
    const en = await call(
      'GET',
      `/reports/file?unitId=${units.w}&period=2026-10&format=pdf&locale=en-US`,
    )
    expect(pdfText(en.rawPayload)).toContain(EN_NOTE)
    const xlsx = await call('GET', `/reports/file?unitId=${units.w}&period=2026-10&format=xlsx`)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const cells: string[] = []
    book.worksheets[0]!.eachRow((row) => cells.push(String(row.getCell(1).value ?? '')))
    expect(cells).toContain(ZH_NOTE)
  })

  it('gives a unit answered only through unweighted surveys no note', async () => {
    const content = await call('GET', `/reports/content?unitId=${units.u}&period=2026-10`)
    expect(content.json().weightedSurveys).toEqual([])
    const pdf = await call('GET', `/reports/file?unitId=${units.u}&period=2026-10&format=pdf`)
    expect(squeezed(pdfText(pdf.rawPayload))).not.toContain('未加权')
  })

  it('puts the note in the scheduled report’s archived PDF, in Chinese and English', async () => {
    for (const locale of ['zh-CN', 'en-US'] as const) {
      const schedule = await call('POST', '/reports/schedules', {
        unitId: units.w,
        kind: 'monthly',
        locale,
        recipients: [`weighting-${locale}@corp.test`],
      })
      expect(schedule.statusCode, schedule.body.slice(0, 300)).toBe(201)
    }
    const mails: OutgoingMail[] = []
    await runScheduledReports(
      {
        db: t.db,
        features: ctx.store.features,
        mail: async (m) => {
          mails.push(m)
        },
        baseUrl: 'https://csm.example.cn',
      },
      t.clock.now,
    )
    const archive = (await call('GET', '/reports/archive')).json().reports as Array<{
      id: string
      period: string
    }>
    expect(archive.map((r) => r.period)).toEqual(['2026-10', '2026-10'])
    const texts = await Promise.all(
      archive.map(async (r) =>
        pdfText((await call('GET', `/reports/archive/${r.id}/pdf`)).rawPayload),
      ),
    )
    expect(texts.filter((s) => squeezed(s).includes(squeezed(ZH_NOTE)))).toHaveLength(1)
    expect(texts.filter((s) => s.includes(EN_NOTE))).toHaveLength(1)
  })

  it('says in the overview PDF that its pooled figures are unweighted, in Chinese and English', async () => {
    const period = 'from=2026-10-01&to=2026-10-31'
    const zh = await call('GET', `/overview/pdf?${period}`)
    expect(zh.statusCode, zh.body.slice(0, 300)).toBe(200)
    expect(squeezed(pdfText(zh.rawPayload))).toContain(
      squeezed(
        '1 份问卷设有受访者权重。总览合并各问卷的答卷，按答卷计数、不加权：各问卷的权重来自各自的抽样框，不在同一尺度上，不能合并。加权结果见该问卷的看板。',
      ),
    )
    const en = await call('GET', `/overview/pdf?${period}&locale=en-US`)
    expect(pdfText(en.rawPayload)).toContain(
      'Surveys with respondent weights: 1. The overview pools the answers of every survey and counts them unweighted',
    )
  })
})
