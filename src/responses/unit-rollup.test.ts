import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { newId } from '../shared/ids.js'
import { localDayOf, startOfLocalDay } from '../shared/timezone.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { closeUnit, createUnit, moveUnit } from '../units/unit.service.js'
import {
  createResponseBatchInsert,
  InsertedRows,
  insertResponseRows,
  removeInsertedRows,
} from './response-insert.js'
import type { Question } from '../surveys/survey.schema.js'
import { itemScoresOf } from './item-scores.js'
import type { ResponseRow } from './response.table.js'
import {
  type FeedbackRow,
  insertFeedbackRows,
  insertFeedbackRowsOncePerResponse,
} from '../feedback/feedback.repository.js'
import {
  groupMonthlyComplaints,
  unitComplaintDays,
} from '../feedback/feedback-unit-rollup.service.js'
import {
  unitDailyCountTotals,
  unitMonthlyScoreSums,
  unitRollupDays,
  unitRollupItemDays,
} from './unit-rollup.service.js'

// The unit roll-ups (answers with NPS, CSAT and CES counts per day and per month, 7-level CSM
// levels and SERVQUAL dimension sums per day; feedback records and complaints per day and month)
// against a recount from the raw answers and records, on both stores: answers written
// through both insert paths (the SQLite fast path and the portable one) to random units, some
// without a unit, some pilot answers, some taken out again (an import's rollback), while units
// move and close; feedback records to random units at any hour of the local day, some through the
// once-per-response path with repeats, some in a transaction that fails. For every unit, each day's sum over its subtree as the tree stood at the end
// of that day — and, re-cut, as it stands now — must equal the recount. The tree's history is
// kept here independently of the units domain, from the moves the test makes.

const TZ = 'Asia/Shanghai'
const DAY_MS = 86_400_000
const START = Date.UTC(2026, 2, 1, 1, 0) // 2026-03-01 09:00 in Shanghai
const DAYS = 14
const DAY_SPAN_MONTHS = { fromMonth: (2026 - 1970) * 12 + 2, toMonth: (2026 - 1970) * 12 + 3 }

/** Two CSM questions and five SERVQUAL items over three dimensions, one negatively worded. */
const ITEM_QUESTIONS = [
  { key: 'csm_hall', type: 'csm7', title: { 'zh-CN': '营业厅环境' } },
  { key: 'csm_staff', type: 'csm7', title: { 'zh-CN': '工作人员' } },
  ...(
    [
      ['sq1', 'tangibles', false],
      ['sq2', 'tangibles', true],
      ['sq3', 'reliability', false],
      ['sq4', 'empathy', false],
      ['sq5', 'empathy', false],
    ] as const
  ).map(([key, dimension, reversed]) => ({
    key,
    type: 'servqual' as const,
    title: { 'zh-CN': key },
    servqual: { dimension, reversed },
  })),
] as const

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

describeEachDialect('unit roll-ups', (ctx) => {
  let orgId: string
  let surveyId: string
  let questions: Question[]
  const unitIds = new Map<string, string>()
  /** The tree's history as this test made it: per unit, (from, parent) in time order. */
  const parents = new Map<string, Array<{ at: number; parentId: string | null }>>()
  const scopeAt = (now: number): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: 'u-admin', role: 'admin' },
    now,
  })

  function parentAt(unitId: string, at: number): string | null | undefined {
    let parent: string | null | undefined
    for (const step of parents.get(unitId) ?? []) if (step.at <= at) parent = step.parentId
    return parent
  }
  function inSubtree(unitId: string, rootId: string, at: number): boolean {
    let current: string | null | undefined = unitId
    for (let depth = 0; current && depth < 20; depth++) {
      if (current === rootId) return true
      current = parentAt(current, at)
    }
    return false
  }

  beforeAll(async () => {
    orgId = (await createOrganisation(ctx.store.db, 'Roll-ups', START, TZ)).id
    const admin = scopeAt(START - DAY_MS)
    const draft = await createSurvey(admin, {
      title: { 'zh-CN': '营业厅满意度' },
      questions: [
        { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' } },
        { key: 'csat', type: 'csat', title: { 'zh-CN': '满意' } },
        { key: 'ces', type: 'ces', title: { 'zh-CN': '省力' } },
        ...ITEM_QUESTIONS,
      ],
    })
    const published = await publishSurvey(admin, draft.id)
    surveyId = published.id
    questions = published.questions
    const tree: Array<[string, string | null]> = [
      ['P', null],
      ['C1', 'P'],
      ['C2', 'P'],
      ['C3', 'P'],
      ['K11', 'C1'],
      ['K12', 'C1'],
      ['K21', 'C2'],
      ['K22', 'C2'],
      ['K31', 'C3'],
      ['K32', 'C3'],
    ]
    for (const [code, parent] of tree) {
      const parentId = parent ? unitIds.get(parent)! : null
      const unit = await createUnit(admin, { code, nameZh: code, parentId })
      unitIds.set(code, unit.id)
      parents.set(unit.id, [{ at: admin.now, parentId }])
    }
  })

  it('equal a recount from the raw answers and feedback records after random inserts, moves, closures and rollbacks', async () => {
    const next = random(20260301)
    // The CSM and SERVQUAL answers from a stream of their own (the rest replays as before).
    const nextItem = random(16)
    // And the feedback records from a third stream.
    const nextFeedback = random(36)
    const feedbackRow = (at: number, i: number, responseId: string | null = null): FeedbackRow => {
      const code = nextFeedback() < 0.15 ? null : codes[Math.floor(nextFeedback() * codes.length)]!
      return {
        id: newId(at),
        org_id: orgId,
        channel: 'hotline',
        kind: ['complaint', 'complaint', 'praise', 'suggestion', 'inquiry'][
          Math.floor(nextFeedback() * 5)
        ]!,
        customer_ref: null,
        customer_name: null,
        customer_email: null,
        customer_phone: null,
        text: `来电 ${i}`,
        rating: null,
        nps: null,
        csat: null,
        store: null,
        unit_id: code ? unitIds.get(code)! : null,
        department: null,
        survey_id: null,
        response_id: responseId,
        external_id: null,
        created_by: 'u-admin',
        received_at: at,
        created_at: at,
        language: null,
        sentiment: null,
        sentiment_score: null,
        topics: null,
        aspects: null,
        analysed_at: null,
      }
    }
    let feedbackRolledBack = 0
    let feedbackRepeated = 0
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
    const fastInsert = createResponseBatchInsert(ctx.store)
    const codes = [...unitIds.keys()]
    const cities = ['C1', 'C2', 'C3']
    const counties = ['K11', 'K12', 'K21', 'K22', 'K31', 'K32']
    const closed = new Set<string>()
    let rolledBack = 0
    for (let day = 0; day < DAYS; day++) {
      const dayStart = START + day * DAY_MS
      const rows: ResponseRow[] = Array.from({ length: 5 + Math.floor(next() * 20) }, (_, i) => {
        const at = dayStart + i * 60_000 + Math.floor(next() * 30_000)
        const code = next() < 0.1 ? null : pick(codes)
        const id = newId(at)
        // Some CSM answers; SERVQUAL complete, partly answered (not counted) or not at all.
        const answers: Record<string, unknown> = {}
        for (const key of ['csm_hall', 'csm_staff'])
          if (nextItem() < 0.7) answers[key] = -60 + 20 * Math.floor(nextItem() * 7)
        const servqual = nextItem()
        for (const q of ITEM_QUESTIONS.filter((q) => q.type === 'servqual'))
          if (servqual < 0.5 || (servqual < 0.7 && nextItem() < 0.5))
            answers[q.key] = {
              expectation: 1 + Math.floor(nextItem() * 7),
              perception: 1 + Math.floor(nextItem() * 7),
            }
        return {
          id,
          org_id: orgId,
          survey_id: surveyId,
          survey_version: 1,
          client_response_id: id,
          answers: JSON.stringify(answers),
          item_scores: itemScoresOf(questions, answers),
          nps: next() < 0.9 ? Math.floor(next() * 11) : null,
          csat: next() < 0.8 ? 1 + Math.floor(next() * 5) : null,
          ces: next() < 0.7 ? 1 + Math.floor(next() * 7) : null,
          comment: null,
          locale: 'zh-CN',
          channel: pick(['link', 'qr', 'email']),
          segments: '{}',
          submitted_at: at,
          local_day: localDayOf(at, TZ),
          duration_ms: null,
          quality_flags: next() < 0.05 ? 'pilot' : '',
          invitation_id: null,
          unit_id: code ? unitIds.get(code)! : null,
        }
      })
      const half = Math.floor(rows.length / 2)
      await fastInsert(rows.slice(0, half))
      await insertResponseRows(ctx.store.db, rows.slice(half))
      // An import that fails takes exactly its rows back out (response-import.ts).
      if (day % 5 === 2) {
        const undone = rows
          .slice(0, 3)
          .map((r) => ({ ...r, id: newId(r.submitted_at), client_response_id: `undo-${r.id}` }))
        expect(undone.some((r) => r.item_scores)).toBe(true)
        const inserted = new InsertedRows()
        inserted.add(undone, await insertResponseRows(ctx.store.db, undone))
        await removeInsertedRows(ctx.store.db, inserted)
        rolledBack += inserted.ids.length
      }
      // Feedback at any hour of the local day (09:00 one day to 09:00 the next, in Shanghai).
      await insertFeedbackRows(
        ctx.store.db,
        Array.from({ length: 2 + Math.floor(nextFeedback() * 8) }, (_, i) =>
          feedbackRow(dayStart + Math.floor(nextFeedback() * DAY_MS), i),
        ),
      )
      // Records of survey answers, once per answer: the repeats are neither stored nor counted.
      const fromAnswers = rows
        .slice(0, 2)
        .map((r, i) => feedbackRow(r.submitted_at + 1_000, i, `fb-${r.id}`))
      await insertFeedbackRowsOncePerResponse(ctx.store.db, fromAnswers)
      await insertFeedbackRowsOncePerResponse(
        ctx.store.db,
        fromAnswers.map((r) => ({ ...r, id: newId(r.received_at) })),
      )
      feedbackRepeated += fromAnswers.length
      // A batch whose transaction fails leaves neither records nor counts.
      if (day % 4 === 1) {
        const failing = Array.from({ length: 4 }, (_, i) =>
          feedbackRow(dayStart + Math.floor(nextFeedback() * DAY_MS), i),
        )
        expect(failing.some((r) => r.unit_id)).toBe(true)
        await expect(
          ctx.store.db.transaction().execute(async (trx) => {
            await insertFeedbackRows(trx, failing)
            throw new Error('the batch fails')
          }),
        ).rejects.toThrow('the batch fails')
        feedbackRolledBack += failing.length
      }
      // Later that day the tree changes: a county moves to another city, or one closes.
      const changeAt = dayStart + 6 * 3_600_000
      const open = counties.filter((c) => !closed.has(c))
      if (day % 3 === 1 && open.length > 0) {
        const county = pick(open)
        const id = unitIds.get(county)!
        const to = unitIds.get(
          pick(cities.filter((c) => unitIds.get(c) !== parentAt(id, changeAt))),
        )!
        await moveUnit(scopeAt(changeAt), id, { parentId: to })
        parents.get(id)!.push({ at: changeAt, parentId: to })
      } else if (day % 5 === 4 && open.length > 2) {
        const county = pick(open)
        await closeUnit(scopeAt(changeAt), unitIds.get(county)!)
        closed.add(county)
      }
    }
    expect(rolledBack).toBeGreaterThan(0)
    expect(closed.size).toBeGreaterThan(0)
    expect(feedbackRolledBack).toBeGreaterThan(0)
    expect(feedbackRepeated).toBeGreaterThan(0)

    const raw = await ctx.store.db
      .selectFrom('responses')
      .select(['unit_id', 'local_day', 'nps', 'csat', 'ces', 'quality_flags', 'answers'])
      .where('org_id', '=', orgId)
      .execute()
    const firstDay = localDayOf(START, TZ)
    const window = { fromDay: firstDay, toDay: firstDay + DAYS, surveyId }
    const now = START + (DAYS + 1) * DAY_MS
    let compared = 0
    for (const recut of [false, true]) {
      for (const code of codes) {
        const rootId = unitIds.get(code)!
        const expected = new Map<
          number,
          { n: number; nps: number[]; csat: number[]; ces: number[] }
        >()
        for (const r of raw) {
          if (!r.unit_id || r.quality_flags.includes('pilot')) continue
          const day = Number(r.local_day)
          const at = recut ? now : startOfLocalDay(day + 1, TZ) - 1
          if (!inSubtree(r.unit_id, rootId, at)) continue
          const e = expected.get(day) ?? {
            n: 0,
            nps: new Array<number>(11).fill(0),
            csat: new Array<number>(5).fill(0),
            ces: new Array<number>(7).fill(0),
          }
          e.n++
          if (r.nps !== null) e.nps[Number(r.nps)]!++
          if (r.csat !== null) e.csat[Number(r.csat) - 1]!++
          if (r.ces !== null) e.ces[Number(r.ces) - 1]!++
          expected.set(day, e)
        }
        const days = await unitRollupDays(scopeAt(now), rootId, { ...window, recut })
        const got = new Map(
          days.map((d) => [
            d.day,
            { n: d.responses, nps: d.nps.counts, csat: d.csat.counts, ces: d.ces.counts },
          ]),
        )
        expect(got, `${code}${recut ? ' re-cut' : ''}`).toEqual(expected)
        compared += expected.size

        // CSM levels and SERVQUAL sums, recounted from the answers' JSON.
        const expectedItems = new Map<
          number,
          { csm: Record<string, number[]>; servqual: Record<string, number[]> }
        >()
        for (const r of raw) {
          if (!r.unit_id || r.quality_flags.includes('pilot')) continue
          const day = Number(r.local_day)
          const at = recut ? now : startOfLocalDay(day + 1, TZ) - 1
          if (!inSubtree(r.unit_id, rootId, at)) continue
          const answers = JSON.parse(r.answers) as Record<string, unknown>
          const e = expectedItems.get(day) ?? { csm: {}, servqual: {} }
          for (const key of ['csm_hall', 'csm_staff']) {
            const score = answers[key]
            if (typeof score !== 'number') continue
            e.csm[key] ??= [0, 0, 0, 0, 0, 0, 0]
            const levels = e.csm[key]!
            levels[(score + 60) / 20]!++
          }
          const items = ITEM_QUESTIONS.filter((q) => q.type === 'servqual')
          if (items.every((q) => answers[q.key] !== undefined)) {
            for (const dimension of ['tangibles', 'reliability', 'empathy']) {
              let k = 0
              let exp = 0
              let per = 0
              for (const q of items.filter((q) => q.servqual.dimension === dimension)) {
                const pair = answers[q.key] as { expectation: number; perception: number }
                const score = (x: number) => (q.servqual.reversed ? 8 - x : x)
                k++
                exp += score(pair.expectation)
                per += score(pair.perception)
              }
              e.servqual[dimension] ??= [0, 0, 0, 0, 0]
              const sums = e.servqual[dimension]!
              sums[0]!++
              sums[1]! += k
              sums[2]! += exp
              sums[3]! += per
              sums[4]! += (per - exp) ** 2
            }
          }
          if (Object.keys(e.csm).length + Object.keys(e.servqual).length > 0)
            expectedItems.set(day, e)
        }
        const itemDays = await unitRollupItemDays(scopeAt(now), rootId, { ...window, recut })
        const gotItems = new Map(
          itemDays.map((d) => [
            d.day,
            {
              csm: d.csm,
              servqual: Object.fromEntries(
                Object.entries(d.servqual).map(([dimension, s]) => [
                  dimension,
                  [s.respondents, s.itemAnswers, s.expectationSum, s.perceptionSum, s.gapSquares],
                ]),
              ),
            },
          ]),
        )
        expect(gotItems, `${code} items${recut ? ' re-cut' : ''}`).toEqual(expectedItems)
        compared += expectedItems.size
      }
    }
    expect(compared).toBeGreaterThan(DAYS * 8)

    // Feedback records and complaints, recounted from the stored records on the local calendar.
    const records = await ctx.store.db
      .selectFrom('feedback')
      .select(['unit_id', 'kind', 'received_at'])
      .where('org_id', '=', orgId)
      .execute()
    const storedRecords = records.length
    const feedbackWindow = { fromDay: firstDay, toDay: firstDay + DAYS + 2 }
    let comparedComplaints = 0
    for (const recut of [false, true]) {
      for (const code of codes) {
        const rootId = unitIds.get(code)!
        const expected = new Map<number, { day: number; feedback: number; complaints: number }>()
        for (const r of records) {
          if (!r.unit_id) continue
          const day = localDayOf(Number(r.received_at), TZ)
          const at = recut ? now : startOfLocalDay(day + 1, TZ) - 1
          if (!inSubtree(r.unit_id, rootId, at)) continue
          const e = expected.get(day) ?? { day, feedback: 0, complaints: 0 }
          e.feedback++
          if (r.kind === 'complaint') e.complaints++
          expected.set(day, e)
        }
        const got = await unitComplaintDays(scopeAt(now), rootId, { ...feedbackWindow, recut })
        expect(got, `${code} complaints${recut ? ' re-cut' : ''}`).toEqual(
          [...expected.values()].sort((a, b) => a.day - b.day),
        )
        comparedComplaints += expected.size
      }
    }
    expect(comparedComplaints).toBeGreaterThan(DAYS * 8)
    // Per unit and month as stored: all in March 2026 but the records after local midnight of
    // the last day, in March too (START + 14 days is 15 March).
    const monthlyComplaints = await groupMonthlyComplaints(scopeAt(now), {
      ...DAY_SPAN_MONTHS,
      members: [...unitIds.values()].map((id) => [id, id] as const),
    })
    for (const [code, id] of unitIds) {
      const own = records.filter((r) => r.unit_id === id)
      const row = monthlyComplaints.find((m) => m.groupId === id)
      expect(
        { feedback: row?.feedback ?? 0, complaints: row?.complaints ?? 0 },
        `${code} month`,
      ).toEqual({
        feedback: own.length,
        complaints: own.filter((r) => r.kind === 'complaint').length,
      })
    }
    expect(storedRecords).toBeGreaterThan(DAYS * 4)
    // The top unit holds every attributed answer, whatever moved below it.
    const top = await unitRollupDays(scopeAt(now), unitIds.get('P')!, window)
    const attributed = raw.filter((r) => r.unit_id && !r.quality_flags.includes('pilot')).length
    expect(top.reduce((n, d) => n + d.responses, 0)).toBe(attributed)
    // The rows as stored, per unit and day (for callers that roll up themselves), hold the same.
    const stored = await unitDailyCountTotals(scopeAt(now), {
      unitIds: [...unitIds.values()],
      ...window,
    })
    expect(stored.reduce((n, r) => n + r.counts[0]!, 0)).toBe(attributed)
    const k11 = raw.filter(
      (r) => r.unit_id === unitIds.get('K11') && !r.quality_flags.includes('pilot') && r.nps === 10,
    ).length
    const k11Stored = stored.filter((r) => r.unitId === unitIds.get('K11'))
    expect(k11Stored.reduce((n, r) => n + r.counts[11]!, 0)).toBe(k11)
    // The monthly roll-up holds each unit's answers of the month (all in March 2026): n, Σx, Σx²
    // of the NPS score (+100 / 0 / −100) summed in SQL.
    const nps = Array.from({ length: 11 }, (_, s) => ({
      column: `nps_${s}`,
      score: s >= 9 ? 100 : s >= 7 ? 0 : -100,
    }))
    const monthly = await unitMonthlyScoreSums(scopeAt(now), { ...DAY_SPAN_MONTHS, scores: nps })
    for (const [code, id] of unitIds) {
      const own = raw.filter(
        (r) => r.unit_id === id && !r.quality_flags.includes('pilot') && r.nps !== null,
      )
      const scores = own.map((r): number =>
        Number(r.nps) >= 9 ? 100 : Number(r.nps) >= 7 ? 0 : -100,
      )
      const row = monthly.find((m) => m.unitId === id)
      expect(
        row
          ? { n: row.n, sum: row.sum, sumSquares: row.sumSquares }
          : { n: 0, sum: 0, sumSquares: 0 },
        code,
      ).toEqual({
        n: scores.length,
        sum: scores.reduce((a, b) => a + b, 0),
        sumSquares: scores.reduce((a, b) => a + b * b, 0),
      })
      if (row) expect(row.month).toBe(DAY_SPAN_MONTHS.fromMonth)
    }
  })

  it('sums only the units a limited reader may see, and does not find a unit outside them', async () => {
    const now = START + (DAYS + 1) * DAY_MS
    const firstDay = localDayOf(START, TZ)
    const window = { fromDay: firstDay, toDay: firstDay + DAYS, surveyId, recut: true }
    const c1 = unitIds.get('C1')!
    const full = await unitRollupDays(scopeAt(now), c1, window)
    const limited: Scope = { ...scopeAt(now), units: [c1] }
    const own = await unitRollupDays(limited, c1, window)
    const ownTotal = own.reduce((n, d) => n + d.responses, 0)
    const unitOnly = await ctx.store.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('unit_id', '=', c1)
      .where('quality_flags', 'not like', '%pilot%')
      .executeTakeFirstOrThrow()
    expect(ownTotal).toBe(Number(unitOnly.n))
    expect(full.reduce((n, d) => n + d.responses, 0)).toBeGreaterThan(ownTotal)
    await expect(unitRollupDays(limited, unitIds.get('C2')!, window)).rejects.toMatchObject({
      code: 'UNIT_NOT_FOUND',
    })
  })
})
