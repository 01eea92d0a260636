import type { Overview } from '../overview/overview.schema.js'
import { channelName, localDate, metricColumns, metricRows } from './dashboard-pdf.js'
import { dashboardPdfWords } from './dashboard-pdf-words.js'
import { ensureRoom, heading, note, openPdf, PAGE_WIDTH, table } from './report-pdf.js'
import { formatFigure } from './report-words.js'
import type { ReportLocale } from './report.schema.js'

/**
 * The home overview as an A4 PDF (its "download PDF"): the figures of GET /overview for the same
 * period and unit — every survey's answers pooled against the period before, the channels with the
 * lowest NPS and the days beyond the detractor chart's limits — laid out as the dashboard's PDF.
 */
export async function renderOverviewPdf(
  overview: Overview,
  options: { unitName: string | null; timezone: string; locale: ReportLocale; now: number },
): Promise<Buffer> {
  const { locale, timezone: tz } = options
  const w = dashboardPdfWords(locale)
  const title = w.overview
  const titleOf = (t: { 'zh-CN': string; 'en-US'?: string | undefined }) =>
    (locale === 'en-US' && t['en-US']) || t['zh-CN']
  const { doc, done } = openPdf(title)
  doc.fillColor('#000000').fontSize(18).text(title)
  doc.fontSize(9).fillColor('#555555')
  doc.text(
    [
      `${w.period}: ${localDate(overview.from, tz)} – ${localDate(overview.to, tz, true)}`,
      `${w.previousPeriod}: ${localDate(overview.previousFrom, tz)} – ${localDate(overview.previousTo, tz, true)}`,
      `${w.answers}: ${overview.totals.responses}`,
    ].join('    '),
  )
  doc.text(
    [
      `${w.unit}: ${options.unitName ?? w.allUnits}`,
      `${w.surveysAnswered}: ${overview.surveysAnswered} / ${overview.surveys}`,
      `${w.generatedAt}: ${new Date(options.now).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    ].join('    '),
  )
  doc.moveDown(0.6)

  heading(doc, w.keyMetrics)
  const rows = metricRows(
    { nps: true, csat: true, ces: true },
    overview.totals,
    overview.previousTotals,
    overview.changes,
    w,
  )
  if (rows.length === 0) note(doc, w.none)
  else table(doc, metricColumns(w), rows)
  if (overview.weightedSurveys > 0) {
    doc.moveDown(0.3)
    note(doc, w.weightedPool.replace('{n}', String(overview.weightedSurveys)))
  }
  doc.moveDown(0.5)

  ensureRoom(doc, 80)
  heading(doc, w.worstSegments)
  if (overview.worstSegments.length === 0) note(doc, w.none)
  else
    table(
      doc,
      [
        { header: w.survey, width: 180 },
        { header: w.channel, width: 110 },
        { header: w.n, width: 60, align: 'right' },
        { header: w.metricNames.nps, width: 80, align: 'right' },
        { header: w.interval, width: 85, align: 'right' },
      ],
      overview.worstSegments.map((s) => [
        titleOf(s.surveyTitle),
        channelName(s.channel, w) + (s.weighted ? w.weightedMark : ''),
        String(s.nps.n),
        formatFigure('nps', s.nps.nps),
        s.nps.ci95
          ? `${formatFigure('nps', s.nps.ci95[0])} – ${formatFigure('nps', s.nps.ci95[1])}`
          : '—',
      ]),
    )
  doc.moveDown(0.5)

  ensureRoom(doc, 80)
  heading(doc, w.alerts)
  if (overview.alerts.length === 0) note(doc, w.none)
  else
    table(
      doc,
      [
        { header: w.date, width: 90 },
        { header: w.survey, width: 245 },
        { header: w.detractorShare, width: 90, align: 'right' },
        { header: w.upperLimit, width: 90, align: 'right' },
      ],
      overview.alerts.map((a) => [
        a.date,
        titleOf(a.surveyTitle),
        `${(100 * a.value).toFixed(1)}%`,
        `${(100 * a.ucl).toFixed(1)}%`,
      ]),
    )
  doc.moveDown(0.5)

  ensureRoom(doc, 40)
  doc.fontSize(8).fillColor('#777777').text(w.notes, doc.x, doc.y, { width: PAGE_WIDTH })
  doc.end()
  return done
}
