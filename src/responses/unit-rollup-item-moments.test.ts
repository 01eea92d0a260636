import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { newId } from '../shared/ids.js'
import { localDayOf } from '../shared/timezone.js'
import type { Question } from '../surveys/survey.schema.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { createUnit } from '../units/unit.service.js'
import { itemScoresOf } from './item-scores.js'
import { insertResponseRows } from './response-insert.js'
import { answerPool } from './answer-pool.js'
import type { ResponseRow } from './response.table.js'
import { dailyItemMomentsQuery } from './unit-rollup.repository.js'
import { groupMonthlyItemMoments } from './unit-rollup.service.js'

// The CSM and SERVQUAL league reads (groupDailyItemMoments, summed per month) filter on a plain
// `org_id = ?` (migration 0049's covering indexes): n, Σx and Σx² per unit and month must equal a
// recount from the raw answers, another organisation's answers on the same days must not count
// even when its unit is asked for, and SQLite must answer from the covering index alone.

const TZ = 'Asia/Shanghai'
const DAY_MS = 86_400_000
const START = Date.UTC(2026, 3, 1, 2, 0) // 2026-04-01 10:00 in Shanghai
const APRIL = (2026 - 1970) * 12 + 3

const QUESTIONS = [
  { key: 'csm_hall', type: 'csm7', title: { 'zh-CN': '营业厅环境' } },
  ...(
    [
      ['sq1', 'tangibles', false],
      ['sq2', 'tangibles', true],
      ['sq3', 'reliability', false],
    ] as const
  ).map(([key, dimension, reversed]) => ({
    key,
    type: 'servqual' as const,
    title: { 'zh-CN': key },
    servqual: { dimension, reversed },
  })),
]

/** A deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Moments {
  n: number
  sum: number
  sumSquares: number
}

describeEachDialect('CSM and SERVQUAL moments with a plain organisation filter', (ctx) => {
  const orgs: Array<{ orgId: string; surveyId: string; questions: Question[]; units: string[] }> =
    []
  /** Raw observations per organisation's unit: CSM levels, SERVQUAL respondent-dimension gaps. */
  const observed = new Map<string, { csm: number[]; servqual: number[] }>()
  const scopeOf = (orgId: string, now: number): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: 'u-admin', role: 'admin' },
    now,
  })

  beforeAll(async () => {
    const next = random(49)
    for (const name of ['Mine', 'Theirs']) {
      const orgId = (await createOrganisation(ctx.store.db, name, START - DAY_MS, TZ)).id
      const admin = scopeOf(orgId, START - DAY_MS)
      const survey = await publishSurvey(
        admin,
        (await createSurvey(admin, { title: { 'zh-CN': '服务质量' }, questions: QUESTIONS })).id,
      )
      const units: string[] = []
      for (const code of ['H1', 'H2', 'H3'])
        units.push((await createUnit(admin, { code, nameZh: code })).id)
      orgs.push({ orgId, surveyId: survey.id, questions: survey.questions, units })
      for (const unitId of units) observed.set(unitId, { csm: [], servqual: [] })
      const rows: ResponseRow[] = []
      for (let i = 0; i < 120; i++) {
        const at = START + Math.floor(next() * 20 * DAY_MS)
        const unitId = units[Math.floor(next() * units.length)]!
        const answers: Record<string, unknown> = {}
        if (next() < 0.8) answers.csm_hall = -60 + 20 * Math.floor(next() * 7)
        const complete = next() < 0.6
        for (const key of ['sq1', 'sq2', 'sq3'])
          if (complete || next() < 0.3)
            answers[key] = {
              expectation: 1 + Math.floor(next() * 7),
              perception: 1 + Math.floor(next() * 7),
            }
        const seen = observed.get(unitId)!
        if (typeof answers.csm_hall === 'number') seen.csm.push(answers.csm_hall)
        const pair = (key: string) => answers[key] as { expectation: number; perception: number }
        if (['sq1', 'sq2', 'sq3'].every((key) => answers[key] !== undefined)) {
          // sq2 is negatively worded: x → 8 − x, so its gap changes sign.
          const gap1 = pair('sq1').perception - pair('sq1').expectation
          const gap2 = pair('sq2').expectation - pair('sq2').perception
          seen.servqual.push((gap1 + gap2) / 2, pair('sq3').perception - pair('sq3').expectation)
        }
        const id = newId(at)
        rows.push({
          id,
          org_id: orgId,
          survey_id: survey.id,
          survey_version: 1,
          client_response_id: id,
          answers: JSON.stringify(answers),
          item_scores: itemScoresOf(survey.questions, answers),
          nps: null,
          csat: null,
          ces: null,
          comment: null,
          locale: 'zh-CN',
          channel: 'link',
          segments: '{}',
          submitted_at: at,
          local_day: localDayOf(at, TZ),
          duration_ms: null,
          invitation_id: null,
          unit_id: unitId,
        })
      }
      await insertResponseRows(ctx.store.db, rows)
    }
  })

  const momentsOf = (xs: readonly number[]): Moments => ({
    n: xs.length,
    sum: xs.reduce((a, b) => a + b, 0),
    sumSquares: xs.reduce((a, b) => a + b * b, 0),
  })

  it('equal a recount from the raw answers and leave out another organisation’s units', async () => {
    const [mine, theirs] = orgs as [(typeof orgs)[0], (typeof orgs)[0]]
    // Each of my units is its own group; one of their units is asked for too and must give nothing.
    const members = [...mine.units, theirs.units[0]!].map((id) => [id, id] as const)
    for (const metric of ['csm', 'servqual'] as const) {
      const got = await groupMonthlyItemMoments(scopeOf(mine.orgId, START + 30 * DAY_MS), {
        metric,
        fromMonth: APRIL,
        toMonth: APRIL + 1,
        members,
      })
      expect(got.find((m) => m.groupId === theirs.units[0])).toBeUndefined()
      for (const unitId of mine.units) {
        const expected = momentsOf(observed.get(unitId)![metric])
        expect(expected.n).toBeGreaterThan(5)
        const row = got.find((m) => m.groupId === unitId)!
        expect({ month: row.month, n: row.n }, `${metric} ${unitId}`).toEqual({
          month: APRIL,
          n: expected.n,
        })
        expect(row.sum).toBeCloseTo(expected.sum, 9)
        expect(row.sumSquares).toBeCloseTo(expected.sumSquares, 9)
      }
    }
  })

  // The plan check is SQLite's (PostgreSQL plans by cost and statistics).
  if (ctx.dialect === 'sqlite')
    it('reads the daily item roll-ups from the covering index alone on SQLite', async () => {
      const [mine] = orgs as [(typeof orgs)[0]]
      const pairs = mine.units.map((id) => [id, 'g'] as const)
      const firstDay = localDayOf(START, TZ)
      for (const [metric, index] of [
        ['csm', 'response_unit_daily_csm_league'],
        ['servqual', 'response_unit_daily_servqual_league'],
      ] as const) {
        const pool = await answerPool(ctx.store.db, mine.orgId, undefined)
        const query = dailyItemMomentsQuery(
          mine.orgId,
          { metric, fromDay: firstDay, toDay: firstDay + 30, dimension: 'tangibles', pool },
          pairs,
        )
        const plan = await sql<{ detail: string }>`explain query plan ${query}`.execute(
          ctx.store.db,
        )
        const details = plan.rows.map((r) => r.detail).join('\n')
        expect(details).toContain(`USING COVERING INDEX ${index} (unit_id=? AND local_day>? AND`)
      }
    })
})
