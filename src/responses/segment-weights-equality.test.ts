import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { DemoRandom } from '../demo/demo-random.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import type { Survey, SurveyInput } from '../surveys/survey.schema.js'
import { createSurvey, getSurvey, publishSurvey, updateSurvey } from '../surveys/survey.service.js'
import { eraseAnswers } from './response-erasure.service.js'
import {
  createResponseBatchInsert,
  InsertedRows,
  insertResponseRows,
  removeInsertedRows,
} from './response-insert.js'
import { buildResponseRow } from './response-row.js'
import type { ResponseRow } from './response.table.js'
import { rebuildWeightsIfChanged, runRollupRebuildJobs } from './rollup-rebuild-job.service.js'
import { rebuildAnswerRollups } from './rollup-rebuild.service.js'
import { weightedComparisonOfSums } from './segment-comparison-sums.js'
import { compareSurveySegments } from './segment-comparison.service.js'
import { segmentWeightSums } from './segment-weights.repository.js'

// Issue 21: a weighted survey's segment comparison from the weighted segment sums
// (response_segment_weights) equals, to 1e-9, the full pass over its answers (the path it had
// before, kept as compareSurveySegments(…, 'answers')) on seeded random answers — after inserts by
// both write paths, an import's rollback, an erasure of a hidden field, a change of the weight
// field and its background rebuild, and a rebuild of every roll-up. Both stores.
//
// The answers: 5 months, stores S0–S5 and regions, weights in `w` (0.2–5) and `v` with some
// missing, 'abc', '0' or '-1' (no valid weight: left out and counted), some pilot answers (never
// counted), some without a store, metrics answered at random; store S9's CES answers are all 4 (its
// SE is exactly 0, the bounded score interval).

const TZ = 'Asia/Shanghai'
const DAY = 86_400_000
const START = Date.UTC(2026, 1, 3, 2, 0)
const NOW = Date.UTC(2026, 6, 2, 2, 0)
const METRICS = ['nps', 'csat', 'ces'] as const
const FIELDS = ['store', 'region'] as const

/** Numbers within 1e-9 (relative to their size above 1), everything else equal. */
function expectSame(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tolerance = 1e-9 * Math.max(1, Math.abs(expected))
    if (!(Math.abs(actual - expected) <= tolerance))
      throw new Error(`${path}: ${actual} differs from ${expected}`)
    return
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true)
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length)
    expected.forEach((e, i) => expectSame((actual as unknown[])[i], e, `${path}[${i}]`))
    return
  }
  if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort())
    for (const [k, v] of Object.entries(expected))
      expectSame((actual as Record<string, unknown>)[k], v, `${path}.${k}`)
    return
  }
  expect(actual, path).toEqual(expected)
}

describeEachDialect('weighted segment comparison from the weighted segment sums', (ctx) => {
  let orgId: string
  let survey: Survey
  const random = new DemoRandom(2121)
  const scopeAt = (now: number): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: 'u-admin', role: 'admin' },
    now,
  })
  const input = (weightField: string): SurveyInput => ({
    title: { 'zh-CN': '加权门店随机比较' },
    questions: [
      { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' } },
      { key: 'sat', type: 'csat', title: { 'zh-CN': '满意' } },
      { key: 'ces', type: 'ces', title: { 'zh-CN': '省力' } },
    ],
    settings: {
      hiddenFields: ['store', 'region', 'w', 'v'],
      signedFields: [],
      pilot: false,
      weightField,
    },
  })

  const weightText = () => {
    const r = random.next()
    if (r < 0.04) return undefined
    if (r < 0.06) return 'abc'
    if (r < 0.07) return '0'
    if (r < 0.08) return '-1'
    return (0.2 + 4.8 * random.next()).toFixed(4)
  }

  let serial = 0
  function randomRows(n: number): ResponseRow[] {
    const rows: ResponseRow[] = []
    for (let i = 0; i < n; i++) {
      serial++
      const storeNo = Math.floor(random.next() * 7)
      const store = storeNo === 6 ? 'S9' : `S${storeNo}`
      const answers: Record<string, number> = {}
      if (random.next() < 0.85) answers.nps = Math.floor(random.next() * 11)
      if (random.next() < 0.7) answers.sat = 1 + Math.floor(random.next() * 5)
      if (random.next() < 0.7) answers.ces = store === 'S9' ? 4 : 1 + Math.floor(random.next() * 7)
      if (Object.keys(answers).length === 0) answers.nps = 9
      const segments: Record<string, string> = {}
      if (random.next() < 0.93) segments.store = store
      segments.region = random.next() < 0.5 ? 'north' : `R-${Math.floor(random.next() * 3)}`
      const w = weightText()
      if (w !== undefined) segments.w = w
      const v = weightText()
      if (v !== undefined) segments.v = v
      rows.push(
        buildResponseRow({
          survey,
          orgId,
          timezone: TZ,
          answers,
          clientResponseId: `seg-weights-${serial}`,
          locale: 'zh-CN',
          channel: 'link',
          segments,
          submittedAt: START + Math.floor(random.next() * 150 * DAY),
          pilot: random.next() < 0.03,
        }),
      )
    }
    return rows
  }

  /** The full pass and the sums, for every metric and field: equal to 1e-9. */
  async function expectSumsEqualFullPass(): Promise<number> {
    const scope = scopeAt(NOW)
    const weightField = (await getSurvey(scope, survey.id)).settings.weightField!
    let compared = 0
    for (const metric of METRICS)
      for (const field of FIELDS) {
        const query = { field, metric, from: '2026-01-01', to: '2026-07-31' }
        const full = await compareSurveySegments(scope, survey.id, query, 'answers')
        expect(full.rows.length).toBeGreaterThan(1)
        const sums = await segmentWeightSums(ctx.store.db, {
          orgId,
          surveyId: survey.id,
          field,
          metric,
          fromDay: Date.UTC(2026, 0, 1) / DAY,
          toDay: Date.UTC(2026, 6, 31) / DAY,
        })
        const fromSums = weightedComparisonOfSums(metric, weightField, sums)
        expectSame(fromSums, {
          overall: full.overall,
          rows: full.rows,
          heatMap: full.heatMap,
          weighted: full.weighted,
        })
        // The service itself takes the sums (no rebuild pending) and answers the same.
        expectSame(await compareSurveySegments(scope, survey.id, query), full)
        compared += full.rows.length
      }
    return compared
  }

  beforeAll(async () => {
    orgId = (await createOrganisation(ctx.store.db, 'Segment sums', START - DAY, TZ)).id
    const admin = scopeAt(START - 3_600_000)
    survey = await publishSurvey(admin, (await createSurvey(admin, input('w'))).id)
    // Both write paths: the portable one and (on SQLite) the prepared statements.
    await insertResponseRows(ctx.store.db, randomRows(300))
    const batch = createResponseBatchInsert(ctx.store)
    for (let i = 0; i < 3; i++) await batch(randomRows(100))
  })

  it('equals the full pass after inserts, with S9 CES at SE 0 and answers without a weight counted', async () => {
    expect(await expectSumsEqualFullPass()).toBeGreaterThan(20)
    const ces = await compareSurveySegments(scopeAt(NOW), survey.id, {
      field: 'store',
      metric: 'ces',
      from: '2026-01-01',
      to: '2026-07-31',
    })
    const s9 = ces.rows.find((r) => r.segment === 'S9')!
    expect(s9.value).toBe(4)
    expect(s9.ci95![0]).toBeLessThan(4)
    expect(s9.ci95![1]).toBeGreaterThan(4)
    expect(ces.weighted!.unweighted).toBeGreaterThan(0)
  })

  it('stays equal after an import is rolled back (its answers deleted)', async () => {
    const rows = randomRows(120)
    const inserted = new InsertedRows()
    inserted.add(rows, await insertResponseRows(ctx.store.db, rows))
    expect(inserted.ids).toHaveLength(120)
    await expectSumsEqualFullPass()
    await removeInsertedRows(ctx.store.db, inserted)
    await expectSumsEqualFullPass()
  })

  it('stays equal after an erasure drops a hidden field, whose values leave the sums', async () => {
    const rows = randomRows(40).map((r) => ({
      ...r,
      segments: JSON.stringify({ ...JSON.parse(r.segments ?? '{}'), region: 'R-erase-me' }),
    }))
    await insertResponseRows(ctx.store.db, rows)
    const kept = () =>
      ctx.store.db
        .selectFrom('response_segment_weights')
        .select('segment')
        .where('segment', '=', 'R-erase-me')
        .execute()
    expect((await kept()).length).toBeGreaterThan(0)
    await expectSumsEqualFullPass()
    await eraseAnswers(
      ctx.store.db,
      orgId,
      rows.map((r) => r.id),
      ['region'],
    )
    expect(await kept()).toHaveLength(0)
    await expectSumsEqualFullPass()
  })

  it('reads the answers while a weight-field rebuild is queued, and the sums again once it ran', async () => {
    const scope = scopeAt(NOW)
    const before = await getSurvey(scope, survey.id)
    const after = await updateSurvey(scope, survey.id, input('v'))
    await rebuildWeightsIfChanged(scope, before, after, () => {})
    survey = after
    // Queued: the sums still hold w's weights, so the service must read the answers (weighted by v).
    const query = { field: 'store', metric: 'nps', from: '2026-01-01', to: '2026-07-31' }
    const full = await compareSurveySegments(scope, survey.id, query, 'answers')
    expectSame(await compareSurveySegments(scope, survey.id, query), full)
    const stale = weightedComparisonOfSums(
      'nps',
      'v',
      await segmentWeightSums(ctx.store.db, {
        orgId,
        surveyId: survey.id,
        field: 'store',
        metric: 'nps',
        fromDay: Date.UTC(2026, 0, 1) / DAY,
        toDay: Date.UTC(2026, 6, 31) / DAY,
      }),
    )
    expect(stale.overall.value).not.toBeCloseTo(full.overall.value!, 6)
    const run = await runRollupRebuildJobs(ctx.store.db, ctx.store.features.name, NOW + 5_000)
    expect(run.rebuilt).toBe(1)
    await expectSumsEqualFullPass()
    // The weight field is no segment of the sums.
    const weightRows = await ctx.store.db
      .selectFrom('response_segment_weights')
      .select('field')
      .where('field', '=', 'v')
      .execute()
    expect(weightRows).toHaveLength(0)
  })

  it('stays equal after every roll-up of the organisation is rebuilt from the answers', async () => {
    await ctx.store.db.deleteFrom('response_segment_weights').execute()
    await rebuildAnswerRollups(scopeAt(NOW))
    await expectSumsEqualFullPass()
  })

  it('reads the answers for a reader limited to units (the sums are not kept per unit)', async () => {
    const limited = { ...scopeAt(NOW), units: [] as string[] }
    const view = await compareSurveySegments(limited, survey.id, { field: 'store', metric: 'nps' })
    expect(view.rows).toEqual([])
    expect(view.weighted).toMatchObject({ weightField: 'v', answers: 0 })
  })
})
