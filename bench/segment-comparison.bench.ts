/**
 * The segment comparison of a weighted survey, in the same run (issue 21): from the weighted
 * segment sums (response_segment_weights, migration 0081: per segment, day and score Σw, Σw²),
 * against the full pass that reads every answer of the window with its stored segments and
 * answers and weights each in JavaScript (compareSurveySegments(…, 'answers'), the path before the
 * sums), and against the unweighted comparison (per-segment, per-day counts grouped in SQL,
 * segmentDayCounts). Two surveys get the same seeded answers (20 stores, a weight 0.5–2.0 in the
 * hidden field `w`), one of them with settings.weightField = 'w', its rows carrying the weight as
 * the answer path's buildResponseRow gives it; each comparison is timed through the service, p50
 * of --runs after one warm-up, over the default window (the last 12 months; the answers span one
 * year). The sums' figures are checked equal (1e-9) to the full pass's before timing.
 *
 *   node --import tsx bench/segment-comparison.bench.ts [--rows 1000000] [--dialect sqlite|postgres]
 *     [--runs 5]
 *
 * Data made up here (seeded), so the numbers say how fast, not how good. The load averages at the
 * start and end of the timing are printed with the result.
 */
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import type { DialectName } from '../src/db/dialect-features.js'
import { createTestStore } from '../src/db/test-store.js'
import { DemoRandom } from '../src/demo/demo-random.js'
import { respondentWeight } from '../src/responses/respondent-weight.js'
import { insertResponseRows } from '../src/responses/response-insert.js'
import { compareSurveySegments } from '../src/responses/segment-comparison.service.js'
import { localDayOf } from '../src/shared/timezone.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'

const DAY_MS = 86_400_000
const NOW = Date.parse('2026-11-23T04:00:00Z')
const STORES = 20

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
const runs = Number(arg('runs', '5'))

const store = await createTestStore(dialect)
try {
  const created = (await bootstrapFirstAdmin(
    store.db,
    'bench@manyi.local',
    'bench-password-1',
    NOW,
  ))!
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, NOW))!
  const survey = async (title: string, weighted: boolean) => {
    const made = await createSurvey(scope, {
      title: { 'zh-CN': title },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': 'NPS' } }],
      settings: { hiddenFields: ['store', 'w'], ...(weighted ? { weightField: 'w' } : {}) },
    })
    await publishSurvey(scope, made.id)
    return made.id
  }
  const plainId = await survey('分组基准（不加权）', false)
  const weightedId = await survey('分组基准（加权）', true)

  const loadStart = performance.now()
  for (const [s, surveyId] of [plainId, weightedId].entries()) {
    const random = new DemoRandom(21) // the same answers in both surveys
    const batch = 2000
    for (let start = 0; start < rows; start += batch) {
      const values = []
      for (let i = start; i < Math.min(rows, start + batch); i++) {
        const nps = Math.min(10, Math.max(0, Math.round(7.5 + 2.2 * random.normal())))
        const submittedAt =
          NOW - 365 * DAY_MS + Math.floor(((i + random.next()) / rows) * 365 * DAY_MS)
        const segments = {
          store: `S${String(Math.floor(random.next() * STORES)).padStart(2, '0')}`,
          w: (0.5 + 1.5 * random.next()).toFixed(3),
        }
        values.push({
          id: `b${s}-${i}`,
          org_id: created.orgId,
          survey_id: surveyId,
          survey_version: 1,
          client_response_id: `b${s}-${i}`,
          answers: JSON.stringify({ nps }),
          nps,
          csat: null,
          ces: null,
          comment: null,
          locale: 'zh-CN',
          channel: 'link',
          segments: JSON.stringify(segments),
          submitted_at: submittedAt,
          local_day: localDayOf(submittedAt, 'Asia/Shanghai'),
          ...(surveyId === weightedId && {
            weight: respondentWeight('w', segments) ?? null,
            weight_field: 'w',
          }),
        })
      }
      await insertResponseRows(store.db, values)
    }
    process.stderr.write(`  loaded survey ${s + 1} of 2\n`)
  }
  if (store.features.name === 'postgres') await sql`analyze responses`.execute(store.db)
  const loadSeconds = (performance.now() - loadStart) / 1000

  const query = { field: 'store', metric: 'nps' }
  const loadAtStart = loadavg()[0]!
  const plain = await compareSurveySegments(scope, plainId, query)
  const weighted = await compareSurveySegments(scope, weightedId, query)
  const fullPass = await compareSurveySegments(scope, weightedId, query, 'answers')
  const largestGap = Math.max(
    Math.abs(weighted.overall.value! - fullPass.overall.value!),
    ...weighted.rows.map((r, i) => Math.abs(r.value! - fullPass.rows[i]!.value!)),
  )
  if (!(largestGap < 1e-9) || weighted.rows.length !== fullPass.rows.length)
    throw new Error(`The sums differ from the full pass by ${largestGap}`)
  const plainP50 = await p50(runs, () => compareSurveySegments(scope, plainId, query))
  const weightedP50 = await p50(runs, () => compareSurveySegments(scope, weightedId, query))
  const fullPassP50 = await p50(runs, () =>
    compareSurveySegments(scope, weightedId, query, 'answers'),
  )
  const sumRows = await store.db
    .selectFrom('response_segment_weights')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst()
  const heapMiB = process.memoryUsage().heapUsed / 2 ** 20
  console.log(
    JSON.stringify(
      {
        dialect,
        rows,
        runs,
        loadSeconds: Number(loadSeconds.toFixed(1)),
        answersInWindow: { unweighted: plain.overall.n, weighted: weighted.overall.n },
        segments: { unweighted: plain.rows.length, weighted: weighted.rows.length },
        segmentSumRows: Number(sumRows?.n ?? 0),
        unweightedP50Ms: Number(plainP50.toFixed(1)),
        weightedFromSumsP50Ms: Number(weightedP50.toFixed(1)),
        weightedFullPassP50Ms: Number(fullPassP50.toFixed(1)),
        fullPassOverSums: Number((fullPassP50 / weightedP50).toFixed(2)),
        sumsOverUnweighted: Number((weightedP50 / plainP50).toFixed(2)),
        largestGapVsFullPass: largestGap,
        heapUsedMiBAfter: Number(heapMiB.toFixed(0)),
        loadAverage: [Number(loadAtStart.toFixed(2)), Number(loadavg()[0]!.toFixed(2))],
      },
      null,
      2,
    ),
  )
} finally {
  await store.close()
}
