import type { EChartsOption } from 'echarts'
import type { CrosstabResult } from '../analytics/crosstab.js'
import type { SurveyAnalysis } from '../responses/question-analysis.schema.js'
import type { SurveySummaryView } from '../responses/summary.schema.js'
import {
  ipaQuadrantOption,
  kanoScatterOption,
  servqualGapOption,
} from './analysis-chart-options.js'
import { controlChartOption } from './control-chart-option.js'
import { type DashboardPdfWords, dashboardPdfWords } from './dashboard-pdf-words.js'
import {
  chartSvg,
  drawChart,
  ensureRoom,
  heading,
  note,
  openPdf,
  PAGE_WIDTH,
  signed,
  table,
} from './report-pdf.js'
import { formatFigure } from './report-words.js'
import type { ReportLocale } from './report.schema.js'

/**
 * A survey dashboard as an A4 PDF (the dashboard's "download PDF"): the figures of
 * GET /surveys/:id/summary for the same filters — key metrics with intervals against the period
 * before, the NPS trend as a chart and a table, the NPS score distribution, NPS by channel, the
 * detractor share's control chart (the dashboard's own chart option, control-chart-option.ts), the
 * IPA quadrants, Kano plane and SERVQUAL gap bars as the dashboard draws them (their options from
 * analysis-chart-options.ts) with their figures, the cross-tabulation the reader chose on the
 * dashboard, and the latest comments — laid out by the reports' PDF machinery (report-pdf.ts: pdfkit, the embedded
 * Noto Sans SC subset, ECharts' server-side SVG drawn as vectors).
 */

export interface DashboardPdfInput {
  surveyTitle: string
  /** The unit the dashboard is limited to, by name; null for all the reader's units. */
  unitName: string | null
  channel: string | null
  segment: string | null
  summary: SurveySummaryView
  /** GET /surveys/:id/analysis for the same filters: IPA, Kano and SERVQUAL when the survey has them. */
  analysis?: SurveyAnalysis
  /** The dashboard card's cross-tabulation (POST /analyses/crosstab), when the reader chose one. */
  crosstab?: DashboardCrosstab | null
}

/** A cross-tabulation as the analysis API returns it: the two columns (and weight) named. */
export interface DashboardCrosstab extends CrosstabResult {
  row: string
  by: string
  weight?: string
  /** Answers left out for lack of a valid weight (a survey weighted by its own weight field). */
  weightsLeftOut?: number
}

/** A local calendar date of an instant in the organisation's time zone. */
export function localDate(iso: string, timeZone: string, endExclusive = false): string {
  const at = Date.parse(iso) - (endExclusive ? 1 : 0)
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(at)
}

export function channelName(code: string, w: DashboardPdfWords): string {
  return w.channelNames[code] ?? code
}

function interval(metric: string, ci: readonly [number, number] | null): string {
  return ci ? `${formatFigure(metric, ci[0])} – ${formatFigure(metric, ci[1])}` : '—'
}

function pText(change: { pValue: number; isSignificant: boolean } | null, w: DashboardPdfWords) {
  if (!change) return '—'
  const p = change.pValue < 0.001 ? '< 0.001' : change.pValue.toFixed(3)
  return change.isSignificant ? `${p} (${w.significant})` : p
}

type MetricSet = SurveySummaryView['totals']
type Changes = SurveySummaryView['previousPeriod']['changes']

/** The key-metric rows: each metric asked, its value, interval, n and change since the period before. */
export function metricRows(
  asked: { nps: boolean; csat: boolean; ces: boolean },
  totals: MetricSet,
  before: MetricSet,
  changes: Changes,
  w: DashboardPdfWords,
): string[][] {
  const rows: string[][] = []
  const row = (
    metric: 'nps' | 'csat' | 'ces',
    value: number | null,
    ci: readonly [number, number] | null,
    n: number,
    previous: number | null,
  ) => {
    const change = changes[metric]
    rows.push([
      w.metricNames[metric],
      formatFigure(metric, value),
      interval(metric, ci),
      String(n),
      formatFigure(metric, previous),
      change ? signed(formatFigure(metric, change.difference)) : '—',
      pText(change, w),
    ])
  }
  if (asked.nps && totals.nps)
    row('nps', totals.nps.nps, totals.nps.ci95, totals.nps.n, before.nps?.nps ?? null)
  if (asked.csat && totals.csat)
    row('csat', totals.csat.csat, totals.csat.ci95, totals.csat.n, before.csat?.csat ?? null)
  if (asked.ces && totals.ces)
    row('ces', totals.ces.mean, totals.ces.ci95, totals.ces.n, before.ces?.mean ?? null)
  return rows
}

type Weighted = NonNullable<SurveySummaryView['weighted']>

/**
 * A weighted survey's key-metric rows: the weighted figures the dashboard's cards show (interval on
 * n_eff, n the answers with a valid weight). As on screen, no period change is shown beside them:
 * the period comparison is of unweighted answers.
 */
export function weightedMetricRows(
  asked: { nps: boolean; csat: boolean; ces: boolean },
  weighted: Weighted,
  w: DashboardPdfWords,
): string[][] {
  const row = (
    metric: 'nps' | 'csat' | 'ces',
    value: number,
    ci: readonly [number, number] | null,
    n: number,
  ) => [
    w.metricNames[metric],
    formatFigure(metric, value),
    interval(metric, ci),
    String(n),
    '—',
    '—',
    '—',
  ]
  return [
    ...(asked.nps && weighted.nps
      ? [row('nps', weighted.nps.nps, weighted.nps.ci95, weighted.nps.n)]
      : []),
    ...(asked.csat && weighted.csat
      ? [row('csat', weighted.csat.csat, weighted.csat.ci95, weighted.csat.n)]
      : []),
    ...(asked.ces && weighted.ces
      ? [row('ces', weighted.ces.mean, weighted.ces.ci95, weighted.ces.n)]
      : []),
  ]
}

/** The weighted note under the key metrics: the weight field, each figure's n_eff, answers left out. */
function weightedNote(weighted: Weighted, w: DashboardPdfWords): string {
  const effective = (['nps', 'csat', 'ces'] as const)
    .filter((m) => weighted[m])
    .map((m) => `${w.metricNames[m]} ${weighted[m]!.effectiveN.toFixed(1)}`)
    .join(w.listSeparator)
  return w.weightedNote
    .replace('{field}', weighted.weightField)
    .replace('{neff}', effective)
    .replace('{left}', String(weighted.answers - weighted.weighted))
}

/** The trend rows in the summary's shape: the weighted figures per period when the survey is weighted. */
function trendRows(s: SurveySummaryView) {
  if (!s.weighted)
    return s.trend.map((p) => ({
      period: p.period,
      answers: p.responses,
      nps: p.nps?.nps ?? null,
      csat: p.csat?.csat ?? null,
      ces: p.ces?.mean ?? null,
    }))
  return s.weighted.trend.map((p) => ({
    period: p.period,
    answers: p.answers,
    nps: p.nps?.nps ?? null,
    csat: p.csat?.csat ?? null,
    ces: p.ces?.mean ?? null,
  }))
}

/** The key-metric table's columns. */
export function metricColumns(w: DashboardPdfWords) {
  return [
    { header: w.metric, width: 120 },
    { header: w.value, width: 55, align: 'right' as const },
    { header: w.interval, width: 95, align: 'right' as const },
    { header: w.n, width: 50, align: 'right' as const },
    { header: w.previous, width: 55, align: 'right' as const },
    { header: w.change, width: 55, align: 'right' as const },
    { header: w.pValue, width: 85, align: 'right' as const },
  ]
}

/** The NPS trend as a line with its interval band's ends as points, on the PDF's width. */
function trendOption(s: SurveySummaryView, w: DashboardPdfWords): EChartsOption {
  const points = trendRows(s).filter((p) => p.nps !== null)
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: points.map((p) => p.period) },
    yAxis: { type: 'value', min: -100, max: 100 },
    series: [
      {
        name: w.trendChart,
        type: 'line',
        data: points.map((p) => Math.round(p.nps! * 10) / 10),
        label: { show: true, formatter: (x: { value: unknown }) => String(x.value) },
      },
    ],
  } as EChartsOption
}

const fixed2 = (x: number | null) => (x === null ? '—' : x.toFixed(2))

/** A question's title in the report's language (zh-CN when it has no English one). */
function titleIn(locale: ReportLocale) {
  return (title: Record<string, string> | undefined, fallback: string) =>
    (locale === 'en-US' && title?.['en-US']) || title?.['zh-CN'] || fallback
}

/** The analysis charts' heights in the PDF (points); SERVQUAL's grows with its dimensions. */
const IPA_HEIGHT = 300
const KANO_HEIGHT = 300
const servqualHeight = (dimensions: number) => 70 + 32 * dimensions

interface AnalysisSvgs {
  ipa: string | null
  kano: string | null
  servqual: string | null
}

/** The dashboard's IPA, Kano and SERVQUAL charts as SVG, each when the survey has it. */
async function analysisSvgs(
  a: SurveyAnalysis | undefined,
  w: DashboardPdfWords,
  locale: ReportLocale,
): Promise<AnalysisSvgs> {
  const titleOf = titleIn(locale)
  const width = Math.round(PAGE_WIDTH)
  const look = { animation: false }
  const ipa = a?.ipa
  const kano = a?.kano.filter((k) => k.better !== null && k.worse !== null) ?? []
  const servqual = a?.servqual
  const [ipaSvg, kanoSvg, servqualSvg] = await Promise.all([
    ipa
      ? chartSvg(
          ipaQuadrantOption(
            {
              attributes: ipa.attributes.map((x) => ({
                ...x,
                name: titleOf(ipa.titles[x.name], x.name),
              })),
              crosshair: ipa.crosshair,
            },
            { performance: w.performance, importance: w.importance },
            look,
          ),
          width,
          IPA_HEIGHT,
        )
      : null,
    kano.length > 0
      ? chartSvg(
          kanoScatterOption(
            kano.map((k) => ({ ...k, feature: titleOf(k.title, k.key) })),
            { ...w.kanoAxes, categories: w.kanoCategories },
            look,
          ),
          width,
          KANO_HEIGHT,
        )
      : null,
    servqual && servqual.dimensions.length > 0
      ? chartSvg(
          servqualGapOption(
            servqual.dimensions.map((d) => ({
              label: w.dimensions[d.dimension] ?? d.dimension,
              gap: d.gap,
            })),
            { gapAxis: w.gap },
            look,
          ),
          width,
          servqualHeight(servqual.dimensions.length),
        )
      : null,
  ])
  return { ipa: ipaSvg, kano: kanoSvg, servqual: servqualSvg }
}

/** IPA, Kano and SERVQUAL as the dashboard's analysis cards give them, each when the survey has it. */
function questionAnalyses(
  doc: PDFKit.PDFDocument,
  a: SurveyAnalysis,
  svgs: AnalysisSvgs,
  w: DashboardPdfWords,
  locale: ReportLocale,
): void {
  const titleOf = titleIn(locale)
  if (a.ipa) {
    const ipa = a.ipa
    ensureRoom(doc, svgs.ipa ? IPA_HEIGHT + 60 : 80)
    heading(doc, w.ipa)
    if (svgs.ipa) drawChart(doc, svgs.ipa, IPA_HEIGHT + 2)
    note(
      doc,
      `${w.ipaCrosshair}: ${w.importance} ${fixed2(ipa.crosshair.importance)}    ${w.performance} ${fixed2(ipa.crosshair.performance)}`,
    )
    table(
      doc,
      [
        { header: w.attribute, width: 200 },
        { header: w.importance, width: 80, align: 'right' },
        { header: w.performance, width: 80, align: 'right' },
        { header: w.quadrant, width: 155 },
      ],
      ipa.attributes.map((x) => [
        titleOf(ipa.titles[x.name], x.name),
        fixed2(x.importance),
        fixed2(x.performance),
        w.quadrants[x.quadrant] ?? x.quadrant,
      ]),
    )
    doc.moveDown(0.5)
  }
  if (a.kano.length > 0) {
    ensureRoom(doc, svgs.kano ? KANO_HEIGHT + 60 : 80)
    heading(doc, w.kano)
    if (svgs.kano) drawChart(doc, svgs.kano, KANO_HEIGHT + 2)
    table(
      doc,
      [
        { header: w.feature, width: 200 },
        { header: w.n, width: 60, align: 'right' },
        { header: w.kanoCategory, width: 125 },
        { header: w.better, width: 65, align: 'right' },
        { header: w.worse, width: 65, align: 'right' },
      ],
      a.kano.map((k) => [
        titleOf(k.title, k.key),
        String(k.n),
        w.kanoCategories[k.category] ?? k.category,
        fixed2(k.better),
        fixed2(k.worse),
      ]),
    )
    doc.moveDown(0.5)
  }
  if (a.servqual) {
    const sq = a.servqual
    const chartHeight = servqualHeight(sq.dimensions.length)
    ensureRoom(doc, svgs.servqual ? chartHeight + 60 : 80)
    heading(doc, `${w.servqual} · n = ${sq.n}`)
    if (svgs.servqual) drawChart(doc, svgs.servqual, chartHeight + 2)
    note(doc, `${w.unweightedGap}: ${fixed2(sq.unweighted)}`)
    table(
      doc,
      [
        { header: w.dimension, width: 155 },
        { header: w.expectation, width: 100, align: 'right' },
        { header: w.perception, width: 100, align: 'right' },
        { header: w.gap, width: 160, align: 'right' },
      ],
      sq.dimensions.map((d) => [
        w.dimensions[d.dimension] ?? d.dimension,
        fixed2(d.expectation),
        fixed2(d.perception),
        fixed2(d.gap),
      ]),
    )
    doc.moveDown(0.5)
  }
}

/** A count as the cross-table shows it: whole, or two decimals when weighted. */
const countText = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2))

/**
 * The dashboard's cross-tabulation: count (row %) per cell, ↑/↓ where the cell's adjusted
 * residual is significant (Haberman 1973; analytics/crosstab.ts), row totals, then the χ² test
 * and Cramér's V. The font has no superscript two: χ2.
 */
function crosstabSection(doc: PDFKit.PDFDocument, xt: DashboardCrosstab, w: DashboardPdfWords) {
  ensureRoom(doc, 120)
  heading(doc, `${w.crosstab}: ${xt.row} × ${xt.by}`)
  const weighting = xt.weight
    ? ` ${w.crosstabWeighted(xt.weight)}${xt.weightsLeftOut ? ` ${w.crosstabLeftOut(xt.weightsLeftOut)}` : ''}`
    : ''
  note(doc, w.crosstabScope(xt.pairs) + weighting)
  doc.moveDown(0.25)
  // The first column gives way (down to 80 pt) before the count columns shrink below 40 pt.
  const first = Math.max(80, Math.min(130, PAGE_WIDTH - 40 * (xt.columns.length + 1)))
  const width = Math.max(40, (PAGE_WIDTH - first) / (xt.columns.length + 1))
  table(
    doc,
    [
      { header: `${xt.row} \\ ${xt.by}`, width: first },
      ...xt.columns.map((c) => ({ header: c, width, align: 'right' as const })),
      { header: w.total, width, align: 'right' as const },
    ],
    xt.rows.map((name, i) => [
      name,
      ...xt.cells[i]!.map((cell) => {
        const mark = cell.significant ? ((cell.adjustedResidual ?? 0) > 0 ? ' ↑' : ' ↓') : ''
        return `${countText(cell.count)} (${cell.rowPercent.toFixed(1)}%)${mark}`
      }),
      countText(xt.rowTotals[i]!),
    ]),
  )
  doc.moveDown(0.3)
  const chi = xt.chiSquare
  const pText = (p: number) => (p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`)
  note(
    doc,
    chi
      ? `${w.chiSquare(chi.statistic.toFixed(2), chi.df, pText(chi.pValue))}    ${
          xt.cramersV === null ? '' : w.cramersV(xt.cramersV.toFixed(3))
        }`
      : w.noChiSquare,
  )
  if (xt.cells.some((row) => row.some((c) => c.significant))) note(doc, w.significantCells)
  if (xt.cellsExpectedBelow5 > 0) note(doc, w.expectedBelow5(xt.cellsExpectedBelow5))
  doc.moveDown(0.5)
}

/** A share (0–1) as a percentage with one decimal. */
const percent = (share: number) => `${(share * 100).toFixed(1)}%`

/** The dashboard's control chart of the daily detractor share, as the page draws it. */
function controlChartOptionOf(
  control: NonNullable<SurveySummaryView['detractorControl']>,
  w: DashboardPdfWords,
): EChartsOption {
  const { chart, dates } = control
  return controlChartOption(
    {
      labels: dates,
      values: chart.points.map((p) => p.value),
      lcl: chart.points.map((p) => p.lcl),
      ucl: chart.points.map((p) => p.ucl),
      signals: chart.signals,
      center: chart.center,
    },
    {
      value: w.dailyShare,
      ucl: w.upperLimit,
      lcl: w.lowerLimit,
      signal: w.signal,
      centre: (v) => `${w.centre} ${v}`,
    },
    { animation: false },
  )
}

export async function renderDashboardPdf(
  input: DashboardPdfInput,
  locale: ReportLocale,
  now: number,
): Promise<Buffer> {
  const w = dashboardPdfWords(locale)
  const s = input.summary
  const tz = s.timezone
  const title = `${input.surveyTitle} ${w.dashboard}`
  const trend = trendRows(s)
  const hasTrend = s.metrics.nps && trend.some((p) => p.nps !== null)
  const trendSvg = hasTrend ? await chartSvg(trendOption(s, w), Math.round(PAGE_WIDTH), 200) : null
  const control = s.detractorControl
  const controlSvg = control
    ? await chartSvg(controlChartOptionOf(control, w), Math.round(PAGE_WIDTH), 220)
    : null
  const svgs = await analysisSvgs(input.analysis, w, locale)
  const { doc, done } = openPdf(title)

  doc.fillColor('#000000').fontSize(18).text(title)
  doc.fontSize(9).fillColor('#555555')
  doc.text(
    [
      `${w.period}: ${localDate(s.from, tz)} – ${localDate(s.to, tz, true)}`,
      `${w.previousPeriod}: ${localDate(s.previousPeriod.from, tz)} – ${localDate(s.previousPeriod.to, tz, true)}`,
      `${w.answers}: ${s.totals.responses}`,
    ].join('    '),
  )
  doc.text(
    [
      `${w.unit}: ${input.unitName ?? w.allUnits}`,
      `${w.channel}: ${input.channel ? channelName(input.channel, w) : w.allChannels}`,
      ...(input.segment ? [`${w.segment}: ${input.segment}`] : []),
      `${w.generatedAt}: ${new Date(now).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    ].join('    '),
  )
  doc.moveDown(0.6)

  heading(doc, w.keyMetrics)
  const rows = s.weighted
    ? weightedMetricRows(s.metrics, s.weighted, w)
    : metricRows(s.metrics, s.totals, s.previousPeriod.totals, s.previousPeriod.changes, w)
  if (rows.length === 0) note(doc, w.none)
  else table(doc, metricColumns(w), rows)
  if (s.weighted) note(doc, weightedNote(s.weighted, w))
  doc.moveDown(0.5)

  if (trendSvg) {
    ensureRoom(doc, 220)
    heading(doc, w.trendChart)
    drawChart(doc, trendSvg, 202)
  }
  ensureRoom(doc, 80)
  heading(doc, w.trend)
  if (trend.length === 0) note(doc, w.none)
  else
    table(
      doc,
      [
        { header: w.periodStart, width: 100 },
        { header: w.answers, width: 70, align: 'right' },
        { header: w.metricNames.nps, width: 115, align: 'right' },
        { header: w.metricNames.csat, width: 115, align: 'right' },
        { header: w.metricNames.ces, width: 115, align: 'right' },
      ],
      trend.map((p) => [
        p.period,
        String(p.answers),
        formatFigure('nps', p.nps),
        formatFigure('csat', p.csat),
        formatFigure('ces', p.ces),
      ]),
    )
  doc.moveDown(0.5)

  if (s.distributions.nps) {
    ensureRoom(doc, 60)
    heading(doc, w.npsDistribution)
    const counts = s.distributions.nps
    table(
      doc,
      [{ header: w.score, width: 65 }, ...counts.map(() => ({ header: '', width: 40 }))].map(
        (c, i) => (i === 0 ? c : { ...c, header: String(i - 1), align: 'right' as const }),
      ),
      [[w.count, ...counts.map(String)]],
    )
    doc.moveDown(0.5)
  }

  // A weighted survey's channels weighted as its headline is (the summary's weighted.channels).
  const channels = s.weighted ? s.weighted.channels : s.channels
  if (channels.length > 0) {
    ensureRoom(doc, 80)
    heading(doc, s.weighted ? w.channelsWeighted : w.channels)
    table(
      doc,
      [
        { header: w.channel, width: 150 },
        { header: w.n, width: 70, align: 'right' },
        { header: w.metricNames.nps, width: 100, align: 'right' },
        { header: w.interval, width: 110, align: 'right' },
        { header: w.pValue, width: 85, align: 'right' },
      ],
      channels.map((c) => [
        channelName(c.segment, w),
        String(c.nps.n),
        formatFigure('nps', c.nps.nps),
        interval('nps', c.nps.ci95),
        pText(c.vsRest, w),
      ]),
    )
    doc.moveDown(0.5)
  }

  if (control && controlSvg) {
    ensureRoom(doc, 260)
    heading(doc, w.detractorControl)
    drawChart(doc, controlSvg, 222)
    const { center, points, signals } = control.chart
    note(doc, `${w.centre}: ${percent(center)}    ${w.signalCount}: ${signals.length}`)
    if (signals.length > 0)
      table(
        doc,
        [
          { header: w.signalDays, width: 120 },
          { header: w.detractorShare, width: 110, align: 'right' },
          { header: w.lowerLimit, width: 110, align: 'right' },
          { header: w.upperLimit, width: 110, align: 'right' },
        ],
        signals.map((i) => [
          control.dates[i]!,
          percent(points[i]!.value),
          percent(points[i]!.lcl),
          percent(points[i]!.ucl),
        ]),
      )
    doc.moveDown(0.5)
  }

  if (input.analysis) questionAnalyses(doc, input.analysis, svgs, w, locale)
  if (input.crosstab) crosstabSection(doc, input.crosstab, w)

  if (s.collectsComments) {
    ensureRoom(doc, 80)
    heading(doc, w.comments)
    if (s.latestComments.length === 0) note(doc, w.none)
    else
      table(
        doc,
        [
          { header: w.submittedAt, width: 80 },
          { header: 'NPS', width: 40, align: 'right' },
          { header: w.comment, width: 395 },
        ],
        s.latestComments.map((c) => [
          localDate(c.submittedAt, tz),
          c.nps === null ? '—' : String(c.nps),
          c.text,
        ]),
      )
    doc.moveDown(0.5)
  }

  ensureRoom(doc, 40)
  doc.fontSize(8).fillColor('#777777').text(w.notes, doc.x, doc.y, { width: PAGE_WIDTH })
  doc.end()
  return done
}
