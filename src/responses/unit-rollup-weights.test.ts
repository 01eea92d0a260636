import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { newId } from '../shared/ids.js'
import type { Survey } from '../surveys/survey.schema.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { closeUnit, createUnit, moveUnit } from '../units/unit.service.js'
import { respondentWeight } from './respondent-weight.js'
import {
  createResponseBatchInsert,
  InsertedRows,
  insertResponseRows,
  removeInsertedRows,
} from './response-insert.js'
import { buildResponseRow } from './response-row.js'
import type { ResponseRow } from './response.table.js'
import { rebuildAnswerRollups } from './rollup-rebuild.service.js'
import { monthOfLocalDay, WEIGHTED_METRICS, weightedMetricScore } from './unit-daily-counts.js'

// The weighted unit roll-up (response_unit_monthly_weights, migration 0057) against a recount from
// the raw answers, on both stores: a weighted survey (settings.weightField 'w') answered through
// both insert paths with good and bad weights (missing, '', '0', '-2', 'abc', 'Infinity') to random
// units over two months, some taken out again (an import's rollback), while units move and close;
// an unweighted survey answered alongside writes nothing weighted. Then the rebuild from stored
// answers gives the same rows.

const TZ = 'Asia/Shanghai'
const DAY_MS = 86_400_000
const START = Date.UTC(2026, 5, 20, 2, 0) // 2026-06-20 10:00 in Shanghai
const DAYS = 20
const BAD_WEIGHTS = [undefined, '', '0', '-2', 'abc', 'Infinity', '1,5']

function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Sums {
  answers: number
  weighted: number
  weight_sum: number
  weight_squares: number
  weighted_sum: number
  weighted_squares: number
}

describeEachDialect('weighted unit roll-ups', (ctx) => {
  let orgId: string
  let weighted: Survey
  let plain: Survey
  const unitIds = new Map<string, string>()
  const scopeAt = (now: number): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: 'u-admin', role: 'admin' },
    now,
  })
  const questions = [
    { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' } },
    { key: 'csat', type: 'csat', title: { 'zh-CN': '满意' } },
    { key: 'ces', type: 'ces', title: { 'zh-CN': '省力' } },
  ] as const

  beforeAll(async () => {
    orgId = (await createOrganisation(ctx.store.db, 'Weights', START, TZ)).id
    const admin = scopeAt(START - DAY_MS)
    const make = async (settings: Record<string, unknown>) =>
      publishSurvey(
        admin,
        (await createSurvey(admin, { title: { 'zh-CN': '营业厅' }, questions, settings })).id,
      )
    weighted = await make({ hiddenFields: ['w'], weightField: 'w' })
    plain = await make({ hiddenFields: ['w'] })
    for (const [code, parent] of [
      ['P', null],
      ['C1', 'P'],
      ['C2', 'P'],
      ['K11', 'C1'],
      ['K12', 'C1'],
      ['K21', 'C2'],
    ] as const) {
      const unit = await createUnit(admin, {
        code,
        nameZh: code,
        parentId: parent ? unitIds.get(parent)! : null,
      })
      unitIds.set(code, unit.id)
    }
  })

  it('refuses a weight field that is not a declared hidden field', async () => {
    await expect(
      createSurvey(scopeAt(START), {
        title: { 'zh-CN': '错' },
        questions,
        settings: { hiddenFields: ['store'], weightField: 'w' },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('reads only plain positive decimal weights', () => {
    expect(respondentWeight(undefined, { w: '2' })).toBeUndefined()
    expect(respondentWeight('w', { w: ' 2.5 ' })).toBe(2.5)
    expect(respondentWeight('w', { w: '3e2' })).toBe(300)
    for (const bad of BAD_WEIGHTS)
      expect(respondentWeight('w', bad === undefined ? {} : { w: bad })).toBeNull()
  })

  it('equals a recount from the raw answers after random inserts, bad weights, rollbacks, moves and closures, and the rebuild gives it back', async () => {
    const next = random(57)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
    const fastInsert = createResponseBatchInsert(ctx.store)
    const codes = [...unitIds.keys()]
    let rolledBack = 0
    let bad = 0
    for (let day = 0; day < DAYS; day++) {
      const dayStart = START + day * DAY_MS
      const rows: ResponseRow[] = Array.from({ length: 4 + Math.floor(next() * 12) }, (_, i) => {
        const survey = next() < 0.75 ? weighted : plain
        const code = next() < 0.1 ? null : pick(codes)
        const w =
          next() < 0.15 ? pick(BAD_WEIGHTS) : (0.2 + Math.floor(next() * 400) / 100).toString()
        if (survey === weighted && code && respondentWeight('w', w ? { w } : {}) === null) bad++
        const answers: Record<string, number> = {}
        if (next() < 0.9) answers.nps = Math.floor(next() * 11)
        if (next() < 0.8) answers.csat = 1 + Math.floor(next() * 5)
        if (next() < 0.7) answers.ces = 1 + Math.floor(next() * 7)
        return buildResponseRow({
          survey,
          orgId,
          timezone: TZ,
          answers,
          locale: 'zh-CN',
          channel: 'link',
          segments: w === undefined ? {} : { w },
          submittedAt: dayStart + i * 60_000,
          pilot: next() < 0.05,
          unitId: code ? unitIds.get(code)! : null,
        })
      })
      const half = Math.floor(rows.length / 2)
      await fastInsert(rows.slice(0, half))
      await insertResponseRows(ctx.store.db, rows.slice(half))
      if (day % 4 === 1) {
        const undone = rows
          .slice(0, 3)
          .map((r) => ({ ...r, id: newId(r.submitted_at), client_response_id: `undo-${r.id}` }))
        const inserted = new InsertedRows()
        inserted.add(undone, await insertResponseRows(ctx.store.db, undone))
        await removeInsertedRows(ctx.store.db, inserted)
        rolledBack += inserted.ids.length
      }
      const changeAt = dayStart + 6 * 3_600_000
      if (day === 5)
        await moveUnit(scopeAt(changeAt), unitIds.get('K12')!, { parentId: unitIds.get('C2')! })
      if (day === 12) await closeUnit(scopeAt(changeAt), unitIds.get('K21')!)
    }
    expect(rolledBack).toBeGreaterThan(0)
    expect(bad).toBeGreaterThan(0)

    const recount = await expectedSums()
    const kept = await keptSums()
    expect(kept.size).toBe(recount.size)
    expect(kept.size).toBeGreaterThan(20)
    // Months 2026-06 and 2026-07 both present; bad weights counted in answers, not in weighted.
    expect(new Set([...kept.keys()].map((k) => k.split('|')[2])).size).toBe(2)
    expect([...kept.values()].some((s) => s.weighted < s.answers)).toBe(true)
    expectSameSums(kept, recount)
    // Nothing weighted for the unweighted survey.
    expect([...kept.keys()].some((k) => k.includes(plain.id))).toBe(false)

    // Damage a row, then rebuild from the stored answers: the same sums come back.
    await sql`update response_unit_monthly_weights set weight_sum = weight_sum + 7 where org_id = ${orgId}`.execute(
      ctx.store.db,
    )
    await rebuildAnswerRollups(scopeAt(START + 40 * DAY_MS))
    expectSameSums(await keptSums(), recount)
  })

  async function expectedSums(): Promise<Map<string, Sums>> {
    const raw = await ctx.store.db
      .selectFrom('responses')
      .select([
        'unit_id',
        'survey_id',
        'local_day',
        'nps',
        'csat',
        'ces',
        'quality_flags',
        'segments',
      ])
      .where('org_id', '=', orgId)
      .where('survey_id', '=', weighted.id)
      .execute()
    const out = new Map<string, Sums>()
    for (const r of raw) {
      if (!r.unit_id || r.quality_flags.includes('pilot')) continue
      const w = respondentWeight('w', JSON.parse(r.segments) as Record<string, unknown>)
      for (const metric of WEIGHTED_METRICS) {
        const value = r[metric]
        if (value === null) continue
        const key = `${r.unit_id}|${r.survey_id}|${monthOfLocalDay(Number(r.local_day))}|${metric}`
        const s = out.get(key) ?? {
          answers: 0,
          weighted: 0,
          weight_sum: 0,
          weight_squares: 0,
          weighted_sum: 0,
          weighted_squares: 0,
        }
        out.set(key, s)
        s.answers++
        if (w === null || w === undefined) continue
        const x = weightedMetricScore(metric, Number(value))
        s.weighted++
        s.weight_sum += w
        s.weight_squares += w * w
        s.weighted_sum += w * x
        s.weighted_squares += w * x * x
      }
    }
    return out
  }

  async function keptSums(): Promise<Map<string, Sums>> {
    const rows = await ctx.store.db
      .selectFrom('response_unit_monthly_weights')
      .selectAll()
      .where('org_id', '=', orgId)
      .execute()
    return new Map(
      rows.map((r) => [
        `${r.unit_id}|${r.survey_id}|${r.month}|${r.metric}`,
        {
          answers: Number(r.answers),
          weighted: Number(r.weighted),
          weight_sum: Number(r.weight_sum),
          weight_squares: Number(r.weight_squares),
          weighted_sum: Number(r.weighted_sum),
          weighted_squares: Number(r.weighted_squares),
        },
      ]),
    )
  }

  function expectSameSums(kept: Map<string, Sums>, recount: Map<string, Sums>): void {
    expect([...kept.keys()].sort()).toEqual([...recount.keys()].sort())
    for (const [key, e] of recount) {
      const k = kept.get(key)!
      expect(k.answers, key).toBe(e.answers)
      expect(k.weighted, key).toBe(e.weighted)
      // Sums of real weights, added in another order (and a rollback subtracted): to rounding.
      for (const column of [
        'weight_sum',
        'weight_squares',
        'weighted_sum',
        'weighted_squares',
      ] as const)
        expect(k[column], `${key} ${column}`).toBeCloseTo(e[column], 6)
    }
  }
})
