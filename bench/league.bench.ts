/**
 * League table benchmark: a province → 20 cities → 979 counties tree (1,000 units) and N answers
 * (default 1,000,000) spread over the counties and the year, on SQLite or PostgreSQL. Times
 * unitLeague (the city-level league of the province for the year, which sums every county's
 * roll-up up the tree, plus its 12-month heat map) against a raw aggregate over the same answers
 * in the same run (per unit: count and NPS counts of the year straight from `responses`).
 *
 *   node --import tsx bench/league.bench.ts [--rows 1000000] [--dialect sqlite|postgres] [--runs 15]
 *
 * Data made up here (seeded), so the numbers say how fast, not how good.
 */
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import type { DialectName } from '../src/db/dialect-features.js'
import { createTestStore } from '../src/db/test-store.js'
import { DemoRandom } from '../src/demo/demo-random.js'
import { insertResponseRows } from '../src/responses/response-insert.js'
import { localDayOf } from '../src/shared/timezone.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { unitLeague } from '../src/targets/league.service.js'
import { createUnit } from '../src/units/unit.service.js'

const DAY_MS = 86_400_000
const NOW = Date.parse('2026-11-23T04:00:00Z')

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1]! : fallback
}

async function p50(runs: number, run: () => Promise<unknown>): Promise<number> {
  await run()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await run()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

const rows = Number(arg('rows', '1000000'))
const dialect = arg('dialect', 'sqlite') as DialectName
const runs = Number(arg('runs', '15'))

const store = await createTestStore(dialect)
await bootstrapFirstAdmin(store.db, 'bench@league.local', 'bench-password-1', NOW - 400 * DAY_MS)
const scope = (await systemScopeOfFirstOrg(store.db, store.features, NOW - 400 * DAY_MS))!
let started = performance.now()
const province = await createUnit(scope, { code: 'P', nameZh: '省公司', type: 'province' })
const counties: string[] = []
for (let c = 0; c < 20; c++) {
  const city = await createUnit(scope, {
    code: `C${c}`,
    nameZh: `地市${c}`,
    type: 'city',
    parentId: province.id,
  })
  const perCity = c < 19 ? 49 : 979 - 19 * 49
  for (let k = 0; k < perCity; k++) {
    const county = await createUnit(scope, {
      code: `C${c}-K${k}`,
      nameZh: `县${c}-${k}`,
      type: 'county',
      parentId: city.id,
    })
    counties.push(county.id)
  }
}
console.log(
  `units: ${2 + 19 + counties.length} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
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
for (let start = 0; start < rows; start += batch) {
  const values = []
  for (let i = start; i < Math.min(rows, start + batch); i++) {
    const u = Math.floor(random.next() * counties.length)
    const nps = Math.min(
      10,
      Math.max(0, Math.round(7.5 + ((u % 7) - 3) * 0.3 + 2.2 * random.normal())),
    )
    const at = NOW - 365 * DAY_MS + Math.floor(((i + random.next()) / rows) * 365 * DAY_MS)
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
      unit_id: counties[u]!,
    })
  }
  await insertResponseRows(store.db, values)
}
if (dialect === 'postgres') await sql`analyze`.execute(store.db)
console.log(`answers: ${rows} in ${((performance.now() - started) / 1000).toFixed(1)} s`)

const at = { ...scope, now: NOW }
const fromDay = Date.UTC(2026, 0, 1) / DAY_MS
const toDay = Date.UTC(2027, 0, 1) / DAY_MS
let league: Awaited<ReturnType<typeof unitLeague>> | undefined
const leagueP50 = await p50(runs, async () => {
  league = await unitLeague(at, { parentId: province.id, metric: 'nps', period: '2026' })
})
const rawP50 = await p50(runs, () =>
  sql`select unit_id, count(nps) as n, sum(case when nps >= 9 then 1 else 0 end) as promoters,
        sum(case when nps <= 6 then 1 else 0 end) as detractors
      from responses where org_id = ${scope.orgId} and local_day >= ${fromDay} and local_day < ${toDay}
      group by unit_id`.execute(store.db),
)
const n = league!.rows.reduce((s, r) => s + r.n, 0)
console.log(
  JSON.stringify({
    dialect,
    rows,
    units: 2 + 19 + counties.length,
    leagueRows: league!.rows.length,
    answersInLeague: n,
    leagueP50Ms: Number(leagueP50.toFixed(1)),
    rawAggregateP50Ms: Number(rawP50.toFixed(1)),
    ratio: Number((leagueP50 / rawP50).toFixed(2)),
  }),
)
// close() also drops the PostgreSQL schema or removes the SQLite file (1,000,000 answers: ~600 MB)
await store.close()
process.exit(0)
