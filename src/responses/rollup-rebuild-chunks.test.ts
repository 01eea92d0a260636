import type { InjectOptions } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { createTestApp, type TestApp } from '../server/test-app.js'
import { getSurvey } from '../surveys/survey.service.js'
import { createUnit } from '../units/unit.service.js'
import { insertResponseRows } from './response-insert.js'
import { buildResponseRow } from './response-row.js'
import { rebuildSurveyWeights } from './rollup-rebuild.repository.js'
import { rebuildAnswerRollups } from './rollup-rebuild.service.js'
import { monthOfLocalDay } from './unit-daily-counts.js'

// The roll-up rebuild runs one survey's local month at a time, each in its own short transaction
// (rollup-rebuild.repository.ts), on both stores:
// - after the roll-ups were damaged, it gives back exactly the rows the insert path kept for 1,080
//   answers over 36 months (daily and monthly counts, CSM levels, respondent-weight sums), in 38
//   transactions (the 36 months and the days before and after them);
// - while it runs, the server answers: between two of its chunks an answer is submitted over HTTP
//   and a unit's roll-up read over HTTP, both answered before the rebuild goes on (on SQLite a
//   one-transaction rebuild held the only connection, so neither could have been answered); an
//   answer stored in a month already rebuilt and the HTTP answer in a month still to come are each
//   counted once: the rows equal a quiet rebuild's afterwards;
// - a weight-field rebuild month by month (byMonth, what the sweep runs on SQLite, there in
//   slices) writes exactly the weighted rows of a one-transaction rebuild with the same field, and
//   an HTTP answer and a league read are answered between its months;
// - on SQLite no month is one hold of the store: with slices of 8 answers, no read or write
//   transaction takes more than 8 answers (a month of 30 would be one hold of 30), and answers
//   stored meanwhile before and after the slice read so far, and one deleted meanwhile, are each
//   counted as a quiet recount counts them. On PostgreSQL a month stays one transaction (MVCC:
//   readers keep the old figures until it commits).

const TABLES = [
  'response_daily_counts',
  'response_unit_daily_counts',
  'response_unit_monthly_counts',
  'response_unit_daily_csm',
  'response_unit_monthly_weights',
] as const
const DAY_MS = 86_400_000
const MONTHS = 36
const PER_MONTH = 30

describeEachDialect('the roll-up rebuild in short transactions', (ctx) => {
  let t: TestApp
  let scope: Scope
  let slug = ''
  let surveyId = ''
  const unitIds = new Map<string, string>()
  let expectedChunks = 0

  /** Every roll-up row of the organisation, numbers as numbers, in a stable order. */
  async function aggregates(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {}
    for (const table of TABLES) {
      const rows = await sql<
        Record<string, unknown>
      >`select * from ${sql.table(table)} where org_id = ${t.orgId}`.execute(ctx.store.db)
      out[table] = rows.rows
        .map((row) =>
          Object.fromEntries(
            Object.entries(row).map(([k, v]) => [
              k,
              typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v,
            ]),
          ),
        )
        .map((row) => JSON.stringify(row, Object.keys(row).sort()))
        .sort()
    }
    return out
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: t.clock.now,
    }
    for (const code of ['A', 'B'])
      unitIds.set(code, (await createUnit(scope, { code, nameZh: code })).id)
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: {
        title: { 'zh-CN': '营业厅满意度' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } },
          { key: 'hall', type: 'csm7', title: { 'zh-CN': '营业厅环境' } },
        ],
        settings: { hiddenFields: ['w', 'v', 'unit'], weightField: 'w' },
      },
    })
    expect(created.statusCode).toBe(201)
    surveyId = created.json().id
    slug = created.json().slug
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: { cookie: t.adminCookie },
      payload: {},
    })
    const survey = await getSurvey(scope, surveyId)
    const timezone = await organisationTimezone(scope)
    // 30 answers a month over the 36 months before now, the last month's ending two days ago.
    const rows = Array.from({ length: MONTHS * PER_MONTH }, (_, i) =>
      buildResponseRow({
        survey,
        orgId: t.orgId,
        timezone,
        answers: { nps: i % 11, hall: -60 + 20 * (i % 7) },
        clientResponseId: `chunk-${i}`,
        locale: 'zh-CN',
        channel: i % 2 === 0 ? 'link' : 'qr',
        segments: { w: String(1 + (i % 3)), v: String(1 + (i % 5)) },
        submittedAt:
          t.clock.now -
          2 * DAY_MS -
          Math.floor(i / PER_MONTH) * 30 * DAY_MS -
          (i % PER_MONTH) * 20 * 3_600_000,
        unitId: unitIds.get(i % 3 === 0 ? 'B' : 'A')!,
      }),
    )
    await insertResponseRows(ctx.store.db, rows)
    // The plan: each local month from the one before the first answer's day to the one after the
    // last's, and the days before and after them.
    const times = rows.map((r) => r.submitted_at)
    const firstMonth = monthOfLocalDay(Math.floor(Math.min(...times) / DAY_MS) - 1)
    const lastMonth = monthOfLocalDay(Math.floor(Math.max(...times) / DAY_MS) + 1)
    expectedChunks = lastMonth - firstMonth + 1 + 2
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('gives back exactly the rows the insert path kept, a survey month per transaction', async () => {
    const kept = await aggregates()
    expect(kept.response_unit_monthly_weights!.length).toBeGreaterThan(MONTHS)
    await sql`update response_unit_monthly_counts set responses = responses + 5 where org_id = ${t.orgId}`.execute(
      ctx.store.db,
    )
    await sql`delete from response_unit_daily_csm where org_id = ${t.orgId} and local_day = (select max(local_day) from response_unit_daily_csm where org_id = ${t.orgId})`.execute(
      ctx.store.db,
    )
    expect(await aggregates()).not.toEqual(kept)
    const progress: Array<[number, number]> = []
    const report = await rebuildAnswerRollups(scope, ({ chunks, of }) => {
      progress.push([chunks, of])
    })
    expect(report.answers).toBe(MONTHS * PER_MONTH)
    expect(await aggregates()).toEqual(kept)
    // One transaction per planned chunk (about 38 here), each heard of after its commit.
    expect(expectedChunks).toBeGreaterThanOrEqual(MONTHS + 2)
    expect(report.chunks).toBe(expectedChunks)
    expect(progress).toEqual(
      Array.from({ length: expectedChunks }, (_, i) => [i + 1, expectedChunks]),
    )
    const total = await sql<{
      n: number | string
    }>`select sum(responses) as n from response_daily_counts where org_id = ${t.orgId}`.execute(
      ctx.store.db,
    )
    expect(Number(total.rows[0]!.n)).toBe(MONTHS * PER_MONTH)
  })

  it('lets the server answer between chunks, and counts answers stored meanwhile once', async () => {
    const survey = await getSurvey(scope, surveyId)
    const timezone = await organisationTimezone(scope)
    const day = new Date(t.clock.now).toISOString().slice(0, 10)
    let current = 0
    let started = false
    const answered: Record<string, { status: number; atChunk: number }> = {}
    let requests: Promise<unknown> = Promise.resolve()
    const report = await rebuildAnswerRollups(scope, async ({ chunks }) => {
      current = chunks
      if (chunks !== 3 || started) return
      started = true
      // A month already rebuilt (the oldest answers' months come first): its insert adds to it.
      await insertResponseRows(ctx.store.db, [
        buildResponseRow({
          survey,
          orgId: t.orgId,
          timezone,
          answers: { nps: 10, hall: 60 },
          clientResponseId: 'chunk-during-old',
          locale: 'zh-CN',
          channel: 'link',
          segments: { w: '2' },
          submittedAt: t.clock.now - 2 * DAY_MS - (MONTHS - 1) * 30 * DAY_MS,
          unitId: unitIds.get('A')!,
        }),
      ])
      // Over HTTP, sent from a timer (as a request arriving from the network would be handled),
      // not awaited here: an answer (today: a month to come) and a unit's roll-up. Each notes the
      // chunk it was answered after. A rebuild that never gave the event loop a turn, or took
      // the connection straight back after each chunk, would answer them only at its end.
      const request = (name: string, options: InjectOptions) =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            void t.app.inject(options).then((res) => {
              answered[name] = { status: res.statusCode, atChunk: current }
              resolve()
            })
          }, 0),
        )
      requests = Promise.all([
        request('submitted', {
          method: 'POST',
          url: `/api/v1/public/surveys/${slug}/responses`,
          payload: {
            answers: { nps: 0, hall: -60 },
            clientResponseId: 'chunk-during-new',
            segments: { unit: 'B', w: '3' },
          },
        }),
        request('rollup', {
          method: 'GET',
          url: `/api/v1/units/${unitIds.get('A')}/rollup?from=${day}&to=${day}`,
          headers: { cookie: t.adminCookie },
        }),
      ])
    })
    await requests
    expect(answered.submitted!.status).toBe(201)
    expect(answered.rollup!.status).toBe(200)
    // Answered while chunks were still to come (38 here): within a few chunks of being sent.
    expect(answered.submitted!.atChunk).toBeLessThan(report.chunks)
    expect(answered.rollup!.atChunk).toBeLessThan(report.chunks)
    expect(report.chunks).toBeGreaterThan(30)
    const during = await aggregates()
    // A quiet rebuild recounts from the stored answers: nothing counted twice, nothing missed.
    await rebuildAnswerRollups(scope)
    expect(await aggregates()).toEqual(during)
    const total = await sql<{
      n: number | string
    }>`select sum(responses) as n from response_unit_monthly_counts where org_id = ${t.orgId}`.execute(
      ctx.store.db,
    )
    expect(Number(total.rows[0]!.n)).toBe(MONTHS * PER_MONTH + 2)
  })

  it('rebuilds a new weight field month by month to the rows of a one-transaction rebuild', async () => {
    const questions = (await getSurvey(scope, surveyId)).questions
    const weights = async () => (await aggregates()).response_unit_monthly_weights
    const job = { orgId: t.orgId, surveyId, questions, weightField: 'v' }
    let calls = 0
    let answered: number[] = []
    const progress: Array<[number, number]> = []
    const byMonth = await rebuildSurveyWeights(
      ctx.store.db,
      // On SQLite, as the sweep runs it: each month read in slices (of 8 answers here).
      { ...job, byMonth: true, ...(ctx.store.features.name === 'sqlite' && { sliceAnswers: 8 }) },
      async (done, total) => {
        progress.push([done, total])
        if (++calls !== 3) return
        const bound = new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('not answered while the rebuild ran')), 20_000).unref(),
        )
        const replies = await Promise.race([
          Promise.all([
            t.app.inject({
              method: 'POST',
              url: `/api/v1/public/surveys/${slug}/responses`,
              payload: {
                answers: { nps: 9, hall: 20 },
                clientResponseId: 'weights-during',
                segments: { unit: 'A', w: '1', v: '4' },
              },
            }),
            t.app.inject({
              method: 'GET',
              url: `/api/v1/units/league?metric=nps&surveyId=${surveyId}`,
              headers: { cookie: t.adminCookie },
            }),
          ]),
          bound,
        ])
        answered = replies.map((r) => r.statusCode)
      },
    )
    expect(answered).toEqual([201, 200])
    // The first call is before any month; one after each of the planned chunks.
    expect(progress).toHaveLength(expectedChunks + 1)
    expect(progress[0]).toEqual([0, MONTHS * PER_MONTH + 2])
    expect(byMonth.answers).toBe(MONTHS * PER_MONTH + 3)
    const chunked = await weights()
    const oneShot = await rebuildSurveyWeights(ctx.store.db, job)
    expect(oneShot).toEqual(byMonth)
    expect(await weights()).toEqual(chunked)
    expect(chunked!.length).toBe(byMonth.rows)
  })

  it('holds the store on SQLite for a slice of a month at most, counting answers stored or deleted meanwhile once', async () => {
    const survey = await getSurvey(scope, surveyId)
    const timezone = await organisationTimezone(scope)
    const SLICE = 8
    let stored: number | null = null
    let deletedIn: number | null = null
    const report = await rebuildAnswerRollups(scope, undefined, {
      answers: SLICE,
      onSlice: async ({ fromDay, toDay, readUpTo }) => {
        if (fromDay === null || toDay === null) return
        if (stored === null) {
          // In the month being read: one answer before the slices read so far, one after.
          stored = fromDay
          await insertResponseRows(
            ctx.store.db,
            [readUpTo - 3_600_000, toDay * DAY_MS - 3 * DAY_MS].map((at, i) =>
              buildResponseRow({
                survey,
                orgId: t.orgId,
                timezone,
                answers: { nps: 7 + i, hall: 40 },
                clientResponseId: `slice-during-${i}`,
                locale: 'zh-CN',
                channel: 'link',
                segments: { w: '2' },
                submittedAt: at,
                unitId: unitIds.get('B')!,
              }),
            ),
          )
        } else if (deletedIn === null && fromDay !== stored) {
          // In a later month: an answer already read goes (around the write path).
          deletedIn = fromDay
          await sql`delete from responses where id = (select id from responses where org_id = ${t.orgId} and survey_id = ${surveyId} and local_day >= ${fromDay} and submitted_at <= ${readUpTo} order by submitted_at limit 1)`.execute(
            ctx.store.db,
          )
        }
      },
    })
    if (ctx.store.features.name === 'sqlite') {
      expect(stored).not.toBeNull()
      expect(deletedIn).not.toBeNull()
      // Every month of about 30 answers was read in 4 slices and written in a transaction of its
      // own; only the month with a deletion was summed again in one transaction (29 answers).
      expect(report.largestHold).toBe(PER_MONTH - 1)
      expect(report.holds).toBeGreaterThanOrEqual(MONTHS * 5)
    } else {
      // PostgreSQL: a month per transaction, by design.
      expect(stored).toBeNull()
      expect(report.largestHold).toBeGreaterThanOrEqual(PER_MONTH)
      expect(report.holds).toBe(report.chunks)
    }
    const during = await aggregates()
    await rebuildAnswerRollups(scope)
    expect(await aggregates()).toEqual(during)
    const counted = await sql<{
      n: number | string
    }>`select sum(responses) as n from response_unit_monthly_counts where org_id = ${t.orgId}`.execute(
      ctx.store.db,
    )
    const rows = await sql<{
      n: number | string
    }>`select count(*) as n from responses where org_id = ${t.orgId}`.execute(ctx.store.db)
    expect(Number(counted.rows[0]!.n)).toBe(Number(rows.rows[0]!.n))
  })

  it('holds the store on SQLite for a slice at most when no answer moves meanwhile', async () => {
    const report = await rebuildAnswerRollups(scope, undefined, { answers: 8 })
    if (ctx.store.features.name === 'sqlite') {
      // A month of 30 (or 32) answers: never read or written in one hold.
      expect(report.largestHold).toBeLessThanOrEqual(8)
      expect(report.holds).toBeGreaterThanOrEqual(MONTHS * 5)
    } else expect(report.holds).toBe(report.chunks)
  })
})
