/**
 * The first report of a fresh process: started by bench/report.bench.ts (--cold) on the store it
 * filled, this process loads the report's modules, opens the store and makes the province's
 * monthly report (data, PDF with charts, XLSX) once, as a server's first report after a start
 * would: ECharts (the one-file build, 57bcada) and the CJK font loaded, the JIT cold. It prints
 * one JSON line: how long the imports took (run through tsx, which transpiles on the fly; the
 * built server would not), and the first report's parts.
 *
 * With `warm` last, it first readies the renderers as `manyi serve` does once it listens
 * (warmReportRendering, src/reports/report-warm-up.ts), and times that apart (warmUpMs): the
 * first report a user asks for after the server has started.
 *
 *   node --import tsx bench/report-cold-start.ts <store url> <pg schema or -> <org id> <unit id> [warm]
 */
import { performance } from 'node:perf_hooks'

const [url, schema, orgId, unitId, warm] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string | undefined,
]
const NOW = Date.parse('2026-11-05T04:00:00Z')

const t0 = performance.now()
const { connectStore } = await import('../src/db/connect.js')
const { buildReport } = await import('../src/reports/report-content.service.js')
const { renderReportPdf } = await import('../src/reports/report-pdf.js')
const { renderReportXlsx } = await import('../src/reports/report-xlsx.js')
const t1 = performance.now()
const warmUpMs =
  warm === 'warm'
    ? (await (await import('../src/reports/report-warm-up.js')).warmReportRendering()).ms
    : null
const store = connectStore({ url, ...(schema === '-' ? {} : { schema }), poolSize: 2 })
const scope = {
  db: store.db,
  features: store.features,
  orgId,
  actor: { type: 'system', id: 'bench', role: 'admin' },
  now: NOW,
} as const
const t2 = performance.now()
const report = await buildReport(scope, {
  unitId,
  kind: 'monthly',
  period: '2026-10',
  locale: 'zh-CN',
})
const t3 = performance.now()
const pdf = await renderReportPdf(report, 'zh-CN', { baseUrl: 'https://csm.example.cn' })
const t4 = performance.now()
const xlsx = await renderReportXlsx(report, 'zh-CN')
const t5 = performance.now()
// Closes the pool only: the store belongs to the benchmark that started this process.
await store.close()
const ms = (a: number, b: number) => Number((b - a).toFixed(0))
console.log(
  JSON.stringify({
    importMs: ms(t0, t1),
    warmUpMs,
    dataMs: ms(t2, t3),
    pdfMs: ms(t3, t4),
    xlsxMs: ms(t4, t5),
    firstReportMs: ms(t2, t5),
    processStartToReportMs: Number(t5.toFixed(0)),
    answersInReport: report.metrics[0]?.n ?? 0,
    pdfBytes: pdf.length,
    xlsxBytes: xlsx.length,
  }),
)
process.exit(0)
