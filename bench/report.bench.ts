/**
 * Unit report benchmark: a province's monthly report (月报) — data, PDF with its two charts, and
 * XLSX — over a tree of 60 units and N answers (default 1,000,000) spread over the year, on SQLite
 * or PostgreSQL. The demo (2,000 answers) lays the province (云江省电力公司: 4 cities, 12 halls and
 * counties), its complaint cases with causes, analysed comments and targets; 43 more counties
 * make 60 units; then N answers go straight into the store over every unit below the province
 * (roll-ups kept as the answer path keeps them). Times buildReport + renderReportPdf +
 * renderReportXlsx for the province and October 2026 (p50 of --runs), and writes the PDF to
 * --out so its first page can be looked at (pdftoppm).
 *
 * With --cold it first starts a fresh Node process on the filled store (bench/report-cold-start.ts)
 * and prints that process's first report: what a server's first report after a start costs.
 *
 *   node --import tsx bench/report.bench.ts [--rows 1000000] [--dialect sqlite|postgres] [--runs 5] [--out /tmp/report.pdf] [--cold]
 *
 * Data made up here (seeded), so the numbers say how fast, not how good.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import type { DialectName } from '../src/db/dialect-features.js'
import { createTestStore, TEST_PG_URL } from '../src/db/test-store.js'
import { loadDemoData } from '../src/demo/demo.js'
import { DemoRandom } from '../src/demo/demo-random.js'
import { buildReport } from '../src/reports/report-content.service.js'
import { renderReportPdf } from '../src/reports/report-pdf.js'
import { renderReportXlsx } from '../src/reports/report-xlsx.js'
import { insertResponseRows } from '../src/responses/response-insert.js'
import { localDayOf } from '../src/shared/timezone.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { createUnit, listUnits, unitByCode } from '../src/units/unit.service.js'

const DAY_MS = 86_400_000
const NOW = Date.parse('2026-11-05T04:00:00Z')

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1]! : fallback
}

const rows = Number(arg('rows', '1000000'))
const dialect = arg('dialect', 'sqlite') as DialectName
const runs = Number(arg('runs', '5'))
const out = arg('out', '/tmp/report-bench.pdf')

const store = await createTestStore(dialect)
const start = NOW - 366 * DAY_MS
await bootstrapFirstAdmin(store.db, 'bench@report.local', 'bench-password-1', start)
const scope = (await systemScopeOfFirstOrg(store.db, store.features, NOW))!
let started = performance.now()
await loadDemoData(scope, { responses: 2_000, seed: 17 })
const province = (await unitByCode(scope, '53'))!
const cities = (await listUnits(scope, { at: NOW })).filter((u) => u.parentId === province.id)
// The demo's 17 units and 43 more counties (11, 11, 11, 10 per city): 60 in all.
for (const [c, city] of cities.entries()) {
  for (let k = 0; k < (c < 3 ? 11 : 10); k++)
    await createUnit(
      { ...scope, now: start - DAY_MS },
      {
        code: `${city.code}9${k}`,
        nameZh: `${city.nameZh.slice(0, 2)}第${k + 1}供电所`,
        type: 'county',
        parentId: city.id,
      },
    )
}
const units = (await listUnits(scope, { at: NOW })).filter((u) => u.id !== province.id)
// The demo's complaint cases have no unit: each goes to one of the province's units, so the
// province's report has complaint causes to rank.
const cases = await sql<{ id: string }>`select id from cases where org_id = ${scope.orgId}`.execute(
  store.db,
)
for (const [i, row] of cases.rows.entries())
  await sql`update cases set unit_id = ${units[i % units.length]!.id} where id = ${row.id}`.execute(
    store.db,
  )
const all = await listUnits(scope, { at: NOW })
console.log(
  `demo and units: ${all.length} units in ${((performance.now() - started) / 1000).toFixed(1)} s`,
)
const survey = await publishSurvey(
  scope,
  (
    await createSurvey(scope, {
      title: { 'zh-CN': '营业厅满意度' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' } }],
    })
  ).id,
)
started = performance.now()
const random = new DemoRandom(16)
const batch = 2000
for (let begin = 0; begin < rows; begin += batch) {
  const values = []
  for (let i = begin; i < Math.min(rows, begin + batch); i++) {
    const u = Math.floor(random.next() * units.length)
    const nps = Math.min(
      10,
      Math.max(0, Math.round(7.5 + ((u % 7) - 3) * 0.3 + 2.2 * random.normal())),
    )
    const at = start + Math.floor(((i + random.next()) / rows) * 365 * DAY_MS)
    values.push({
      id: `b${i}`,
      org_id: scope.orgId,
      survey_id: survey.id,
      survey_version: 1,
      client_response_id: `b${i}`,
      answers: JSON.stringify({ nps }),
      nps,
      csat: null,
      ces: null,
      comment: null,
      locale: 'zh-CN',
      channel: 'link',
      segments: '{}',
      submitted_at: at,
      local_day: localDayOf(at, 'Asia/Shanghai'),
      unit_id: units[u]!.id,
    })
  }
  await insertResponseRows(store.db, values)
}
if (dialect === 'postgres') await sql`analyze`.execute(store.db)
console.log(`answers: ${rows} in ${((performance.now() - started) / 1000).toFixed(1)} s`)

if (process.argv.includes('--cold')) {
  // The store's own address, for a second process: the SQLite file, or the PostgreSQL schema.
  const file =
    dialect === 'sqlite'
      ? (
          await sql<{
            file: string
          }>`select file from pragma_database_list where name = 'main'`.execute(store.db)
        ).rows[0]!.file
      : null
  const child = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/report-cold-start.ts',
      file ? `sqlite:${file}` : TEST_PG_URL,
      store.pgSchema ?? '-',
      scope.orgId,
      province.id,
    ],
    { encoding: 'utf8' },
  )
  console.log(
    `cold process: ${child.trim()} load average (1 min) ${loadavg()[0]!.toFixed(1)} at ${new Date().toISOString()}`,
  )
}

const query = { unitId: province.id, kind: 'monthly', period: '2026-10', locale: 'zh-CN' } as const
const once = async () => {
  const t0 = performance.now()
  const report = await buildReport(scope, query)
  const t1 = performance.now()
  const pdf = await renderReportPdf(report, 'zh-CN', { baseUrl: 'https://csm.example.cn' })
  const t2 = performance.now()
  const xlsx = await renderReportXlsx(report, 'zh-CN')
  const t3 = performance.now()
  return { report, pdf, xlsx, dataMs: t1 - t0, pdfMs: t2 - t1, xlsxMs: t3 - t2, totalMs: t3 - t0 }
}
const first = await once()
writeFileSync(out, first.pdf)
const times: Array<Awaited<ReturnType<typeof once>>> = []
for (let i = 0; i < runs; i++) times.push(await once())
const p50 = (key: 'dataMs' | 'pdfMs' | 'xlsxMs' | 'totalMs') =>
  Number(
    times
      .map((t) => t[key])
      .sort((a, b) => a - b)
      [Math.floor(times.length / 2)]!.toFixed(0),
  )
console.log(
  JSON.stringify({
    dialect,
    rows,
    units: all.length,
    answersInReport: first.report.metrics[0]!.n,
    leagueRows: first.report.league.length,
    causes: first.report.causes.length,
    plans: first.report.plans.length,
    firstRunMs: Number(first.totalMs.toFixed(0)),
    dataP50Ms: p50('dataMs'),
    pdfP50Ms: p50('pdfMs'),
    xlsxP50Ms: p50('xlsxMs'),
    totalP50Ms: p50('totalMs'),
    pdfBytes: first.pdf.length,
    loadAverage1m: Number(loadavg()[0]!.toFixed(1)),
    out,
  }),
)
// close(), not db.destroy(): it also removes the SQLite file or drops the PostgreSQL schema (a
// 1,000,000-answer store is ~500 MB in /dev/shm).
await store.close()
process.exit(0)
