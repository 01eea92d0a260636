import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { Question } from '../surveys/survey.schema.js'
import {
  aggregateDailyCounts,
  type DailyCountDelta,
  dailyCountUpsertQuery,
} from './daily-counts.js'
import { itemScoresOf } from './item-scores.js'
import { respondentWeight, storedSegments } from './respondent-weight.js'
import { parseStoredAnswers } from './response.repository.js'
import type { ResponseRow } from './response.table.js'
import {
  aggregateUnitRollups,
  mergeUnitDeltas,
  type UnitRollupDelta,
  unitRollupUpsertQueries,
} from './unit-daily-counts.js'

/**
 * Rebuilds an organisation's answer aggregates — response_daily_counts and the five unit roll-ups
 * (unit-daily-counts.ts) — from its stored answers, in one transaction: the rows are deleted, the
 * answers read survey by survey in time order a page at a time and summed by the very functions
 * every insert uses (aggregateDailyCounts, aggregateUnitRollups), then written back. For answers loaded around the
 * write path (a bulk load, a repair after a restore); readers in other transactions see the old
 * figures until the commit.
 */

/** Answers per page read: a page's rows and their parsed answers stay small in memory. */
const PAGE = 20_000

export interface RollupRebuild {
  /** Answers read (pilot answers included; they are read but not counted). */
  answers: number
  /** Rows written: response_daily_counts, then the unit roll-ups. */
  dailyRows: number
  unitRows: number
}

type StoredRow = Pick<
  ResponseRow,
  | 'org_id'
  | 'survey_id'
  | 'channel'
  | 'local_day'
  | 'nps'
  | 'csat'
  | 'ces'
  | 'quality_flags'
  | 'unit_id'
  | 'item_scores'
  | 'weight'
>

/**
 * `questions`: per survey of the organisation (every one: answers are read survey by survey), its
 * questions, from which each answer's 7-level CSM and SERVQUAL scores are worked out again
 * (itemScoresOf, as when it was stored); answers of surveys without such questions are not parsed.
 */
export async function rebuildAnswerAggregates(
  db: Db,
  orgId: string,
  questions: ReadonlyMap<string, readonly Question[]>,
  weightFields: ReadonlyMap<string, string> = new Map(),
): Promise<RollupRebuild> {
  const withItems = new Set(
    [...questions]
      .filter(([, qs]) => qs.some((q) => q.type === 'csm7' || q.type === 'servqual'))
      .map(([id]) => id),
  )
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('response_daily_counts').where('org_id', '=', orgId).execute()
    for (const table of [
      'response_unit_daily_counts',
      'response_unit_monthly_counts',
      'response_unit_daily_csm',
      'response_unit_daily_servqual',
      'response_unit_monthly_weights',
    ] as const)
      await trx.deleteFrom(table).where('org_id', '=', orgId).execute()

    const daily = new Map<string, DailyCountDelta>()
    const units = new Map<string, UnitRollupDelta>()
    let answers = 0
    for (const surveyId of questions.keys())
      for (let after = { at: Number.MIN_SAFE_INTEGER, id: '' }; ; ) {
        // Keyset pages on the (survey_id, submitted_at) index: a page costs its own rows however
        // many came before (an org_id filter ordered by id sorted all the org's answers per page).
        const page = await trx
          .selectFrom('responses')
          .select([
            'id',
            'org_id',
            'survey_id',
            'channel',
            'submitted_at',
            'local_day',
            'nps',
            'csat',
            'ces',
            'quality_flags',
            'unit_id',
            'answers',
            'segments',
          ])
          .where('org_id', '=', orgId)
          .where('survey_id', '=', surveyId)
          .where('submitted_at', '>=', after.at)
          .where(sql<boolean>`(submitted_at, id) > (${after.at}, ${after.id})`)
          .orderBy('submitted_at')
          .orderBy('id')
          .limit(PAGE)
          .execute()
        if (page.length === 0) break
        const last = page.at(-1)!
        after = { at: Number(last.submitted_at), id: last.id }
        answers += page.length
        const rows: StoredRow[] = page.map((row) => ({
          org_id: row.org_id,
          survey_id: row.survey_id,
          channel: row.channel,
          local_day: Number(row.local_day),
          nps: row.nps,
          csat: row.csat,
          ces: row.ces,
          quality_flags: row.quality_flags,
          unit_id: row.unit_id,
          item_scores: withItems.has(row.survey_id)
            ? itemScoresOf(questions.get(row.survey_id)!, parseStoredAnswers(row.answers))
            : undefined,
          ...(weightFields.has(row.survey_id) && {
            weight: respondentWeight(
              weightFields.get(row.survey_id),
              storedSegments(row.segments),
              parseStoredAnswers(row.answers),
            ),
          }),
        }))
        for (const delta of aggregateDailyCounts(rows as ResponseRow[])) {
          const key = `${delta.surveyId}|${delta.localDay}|${delta.channel}`
          const known = daily.get(key)
          if (!known) daily.set(key, delta)
          else delta.counts.forEach((n, i) => (known.counts[i]! += n))
        }
        mergeUnitDeltas(units, aggregateUnitRollups(rows))
      }
    for (const delta of daily.values()) await dailyCountUpsertQuery(delta).execute(trx)
    for (const query of unitRollupUpsertQueries([...units.values()])) await query.execute(trx)
    return { answers, dailyRows: daily.size, unitRows: units.size }
  })
}

/** What rebuildSurveyWeights reports after each page: answers read so far, of all the survey's. */
export type RebuildProgress = (done: number, total: number) => Promise<void> | void

/**
 * Rebuilds ONE survey's weighted unit roll-up (response_unit_monthly_weights) from its stored
 * answers with `weightField` (null: the survey is no longer weighted, its rows just go), in one
 * transaction: after a change of the weight field only this table of this survey is wrong — the
 * counts and item roll-ups do not depend on weights — so nothing else is rewritten. Answers are
 * summed by aggregateUnitRollups, the insert path's own function (its weighted deltas only), so
 * the result equals what inserting every answer with the new field would have kept. Answers
 * submitted meanwhile wait for the transaction on SQLite (one writer). On PostgreSQL the
 * transaction is REPEATABLE READ: it reads one snapshot, so an answer committed after it is not
 * read, and that answer's own insert adds it to the rewritten rows (waiting on the rows this
 * transaction deleted); an answer that touches a row this transaction then writes makes it fail
 * with a serialization failure (SQLSTATE 40001) rather than count the answer twice — the caller
 * runs it again. Stops, rolling back, when `signal` aborts between pages.
 */
export async function rebuildSurveyWeights(
  db: Db,
  job: {
    orgId: string
    surveyId: string
    questions: readonly Question[]
    weightField: string | null
  },
  onProgress: RebuildProgress = () => {},
  signal?: AbortSignal,
): Promise<{ answers: number; rows: number }> {
  const hasItems = job.questions.some((q) => q.type === 'csm7' || q.type === 'servqual')
  // SQLite's driver begins every transaction alike (its single writer needs no level).
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await trx
        .deleteFrom('response_unit_monthly_weights')
        .where('org_id', '=', job.orgId)
        .where('survey_id', '=', job.surveyId)
        .execute()
      if (job.weightField === null) return { answers: 0, rows: 0 }
      const counted = await trx
        .selectFrom('responses')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('org_id', '=', job.orgId)
        .where('survey_id', '=', job.surveyId)
        .executeTakeFirst()
      const total = Number(counted?.n ?? 0)
      const sums = new Map<string, UnitRollupDelta>()
      let answers = 0
      await onProgress(0, total)
      for (let after = { at: Number.MIN_SAFE_INTEGER, id: '' }; ; ) {
        signal?.throwIfAborted()
        const page = await trx
          .selectFrom('responses')
          .select([
            'id',
            'org_id',
            'survey_id',
            'submitted_at',
            'local_day',
            'nps',
            'csat',
            'ces',
            'quality_flags',
            'unit_id',
            'answers',
            'segments',
          ])
          .where('org_id', '=', job.orgId)
          .where('survey_id', '=', job.surveyId)
          .where('submitted_at', '>=', after.at)
          .where(sql<boolean>`(submitted_at, id) > (${after.at}, ${after.id})`)
          .orderBy('submitted_at')
          .orderBy('id')
          .limit(PAGE)
          .execute()
        if (page.length === 0) break
        const last = page.at(-1)!
        after = { at: Number(last.submitted_at), id: last.id }
        answers += page.length
        const rows = page.map((row) => ({
          org_id: row.org_id,
          survey_id: row.survey_id,
          local_day: Number(row.local_day),
          nps: row.nps,
          csat: row.csat,
          ces: row.ces,
          quality_flags: row.quality_flags,
          unit_id: row.unit_id,
          item_scores: hasItems
            ? itemScoresOf(job.questions, parseStoredAnswers(row.answers))
            : undefined,
          weight: respondentWeight(
            job.weightField!,
            storedSegments(row.segments),
            parseStoredAnswers(row.answers),
          ),
        }))
        mergeUnitDeltas(
          sums,
          aggregateUnitRollups(rows).filter((delta) => delta.table === 'weights'),
        )
        await onProgress(answers, total)
      }
      for (const query of unitRollupUpsertQueries([...sums.values()])) await query.execute(trx)
      return { answers, rows: sums.size }
    })
}
