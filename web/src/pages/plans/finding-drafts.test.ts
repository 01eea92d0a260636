import { describe, expect, it } from 'vitest'
import { EvidenceSchema } from '../../../../src/actions/action-plan.schema'
import {
  controlSignalDraft,
  emergingTopicDraft,
  ipaDraft,
  keyDriverDraft,
  offTargetDraft,
} from './finding-drafts'
import { PLANS_EN, PLANS_ZH, type PlansWord } from './plans-words'

/** The page's lookup (usePageWords) over one dictionary, without React. */
const wordsOf =
  (dict: Record<PlansWord, string>) => (key: PlansWord, vars?: Record<string, string | number>) =>
    dict[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? ''))
const zh = wordsOf(PLANS_ZH)
const en = wordsOf(PLANS_EN)
const period = { from: '2026-10-01', to: '2026-10-31' }

describe('plan drafts of findings', () => {
  it('a key driver: its share of R² and rank, the evidence the server accepts', () => {
    const d = keyDriverDraft(zh, { name: '等待时间', share: 41.23456, rank: 1, of: 4, r2: 0.5123 })
    expect(d.title).toBe('改善关键驱动因素“等待时间”')
    expect(d.problem).toBe(
      '关键驱动因素分析中，“等待时间”解释了满意度方差（R²）的 41.235%，在 4 个因素中排第 1。',
    )
    expect(d.evidence).toEqual({
      source: 'key_drivers',
      label: '等待时间',
      filters: { page: 'analyses', driver: '等待时间' },
      figures: { share: 41.235, rank: 1, drivers: 4, r2: 0.512 },
      link: '/app/analyses',
    })
    expect(EvidenceSchema.parse(d.evidence)).toEqual(d.evidence)
  })

  it('an emerging topic: its share lately against before, over the page’s period', () => {
    const topic = {
      topic: 'billing',
      label: 'Billing',
      recentShare: 0.125,
      baselineShare: 0.04,
      pValue: 0.00012,
    }
    const d = emergingTopicDraft(en, topic, period)
    expect(d.problem).toBe(
      'From 2026-10-01 to 2026-10-31, 12.5% of the comments mention "Billing", against 4% before: a significant rise.',
    )
    expect(d.evidence).toEqual({
      source: 'emerging_topic',
      label: 'Billing',
      period,
      filters: { topic: 'billing' },
      figures: { recentShare: 12.5, baselineShare: 4, pValue: 0.00012 },
      link: '/app/text?from=2026-10-01&to=2026-10-31',
    })
    expect(EvidenceSchema.safeParse(d.evidence).success).toBe(true)
  })

  it('a control-chart signal: above the limit or in a run, on NPS, in the dashboard’s unit', () => {
    const signal = {
      surveyId: 's1',
      date: '2026-10-17',
      value: 0.31,
      ucl: 0.25,
      lcl: 0.05,
      center: 0.15,
      signals: 2,
      unitId: 'u9',
    }
    const above = controlSignalDraft(zh, signal, period)
    expect(above.title).toBe('查明 2026-10-17 贬损者比例异常的原因')
    expect(above.problem).toBe(
      '2026-10-17 贬损者比例 31%，超出控制上限 25%（中心线 15%）；本期共 2 个信号。',
    )
    expect(above.metric).toBe('nps')
    expect(above.unitIds).toEqual(['u9'])
    expect(above.evidence).toEqual({
      source: 'control_chart',
      label: '2026-10-17',
      period,
      filters: { survey: 's1', chart: 'detractor_share', unit: 'u9' },
      figures: { detractorShare: 31, ucl: 25, lcl: 5, centre: 15, signals: 2 },
      link: '/app/surveys/s1?from=2026-10-01&to=2026-10-31&unit=u9',
    })
    const run = controlSignalDraft(en, { ...signal, value: 0.2, unitId: null }, period)
    expect(run.problem).toBe(
      'On 2026-10-17 the detractor share was 20%, in a run off the centre line (15%); 2 signals in the period.',
    )
    expect(run.unitIds).toBeUndefined()
    expect(run.evidence.link).toBe('/app/surveys/s1?from=2026-10-01&to=2026-10-31')
    expect(EvidenceSchema.safeParse(run.evidence).success).toBe(true)
  })

  it('a unit off its target: the unit is the plan’s, the metric kept when a plan can measure it', () => {
    const row = {
      unitId: 'u3',
      unitName: '东城营业厅',
      metric: 'nps',
      metricName: 'NPS',
      period: '2026-10',
      value: 40,
      current: 31.25,
      gap: -8.75,
      probability: 0.1234,
      n: 64,
    }
    const d = offTargetDraft(zh, row)
    expect(d.title).toBe('让东城营业厅的NPS达到目标')
    expect(d.problem).toBe(
      '东城营业厅 2026-10 的NPS目标为 40，目前为 31.25，按目前进度达标概率 12.34%。',
    )
    expect(d.metric).toBe('nps')
    expect(d.unitIds).toEqual(['u3'])
    expect(d.evidence).toEqual({
      source: 'target',
      label: '东城营业厅',
      filters: { unit: 'u3', metric: 'nps', period: '2026-10' },
      figures: { target: 40, n: 64, current: 31.25, gap: -8.75, probability: 12.34 },
      link: '/app/units/league?metric=nps&period=2026-10&tab=targets',
    })
    // CSM is a league metric a plan does not measure: the form keeps its own choice.
    const csm = offTargetDraft(en, {
      ...row,
      metric: 'csm',
      metricName: 'CSM',
      current: null,
      gap: null,
      probability: null,
    })
    expect(csm.metric).toBeUndefined()
    expect(csm.problem).toBe(
      '东城营业厅 has a CSM target of 40 for 2026-10, stands at –, and meets it with a probability of –% at the current pace.',
    )
    expect(csm.evidence.figures).toEqual({ target: 40, n: 64 })
    expect(EvidenceSchema.safeParse(csm.evidence).success).toBe(true)
  })
  it('an IPA point: on the workbench it links to /app/analyses, on a dashboard to the survey over the period', () => {
    const point = {
      key: 'price',
      name: 'price',
      importance: 0.61234,
      performance: 3.1,
      quadrant: 'I_concentrate_here',
    }
    const crosshair = { importance: 0.4, performance: 3.56789 }
    const onWorkbench = ipaDraft(en, point, crosshair, { page: 'analyses' })
    expect(onWorkbench.title).toBe('Better "price"')
    expect(onWorkbench.problem).toBe(
      '"price" has importance 0.612 (mean 0.4) and performance 3.1 (mean 3.568): quadrant I of the IPA, concentrate here.',
    )
    // The workbench is the route /analyses under the admin app's /app (web/src/app.tsx); there is no /app/workbench.
    expect(onWorkbench.evidence).toEqual({
      source: 'ipa',
      label: 'price',
      filters: { attribute: 'price', quadrant: 'I_concentrate_here', page: 'analyses' },
      figures: {
        importance: 0.612,
        performance: 3.1,
        crosshairImportance: 0.4,
        crosshairPerformance: 3.568,
      },
      link: '/app/analyses',
    })
    expect(EvidenceSchema.parse(onWorkbench.evidence)).toEqual(onWorkbench.evidence)

    const onDashboard = ipaDraft(
      zh,
      { ...point, key: 'q3', name: '收费标准', quadrant: 'II_keep_up_the_good_work' },
      crosshair,
      { page: 'dashboard', surveyId: 's-1', period },
    )
    expect(onDashboard.problem).toBe('“收费标准”重要性 0.612（均值 0.4），表现 3.1（均值 3.568）。')
    expect(onDashboard.evidence).toMatchObject({
      period,
      filters: { survey: 's-1', attribute: 'q3', page: 'dashboard' },
      link: '/app/surveys/s-1?from=2026-10-01&to=2026-10-31',
    })
    expect(EvidenceSchema.safeParse(onDashboard.evidence).success).toBe(true)
  })
})
