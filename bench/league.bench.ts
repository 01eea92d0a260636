/**
 * League table benchmark: a province → 20 cities → 979 counties tree (1,000 units) and N answers
 * (default 1,000,000) spread over the counties and the year, on SQLite or PostgreSQL. Times
 * unitLeague (the city-level league of the province for the year, which sums every county's
 * roll-up up the tree, plus its 12-month heat map) against a raw aggregate over the same answers
 * in the same run (per unit: count and NPS counts of the year straight from `responses`).
 *
 *   node --import tsx bench/league.bench.ts [--rows 1000000] [--dialect sqlite|postgres] [--runs 15]
 *     [--load service|sql] [--raw-runs N] [--quiet-below LOAD]
 *
 * --load service (default) stores the answers through the product's insert path, 2,000 a batch
 * (1,000,000 took 937 s on the loaded shared machine). --load sql fills the raw answer rows with
 * set-based SQL (generate_series on PostgreSQL, a recursive CTE on SQLite, 1,000,000 rows a
 * statement in one transaction), then builds the daily counts and unit roll-ups with the product's
 * own rebuild (rebuildAnswerRollups: the insert path's aggregation over the stored rows), and
 * before timing checks the league's n and NPS of every row against the raw aggregate.
 *
 * --raw-runs sets the raw aggregate's runs apart (at 10,000,000 answers one takes tens of seconds).
 * --quiet-below waits, after loading and checking, until the 1-minute load average falls below
 * LOAD before timing, so a long load can run beside other work and the timing still happen on a
 * quiet machine; the load averages at the start and end of timing are printed with the result.
 *
 * Data made up here (seeded), so the numbers say how fast, not how good.
 */
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { setTimeout as delay } from 'node:timers/promises'
import { sql } from 'kysely'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import type { DialectName } from '../src/db/dialect-features.js'
import { createTestStore } from '../src/db/test-store.js'
import { DemoRandom } from '../src/demo/demo-random.js'
import { insertResponseRows } from '../src/responses/response-insert.js'
import { rebuildAnswerRollups } from '../src/responses/rollup-rebuild.service.js'
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
const load = arg('load', 'service')
const rawRuns = Number(arg('raw-runs', String(runs)))
const quietBelow = Number(arg('quiet-below', 'Infinity'))
if (load !== 'service' && load !== 'sql') throw new Error(`--load ${load}: service or sql`)

const store = await createTestStore(dialect)
await bootstrapFirstAdmin(store.db, 'bench@league.local', 'bench-password-1', NOW - 400 * DAY_MS)
const scope = (await systemScopeOfFirstOrg(store.db, store.features, NOW - 400 * DAY_MS))!
let started = performance.now()
const province = await createUnit(scope, { code: 'P', nameZh: '省公司', type: 'province' })
const counties: string[] = []
/** Each county's city id, for the check of the league against the raw aggregate. */
const cityOf = new Map<string, string>()
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
    cityOf.set(county.id, city.id)
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
/** The answers through the product's insert path (the roll-ups kept as each batch is stored). */
async function loadThroughService(): Promise<void> {
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
}

/** Answers per INSERT … SELECT statement of the SQL loader. */
const SQL_CHUNK = 1_000_000

/**
 * The answers as raw rows with set-based SQL, then the roll-ups from the product's own rebuild.
 * Answer i goes to county (i·7919 mod 1,000,003) mod 979 and to millisecond ⌊i·365 days / rows⌋
 * of the year; from a hash h of i, it is a detractor (0…6) when h mod 1000 < 120 + 20·(county
 * mod 7), so counties' detractor shares differ (12–24%), else 7…10 — made-up data,
 * deterministic like the service loader's. Constants are written into the SQL as integers, so
 * both stores do integer arithmetic (a bound JS number may arrive as a real).
 */
async function loadWithSql(): Promise<void> {
  const k = counties.length
  const from = NOW - 365 * DAY_MS
  // Shanghai has kept UTC+8 without daylight saving since 1991: the local day is (at + 8 h) / day.
  const SHANGHAI_MS = 8 * 3_600_000
  await sql`create table bench_counties (k integer primary key, unit_id text not null)`.execute(
    store.db,
  )
  for (let i = 0; i < k; i += 500)
    await sql`insert into bench_counties (k, unit_id) values ${sql.join(
      counties.slice(i, i + 500).map((id, j) => sql`(${i + j}, ${id})`),
    )}`.execute(store.db)
  const int = (n: number) => sql.raw(String(Math.trunc(n)))
  const hash = '((t.i * 2654435761 + 40503) % 1000003)'
  const nps = `(case when ${hash} % 1000 < 120 + 20 * (c.k % 7) then ${hash} % 7 else 7 + (${hash} / 7) % 4 end)`
  await store.db.transaction().execute(async (trx) => {
    for (let first = 0; first < rows; first += SQL_CHUNK) {
      const last = Math.min(rows, first + SQL_CHUNK) - 1
      const series =
        dialect === 'postgres'
          ? sql`select g.i from generate_series(${int(first)}::bigint, ${int(last)}::bigint) as g(i)`
          : sql`with recursive s(i) as (select ${int(first)} union all select i + 1 from s where i < ${int(last)}) select i from s`
      await sql`
        insert into responses (id, org_id, survey_id, survey_version, client_response_id, answers,
          nps, csat, ces, comment, locale, channel, segments, submitted_at, local_day, quality_flags,
          unit_id)
        select 'b' || i, ${scope.orgId}, ${survey.id}, 1, 'b' || i,
          '{"nps":' || nps || '}', nps, null, null, null, 'zh-CN', 'link', '{}', at,
          (at + ${int(SHANGHAI_MS)}) / ${int(DAY_MS)}, '', unit_id
        from (
          select t.i, c.unit_id, ${sql.raw(nps)} as nps,
            ${int(from)} + t.i * ${int(365 * DAY_MS)} / ${int(rows)} as at
          from (${series}) t join bench_counties c on c.k = (t.i * 7919 % 1000003) % ${int(k)}
        ) a`.execute(trx)
      console.log(
        `  raw answers: ${last + 1} at ${((performance.now() - started) / 1000).toFixed(1)} s`,
      )
    }
  })
  await sql`drop table bench_counties`.execute(store.db)
  const rawDone = performance.now()
  const rebuilt = await rebuildAnswerRollups(scope)
  console.log(
    `  roll-ups rebuilt from ${rebuilt.answers} answers (${rebuilt.unitRows} unit rows) in ${((performance.now() - rawDone) / 1000).toFixed(1)} s`,
  )
}

started = performance.now()
if (load === 'service') await loadThroughService()
else await loadWithSql()
if (dialect === 'postgres') await sql`analyze`.execute(store.db)
console.log(`answers: ${rows} in ${((performance.now() - started) / 1000).toFixed(1)} s`)

const at = { ...scope, now: NOW }
const fromDay = Date.UTC(2026, 0, 1) / DAY_MS
const toDay = Date.UTC(2027, 0, 1) / DAY_MS
const rawAggregate = () =>
  sql<{
    unit_id: string
    n: number | string
    promoters: number | string
    detractors: number | string
  }>`select unit_id, count(nps) as n, sum(case when nps >= 9 then 1 else 0 end) as promoters,
        sum(case when nps <= 6 then 1 else 0 end) as detractors
      from responses where org_id = ${scope.orgId} and local_day >= ${fromDay} and local_day < ${toDay}
      group by unit_id`.execute(store.db)

/** Before timing: every league row's n and NPS equal the raw aggregate's, summed per city. */
async function checkLeagueAgainstRaw(): Promise<void> {
  const perCity = new Map<string, { n: number; score: number }>()
  for (const row of (await rawAggregate()).rows) {
    const city = cityOf.get(row.unit_id)!
    const sums = perCity.get(city) ?? { n: 0, score: 0 }
    sums.n += Number(row.n)
    sums.score += 100 * (Number(row.promoters) - Number(row.detractors))
    perCity.set(city, sums)
  }
  const checked = await unitLeague(at, { parentId: province.id, metric: 'nps', period: '2026' })
  for (const row of checked.rows) {
    const raw = perCity.get(row.unitId) ?? { n: 0, score: 0 }
    const nps = raw.n > 0 ? raw.score / raw.n : null
    if (row.n !== raw.n || (nps === null ? row.raw !== null : Math.abs(row.raw! - nps) > 1e-9))
      throw new Error(
        `League row ${row.code}: n ${row.n}, NPS ${row.raw} but the raw answers give n ${raw.n}, NPS ${nps}`,
      )
  }
  console.log(`league checked against the raw aggregate: ${checked.rows.length} rows agree`)
}
await checkLeagueAgainstRaw()

/** Waits until the machine's 1-minute load average is below --quiet-below (polled every 15 s). */
async function waitForQuiet(): Promise<void> {
  const waitStart = performance.now()
  while (loadavg()[0]! >= quietBelow) {
    console.log(
      `  waiting for a quiet machine: load ${loadavg()[0]!.toFixed(1)} after ${((performance.now() - waitStart) / 1000).toFixed(0)} s`,
    )
    await delay(15_000)
  }
}
await waitForQuiet()
const loadAtStart = loadavg()[0]!

let league: Awaited<ReturnType<typeof unitLeague>> | undefined
const leagueP50 = await p50(runs, async () => {
  league = await unitLeague(at, { parentId: province.id, metric: 'nps', period: '2026' })
})
const rawP50 = await p50(rawRuns, rawAggregate)
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
    loadAverage: [Number(loadAtStart.toFixed(2)), Number(loadavg()[0]!.toFixed(2))],
  }),
)
// close() also drops the PostgreSQL schema or removes the SQLite file (1,000,000 answers: ~600 MB)
await store.close()
process.exit(0)
