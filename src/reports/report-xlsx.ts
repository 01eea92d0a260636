import ExcelJS from 'exceljs'
import { reportWords, surveyTitlesIn, unitNameIn } from './report-words.js'
import type { Report, ReportLocale } from './report.schema.js'

/**
 * A report as an XLSX workbook: one sheet per part (key metrics, league, complaint causes,
 * emerging topics, action plans, management reviews), figures as numbers so they can be
 * recomputed, headers in the report's language.
 */
export async function renderReportXlsx(report: Report, locale: ReportLocale): Promise<Buffer> {
  const w = reportWords(locale)
  const book = new ExcelJS.Workbook()
  book.creator = 'Manyi'
  book.created = new Date(report.generatedAt)
  const sheet = (name: string, headers: string[], rows: Array<Array<string | number | null>>) => {
    const s = book.addWorksheet(name)
    s.addRow(headers).font = { bold: true }
    for (const row of rows) s.addRow(row)
    s.columns.forEach((c, i) => {
      c.width = Math.max(10, Math.min(40, (headers[i]?.length ?? 8) * 2 + 4))
    })
    s.views = [{ state: 'frozen', ySplit: 1 }]
    return s
  }
  const title = `${unitNameIn(locale, report.unit)} ${w.title(report.kind)} ${report.period}`
  const metrics = sheet(
    w.keyMetrics,
    [
      w.metric,
      w.value,
      `${w.interval} −`,
      `${w.interval} +`,
      w.answers,
      w.previous,
      w.target,
      w.probability,
    ],
    report.metrics.map((m) => [
      w.metricNames[m.metric],
      m.value,
      m.ci95?.[0] ?? null,
      m.ci95?.[1] ?? null,
      m.n,
      m.previous,
      m.target,
      m.probability,
    ]),
  )
  if (report.weightedSurveys.length > 0) {
    metrics.addRow([])
    metrics.addRow([w.unweighted(surveyTitlesIn(locale, report), report.weightedSurveys.length)])
  }
  metrics.insertRow(1, [title, `${w.period}: ${report.from} – ${report.to}`])
  metrics.views = [{ state: 'frozen', ySplit: 2 }]
  sheet(
    w
      .league(report.leagueMonth)
      .slice(0, 31)
      .replace(/[\\/?*[\]:]/g, ' '),
    [
      w.rank,
      w.unit,
      'code',
      w.answers,
      w.nps,
      `${w.interval} −`,
      `${w.interval} +`,
      w.shrunk,
      w.target,
      w.versusRest,
    ],
    report.league.map((r) => [
      r.rank,
      unitNameIn(locale, r),
      r.code,
      r.n,
      r.raw,
      r.rawCi95?.[0] ?? null,
      r.rawCi95?.[1] ?? null,
      r.shrunk,
      r.target,
      r.verdict ? w.verdictsVsRest[r.verdict] : null,
    ]),
  )
  sheet(
    w.causes.slice(0, 31),
    [w.cause, w.count, w.share, w.cumulativeShare, w.vital],
    report.causes.map((c) => [
      locale === 'en-US' ? c.labelEn : c.labelZh,
      c.count,
      c.share,
      c.cumulativeShare,
      c.vital ? w.yes : null,
    ]),
  )
  sheet(
    w.topics.slice(0, 31),
    [w.topic, w.recentShare, w.baselineShare, w.lift],
    report.topics.map((t) => [
      locale === 'en-US' ? t.labelEn : t.labelZh,
      t.recentShare,
      t.baselineShare,
      t.lift,
    ]),
  )
  sheet(
    w.plans.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '),
    [w.planNumber, w.planTitle, w.status, w.due, w.overdue, w.verdict, w.effect],
    report.plans.map((p) => [
      p.number,
      p.title,
      w.statuses[p.status] ?? p.status,
      new Date(p.dueAt).toISOString().slice(0, 10),
      p.overdue ? w.yes : null,
      p.verdict ? w.verdicts[p.verdict] : null,
      p.effect,
    ]),
  )
  sheet(
    w.reviews.slice(0, 31),
    [w.reviewHeldOn, w.reviewTitle, w.decisions],
    report.reviews.map((r) => [r.heldOn, r.title, r.decisions]),
  )
  return Buffer.from(await book.xlsx.writeBuffer())
}
