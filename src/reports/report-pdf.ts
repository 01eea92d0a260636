import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { EChartsOption } from 'echarts'
import PDFDocument from 'pdfkit'
import SVGtoPDF from 'svg-to-pdfkit'
import { type ChartWords, leagueChartOption, paretoChartOption } from './report-charts.js'
import {
  formatFigure,
  type ReportWords,
  reportWords,
  surveyTitlesIn,
  unitNameIn,
} from './report-words.js'
import type { Report, ReportLocale } from './report.schema.js'

/**
 * A report as an A4 PDF, made without a browser: pdfkit lays out the text and tables with the
 * Chinese font the units' QR sheets ship (Noto Sans SC, GB 2312 subset; pdfkit embeds only the
 * glyphs used), and the charts are the admin app's own chart options (report-charts.ts) rendered
 * by ECharts' server-side SVG renderer and drawn into the page as vectors (svg-to-pdfkit).
 */

const A4 = { width: 595.28, height: 841.89 }
const MARGIN = 40
const WIDTH = A4.width - 2 * MARGIN
const FONT = 'sc'

let fontBytes: Buffer | null = null

/**
 * The font file, read once. Built, every chunk sits in one folder with `fonts/` beside it
 * (scripts/build.mjs copies it there); from source it is the units' copy.
 */
function reportFont(): Buffer {
  if (fontBytes) return fontBytes
  const built = new URL('./fonts/NotoSansSC-GB2312.otf', import.meta.url)
  const source = new URL('../units/fonts/NotoSansSC-GB2312.otf', import.meta.url)
  fontBytes = readFileSync(existsSync(fileURLToPath(built)) ? built : source)
  return fontBytes
}

export function chartWordsFor(locale: ReportLocale, words: ReportWords): ChartWords {
  return {
    nps: words.nps,
    target: words.target,
    complaints: words.complaints,
    cumulativeShare: words.cumulativeShare,
    unitName: (row) => unitNameIn(locale, row),
    causeName: (c) => (locale === 'en-US' ? c.labelEn : c.labelZh),
  }
}

/** An ECharts option as an SVG string, by ECharts' server-side renderer (no DOM, no canvas). */
export async function chartSvg(option: EChartsOption, width: number, height: number) {
  // ECharts' one-file build, not the package entry's tree of ES modules: in a fresh process it
  // loaded in 0.18 s against 1.1 s for the tree (load 1.7), and the tree took 8–9 s at load 15–20.
  const echarts = await import('echarts/dist/echarts.esm.min')
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption(option)
    // Labels get a white halo drawn under the text (paint-order="stroke"); svg-to-pdfkit knows no
    // paint-order and would draw the halo over the text, so it goes.
    return chart
      .renderToSVGString()
      .replace(/(<text[^>]*?) stroke="[^"]*" stroke-width="[^"]*" paint-order="stroke"/g, '$1')
  } finally {
    chart.dispose()
  }
}

/** An A4 document in the report font, and its bytes once `doc.end()` is called. */
export function openPdf(title: string): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: title, Creator: 'Manyi' },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont(FONT, reportFont())
  doc.font(FONT)
  return { doc, done }
}

/** Draws an SVG chart (chartSvg) at the current position and moves below it. */
export function drawChart(doc: PDFKit.PDFDocument, svg: string, height: number) {
  const y = doc.y
  SVGtoPDF(doc, svg, MARGIN, y, { fontCallback: () => FONT, assumePt: true })
  doc.y = y + height
  doc.x = MARGIN
}

export const PAGE_WIDTH = WIDTH

export interface Column {
  header: string
  width: number
  align?: 'left' | 'right' | 'center'
}

export interface PdfLinks {
  /** Where the app is (links to plans and reviews); none when absent. */
  baseUrl?: string
}

export async function renderReportPdf(
  report: Report,
  locale: ReportLocale,
  links: PdfLinks = {},
): Promise<Buffer> {
  const w = reportWords(locale)
  const unitName = unitNameIn(locale, report.unit)
  const title = `${unitName} ${w.title(report.kind)} ${report.period}`
  const chartWords = chartWordsFor(locale, w)
  const chartWidth = Math.round(WIDTH)
  const [leagueSvg, paretoSvg] = await Promise.all([
    report.league.some((r) => r.raw !== null)
      ? chartSvg(leagueChartOption(report, chartWords), chartWidth, 230)
      : Promise.resolve(null),
    report.causes.length > 0
      ? chartSvg(paretoChartOption(report, chartWords), chartWidth, 210)
      : Promise.resolve(null),
  ])

  const { doc, done } = openPdf(title)

  // Title block.
  doc.fillColor('#000000').fontSize(18).text(title, MARGIN, MARGIN)
  doc.fontSize(9).fillColor('#555555')
  doc.text(
    `${w.period}: ${report.from} – ${report.to}    ${w.previousPeriod}: ${report.previousFrom} – ${report.previousTo}    ${w.generatedAt}: ${new Date(report.generatedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  )
  doc.moveDown(0.6)

  // Key metrics.
  heading(doc, w.keyMetrics)
  table(
    doc,
    [
      { header: w.metric, width: 110 },
      { header: w.value, width: 50, align: 'right' },
      { header: w.interval, width: 85, align: 'right' },
      { header: w.answers, width: 50, align: 'right' },
      { header: w.previous, width: 50, align: 'right' },
      { header: w.change, width: 50, align: 'right' },
      { header: w.target, width: 50, align: 'right' },
      { header: w.probability, width: 70, align: 'right' },
    ],
    report.metrics.map((m) => [
      w.metricNames[m.metric],
      formatFigure(m.metric, m.value),
      m.ci95 ? `${formatFigure(m.metric, m.ci95[0])} – ${formatFigure(m.metric, m.ci95[1])}` : '—',
      String(m.n),
      formatFigure(m.metric, m.previous),
      m.value !== null && m.previous !== null
        ? signed(formatFigure(m.metric, m.value - m.previous))
        : '—',
      formatFigure(m.metric, m.target),
      m.probability === null ? '—' : `${Math.round(100 * m.probability)}%`,
    ]),
  )
  if (report.weightedSurveys.length > 0) {
    doc.moveDown(0.3)
    note(doc, w.unweighted(surveyTitlesIn(locale, report), report.weightedSurveys.length))
  }
  doc.moveDown(0.5)

  // Charts (page one).
  if (leagueSvg) {
    heading(doc, w.leagueChart)
    const y = doc.y
    SVGtoPDF(doc, leagueSvg, MARGIN, y, { fontCallback: () => FONT, assumePt: true })
    doc.y = y + 232
    doc.x = MARGIN
  }
  if (paretoSvg) {
    ensureRoom(doc, 240)
    heading(doc, w.paretoChart)
    const y = doc.y
    SVGtoPDF(doc, paretoSvg, MARGIN, y, { fontCallback: () => FONT, assumePt: true })
    doc.y = y + 212
    doc.x = MARGIN
  }

  // League table.
  ensureRoom(doc, 80)
  heading(doc, w.league(report.leagueMonth))
  if (report.league.length === 0) note(doc, w.none)
  else
    table(
      doc,
      [
        { header: w.rank, width: 35, align: 'right' },
        { header: w.unit, width: 150 },
        { header: w.answers, width: 50, align: 'right' },
        { header: w.nps, width: 45, align: 'right' },
        { header: w.interval, width: 85, align: 'right' },
        { header: w.shrunk, width: 50, align: 'right' },
        { header: w.target, width: 45, align: 'right' },
        { header: w.versusRest, width: 55 },
      ],
      report.league.map((r) => [
        r.rank === null ? '—' : String(r.rank),
        `${unitNameIn(locale, r)} (${r.code})`,
        String(r.n),
        formatFigure('nps', r.raw),
        r.rawCi95
          ? `${formatFigure('nps', r.rawCi95[0])} – ${formatFigure('nps', r.rawCi95[1])}`
          : '—',
        formatFigure('nps', r.shrunk),
        formatFigure('nps', r.target),
        r.verdict ? w.verdictsVsRest[r.verdict] : '—',
      ]),
    )
  doc.moveDown(0.5)

  // Complaint causes.
  ensureRoom(doc, 80)
  heading(doc, w.causes)
  if (report.causes.length === 0) note(doc, w.none)
  else
    table(
      doc,
      [
        { header: w.cause, width: 200 },
        { header: w.count, width: 70, align: 'right' },
        { header: w.share, width: 70, align: 'right' },
        { header: w.cumulativeShare, width: 80, align: 'right' },
        { header: w.vital, width: 95 },
      ],
      report.causes.map((c) => [
        locale === 'en-US' ? c.labelEn : c.labelZh,
        String(c.count),
        percent(c.share),
        percent(c.cumulativeShare),
        c.vital ? w.yes : '',
      ]),
    )
  doc.moveDown(0.5)

  // Emerging topics.
  ensureRoom(doc, 80)
  heading(doc, w.topics)
  if (report.topics.length === 0) note(doc, w.none)
  else
    table(
      doc,
      [
        { header: w.topic, width: 200 },
        { header: w.recentShare, width: 100, align: 'right' },
        { header: w.baselineShare, width: 110, align: 'right' },
        { header: w.lift, width: 105, align: 'right' },
      ],
      report.topics.map((t) => [
        locale === 'en-US' ? t.labelEn : t.labelZh,
        percent(t.recentShare),
        percent(t.baselineShare),
        t.lift === null ? w.newTopic : `×${t.lift.toFixed(1)}`,
      ]),
    )
  doc.moveDown(0.5)

  // Action plans.
  ensureRoom(doc, 80)
  heading(doc, w.plans)
  if (report.plans.length === 0) note(doc, w.none)
  else
    table(
      doc,
      [
        { header: w.planNumber, width: 60 },
        { header: w.planTitle, width: 160 },
        { header: w.status, width: 50 },
        { header: w.due, width: 75 },
        { header: w.overdue, width: 45 },
        { header: w.verdict, width: 70 },
        { header: w.effect, width: 55, align: 'right' },
      ],
      report.plans.map((p) => [
        p.number,
        p.title,
        w.statuses[p.status] ?? p.status,
        new Date(p.dueAt).toISOString().slice(0, 10),
        p.overdue ? w.yes : '',
        p.verdict ? w.verdicts[p.verdict] : '—',
        p.effect === null ? '—' : signed(formatFigure(p.metric, p.effect)),
      ]),
      links.baseUrl
        ? report.plans.map((p) => `${links.baseUrl}/app/plans?plan=${p.id}`)
        : undefined,
    )
  doc.moveDown(0.5)

  // Management reviews (monthly reports open them: each row links to the review in the app).
  if (report.kind === 'monthly' || report.reviews.length > 0) {
    ensureRoom(doc, 80)
    heading(doc, w.reviews)
    if (report.reviews.length === 0) note(doc, w.none)
    else
      table(
        doc,
        [
          { header: w.reviewHeldOn, width: 90 },
          { header: w.reviewTitle, width: 340 },
          { header: w.decisions, width: 85, align: 'right' },
        ],
        report.reviews.map((r) => [r.heldOn, r.title, String(r.decisions)]),
        links.baseUrl
          ? report.reviews.map((r) => `${links.baseUrl}/app/reviews?review=${r.id}`)
          : undefined,
      )
    doc.moveDown(0.5)
  }

  ensureRoom(doc, 40)
  doc.fontSize(8).fillColor('#777777').text(w.notes, MARGIN, doc.y, { width: WIDTH })
  doc.end()
  return done
}

export function signed(s: string): string {
  return s.startsWith('-') || s === '—' ? s : `+${s}`
}

export function percent(x: number): string {
  return `${(100 * x).toFixed(1)}%`
}

export function heading(doc: PDFKit.PDFDocument, text: string) {
  doc.x = MARGIN
  doc.fontSize(12).fillColor('#1f1f1f').text(text, MARGIN, doc.y, { width: WIDTH })
  doc.moveDown(0.25)
}

export function note(doc: PDFKit.PDFDocument, text: string) {
  doc.fontSize(9).fillColor('#777777').text(text, MARGIN, doc.y, { width: WIDTH })
}

export function ensureRoom(doc: PDFKit.PDFDocument, height: number) {
  if (doc.y + height > A4.height - MARGIN) doc.addPage()
}

const ROW_PAD = 3

/** A plain table: a header row, then rows, breaking onto new pages (the header repeated). */
export function table(
  doc: PDFKit.PDFDocument,
  columns: readonly Column[],
  rows: ReadonlyArray<readonly string[]>,
  rowLinks?: readonly string[],
) {
  const fontSize = 8.5
  const drawRow = (cells: readonly string[], isHeader: boolean, link?: string) => {
    doc.fontSize(fontSize)
    const height =
      Math.max(
        ...cells.map((cell, i) =>
          doc.heightOfString(cell, { width: columns[i]!.width - 2 * ROW_PAD }),
        ),
      ) +
      2 * ROW_PAD
    if (doc.y + height > A4.height - MARGIN) {
      doc.addPage()
      if (!isHeader)
        drawRow(
          columns.map((c) => c.header),
          true,
        )
    }
    const y = doc.y
    if (isHeader) doc.rect(MARGIN, y, WIDTH, height).fill('#eef2f8')
    let x = MARGIN
    cells.forEach((cell, i) => {
      const column = columns[i]!
      doc.fillColor(isHeader ? '#333333' : link && i === 1 ? '#1d4fa8' : '#000000')
      doc.text(cell, x + ROW_PAD, y + ROW_PAD, {
        width: column.width - 2 * ROW_PAD,
        align: column.align ?? 'left',
        ...(link && i === 1 ? { link } : {}),
      })
      x += column.width
    })
    doc
      .moveTo(MARGIN, y + height)
      .lineTo(MARGIN + WIDTH, y + height)
      .lineWidth(0.4)
      .strokeColor('#d9d9d9')
      .stroke()
    doc.x = MARGIN
    doc.y = y + height
  }
  drawRow(
    columns.map((c) => c.header),
    true,
  )
  rows.forEach((row, i) => drawRow(row, false, rowLinks?.[i]))
}
