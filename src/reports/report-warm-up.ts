import { performance } from 'node:perf_hooks'
import type { Report } from './report.schema.js'
import { renderReportPdf } from './report-pdf.js'
import { renderReportXlsx } from './report-xlsx.js'

/**
 * Readies the report renderers before anyone asks for a report. A fresh process's first report
 * spends most of its time not on data but on first use of the renderers: pdfkit and fontkit
 * parsing the CJK font and subsetting its CFF outlines, ECharts drawing its first SVG, ExcelJS
 * writing its first workbook, all in code the JIT has not compiled yet (CPU profile of the first
 * report on a 200,000-answer PostgreSQL store, bench/RESULTS.md). The server renders this small
 * made-up report once, in the background after it starts listening, so the first real report
 * finds them warm. Nothing is read from or written to the store.
 */
export async function warmReportRendering(): Promise<{ ms: number }> {
  const started = performance.now()
  const report = sampleReport()
  await renderReportPdf(report, 'zh-CN')
  await renderReportXlsx(report, 'zh-CN')
  return { ms: Math.round(performance.now() - started) }
}

/** A province's month with a league of three units and three complaint causes: every part drawn. */
function sampleReport(): Report {
  const unit = (i: number, name: string) => ({
    unitId: `warm-${i}`,
    code: `W${i}`,
    nameZh: name,
    nameEn: null,
    n: 120 + i,
    raw: 30 + i * 5,
    rawCi95: [20 + i * 5, 40 + i * 5] as [number, number],
    shrunk: 31 + i * 5,
    rank: i + 1,
    target: 35,
    verdict: i === 0 ? ('worse' as const) : ('same' as const),
  })
  const cause = (key: string, labelZh: string, count: number, cumulative: number) => ({
    key,
    labelZh,
    labelEn: key,
    count,
    share: count / 10,
    cumulativeShare: cumulative,
    vital: cumulative <= 0.8,
  })
  return {
    unit: { id: 'warm', code: 'W', nameZh: '示例供电公司', nameEn: null },
    kind: 'monthly',
    period: '2026-01',
    from: '2026-01-01',
    to: '2026-01-31',
    previousFrom: '2025-12-01',
    previousTo: '2025-12-31',
    leagueMonth: '2026-01',
    generatedAt: Date.parse('2026-02-01T00:00:00Z'),
    metrics: (['nps', 'csat', 'ces'] as const).map((metric) => ({
      metric,
      value: 40,
      n: 360,
      ci95: [35, 45] as [number, number],
      previous: 38,
      previousN: 350,
      target: 42,
      probability: 0.4,
    })),
    league: [unit(0, '城东营业厅'), unit(1, '城西营业厅'), unit(2, '县供电所')],
    causes: [
      cause('wait_time', '等待时间', 5, 0.5),
      cause('billing', '电费账单', 3, 0.8),
      cause('attitude', '服务态度', 2, 1),
    ],
    topics: [
      {
        topic: 'outage',
        labelZh: '停电',
        labelEn: 'Outage',
        recentShare: 0.2,
        baselineShare: 0.1,
        lift: 2,
      },
    ],
    plans: [],
    reviews: [],
    weightedSurveys: [],
  }
}
