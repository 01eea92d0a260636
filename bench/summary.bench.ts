import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import type { Store } from '../src/db/connect.js'
import { createTestStore } from '../src/db/test-store.js'
import type { DialectName } from '../src/db/dialect-features.js'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createApiToken } from '../src/auth/auth.service.js'
import { loadConfig } from '../src/config.js'
import { DemoRandom } from '../src/demo/demo-random.js'
import { buildApp } from '../src/server/app.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { insertResponseRows } from '../src/responses/response-insert.js'
import { localDayOf, startOfLocalDay } from '../src/shared/timezone.js'
import { SCORE_COLUMNS } from '../src/responses/daily-count-columns.js'

const DAY_MS = 86_400_000
const NOW = Date.parse('2026-11-23T00:00:00Z')

export interface SummaryResult {
  dialect: DialectName
  rows: number
  loadSeconds: number
  windows: Record<string, { endpointP50: number; rawP50: number; ratio: number }>
  /** The 90-day endpoint against DuckDB computing the same per-day counts in memory. */
  duckDb: { endpointP50: number; duckDbP50: number; ratio: number }
}

interface LoadedColumns {
  localDay: Int32Array
  nps: Int8Array
  csat: Int8Array
  ces: Int8Array
}

async function loadResponses(
  store: Store,
  orgId: string,
  surveyId: string,
  rows: number,
  onProgress: (done: number) => void,
): Promise<LoadedColumns> {
  const loaded: LoadedColumns = {
    localDay: new Int32Array(rows),
    nps: new Int8Array(rows),
    csat: new Int8Array(rows),
    ces: new Int8Array(rows),
  }
  const random = new DemoRandom(7)
  const batch = 2000 // 14 columns × 2000 stays under PostgreSQL's 65,535 parameters
  for (let start = 0; start < rows; start += batch) {
    const values = []
    for (let i = start; i < Math.min(rows, start + batch); i++) {
      const nps = Math.min(10, Math.max(0, Math.round(7.5 + 2.2 * random.normal())))
      const csat = Math.min(5, Math.max(1, Math.round(3.9 + random.normal())))
      const ces = Math.min(7, Math.max(1, Math.round(5 + 1.3 * random.normal())))
      // In arrival order, as a live system stores them, spread evenly over the year.
      const submittedAt =
        NOW - 365 * DAY_MS + Math.floor(((i + random.next()) / rows) * 365 * DAY_MS)
      loaded.localDay[i] = localDayOf(submittedAt, 'Asia/Shanghai')
      loaded.nps[i] = nps
      loaded.csat[i] = csat
      loaded.ces[i] = ces
      values.push({
        id: `b${i}`,
        org_id: orgId,
        survey_id: surveyId,
        survey_version: 1,
        client_response_id: `b${i}`,
        answers: JSON.stringify({ nps, csat, ces }),
        nps,
        csat,
        ces,
        comment: random.chance(0.2) ? '服务态度很好' : null,
        locale: 'zh-CN',
        channel: 'link',
        segments: '{}',
        submitted_at: submittedAt,
        local_day: localDayOf(submittedAt, 'Asia/Shanghai'),
      })
    }
    await insertResponseRows(store.db, values)
    onProgress(Math.min(rows, start + batch))
  }
  if (store.features.name === 'postgres') await sql`analyze responses`.execute(store.db)
  return loaded
}

/** The same per-day, per-answer-value aggregate in DuckDB over the same rows, p50 of `runs`. */
async function duckDbDailyAggregate(
  loaded: LoadedColumns,
  fromDay: number,
  toDay: number,
  runs: number,
): Promise<number> {
  const { DuckDBInstance } = await import('@duckdb/node-api')
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  await connection.run(
    'create table responses (local_day integer, nps tinyint, csat tinyint, ces tinyint)',
  )
  const appender = await connection.createAppender('responses')
  for (let i = 0; i < loaded.localDay.length; i++) {
    appender.appendInteger(loaded.localDay[i]!)
    appender.appendTinyInt(loaded.nps[i]!)
    appender.appendTinyInt(loaded.csat[i]!)
    appender.appendTinyInt(loaded.ces[i]!)
    appender.endRow()
  }
  appender.closeSync()
  const counts = SCORE_COLUMNS.map(
    (c) => `count(*) filter (where ${c.metric} = ${c.score}) as ${c.column}`,
  ).join(', ')
  const query = `select local_day, count(*) as responses, ${counts} from responses where local_day >= ${fromDay} and local_day < ${toDay} group by local_day`
  const p = await p50(runs, () => connection.runAndReadAll(query))
  connection.closeSync()
  instance.closeSync()
  return p
}

async function p50(runs: number, run: () => Promise<unknown>): Promise<number> {
  const times: number[] = []
  await run() // warm-up
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await run()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

/**
 * The summary endpoint (HTTP through Fastify inject: auth, validation, one
 * aggregate query, the roll-up and JSON) against the raw SQL aggregate a
 * hand-written dashboard would run: count, promoters, detractors over the same
 * window and index, no grouping.
 */
export async function benchSummary(
  dialect: DialectName,
  rows: number,
  runs: number,
  onProgress: (done: number) => void,
): Promise<SummaryResult> {
  const store = await createTestStore(dialect)
  try {
    const created = (await bootstrapFirstAdmin(
      store.db,
      'bench@manyi.local',
      'bench-password-1',
      NOW,
    ))!
    const scope = (await systemScopeOfFirstOrg(store.db, store.features, NOW))!
    const survey = await createSurvey(scope, {
      title: { 'zh-CN': '基准' },
      questions: [
        { key: 'nps', type: 'nps', title: { 'zh-CN': 'NPS' } },
        { key: 'csat', type: 'csat', title: { 'zh-CN': 'CSAT' } },
        { key: 'ces', type: 'ces', title: { 'zh-CN': 'CES' } },
        { key: 'comment', type: 'text', title: { 'zh-CN': '意见' } },
      ],
    })
    await publishSurvey(scope, survey.id)
    const t0 = performance.now()
    const loaded = await loadResponses(store, created.orgId, survey.id, rows, onProgress)
    const loadSeconds = (performance.now() - t0) / 1000
    const { token } = await createApiToken(scope, { name: 'bench', role: 'viewer' })
    const config = loadConfig({}, { logLevel: 'silent', webDir: '/nonexistent' })
    const app = await buildApp({ store, config, clock: () => NOW })
    const isoDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)
    const toDay = localDayOf(NOW, 'Asia/Shanghai')
    // The dashboard asks for whole local days; the API also takes any instants (partial days at the ends).
    const wholeDays = (days: number) => ({
      from: startOfLocalDay(toDay - days, 'Asia/Shanghai'),
      to: startOfLocalDay(toDay, 'Asia/Shanghai'),
      query: `from=${isoDate(toDay - days)}&to=${isoDate(toDay - 1)}`,
    })
    const instants = (days: number) => {
      const to = NOW - 7 * 3_600_000 - 123_456
      const from = to - days * DAY_MS
      return {
        from,
        to,
        query: `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
      }
    }
    const measure = async ({ from, to, query }: { from: number; to: number; query: string }) => {
      const url = `/api/v1/surveys/${survey.id}/summary?${query}&interval=week`
      const endpointP50 = await p50(runs, async () => {
        const res = await app.inject({
          method: 'GET',
          url,
          headers: { authorization: `Bearer ${token}` },
        })
        if (res.statusCode !== 200) throw new Error(res.body)
      })
      const countWhen = store.features.countWhen
      const raw = sql`select count(*) as n, ${sql.raw(countWhen('nps >= 9'))} as promoters, ${sql.raw(countWhen('nps <= 6'))} as detractors
        from responses where org_id = ${created.orgId} and survey_id = ${survey.id} and submitted_at >= ${from} and submitted_at < ${to}`
      const rawP50 = await p50(runs, () => raw.execute(store.db))
      return { endpointP50, rawP50, ratio: endpointP50 / rawP50 }
    }
    const windows = {
      '90 days': await measure(wholeDays(90)),
      '365 days': await measure(wholeDays(365)),
      '90 days, to the second': await measure(instants(90)),
    }
    await app.close()
    const duckDb90 = await duckDbDailyAggregate(loaded, toDay - 90, toDay, runs)
    return {
      dialect,
      rows,
      loadSeconds,
      windows,
      duckDb: {
        endpointP50: windows['90 days'].endpointP50,
        duckDbP50: duckDb90,
        ratio: windows['90 days'].endpointP50 / duckDb90,
      },
    }
  } finally {
    await store.close()
  }
}
