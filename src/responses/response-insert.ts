import { sql } from 'kysely'
import type { Store } from '../db/connect.js'
import type { Db } from '../db/database.js'
import { DAILY_COUNT_COLUMNS } from './daily-count-columns.js'
import {
  aggregateDailyCounts,
  dailyCountUpsertQuery,
  type DailyCountDelta,
} from './daily-counts.js'
import type { ResponseRow } from './response.table.js'
import { prepareSqliteBatchInsert } from './sqlite-batch-writer.js'

/**
 * Inserts a batch of response rows and adds them to the daily counts, in one
 * transaction; rows whose (survey, client response id) exists already are
 * skipped. Resolves, after the commit, to the ids actually inserted.
 */
export type ResponseBatchInsert = (rows: ResponseRow[]) => Promise<Set<string>>

/**
 * The fastest correct path per store. SQLite: cached prepared statements in
 * one synchronous transaction, run while holding Kysely's only connection so
 * no Kysely transaction is open around them (several times faster than
 * compiling a multi-row insert per batch; a writer thread with its own
 * connection measured no faster on 2 cores). PostgreSQL: the portable path.
 */
export function createResponseBatchInsert(store: Store): ResponseBatchInsert {
  const handle = store.sqliteHandle
  if (!handle) return (rows) => insertResponseRows(store.db, rows)
  const insertBatch = prepareSqliteBatchInsert(handle)
  return (rows) => store.db.connection().execute(async () => new Set(insertBatch(rows)))
}

/** The portable path, on either dialect, in a transaction of its own. */
export async function insertResponseRows(db: Db, rows: ResponseRow[]): Promise<Set<string>> {
  return db.transaction().execute((trx) => insertResponseBatch(trx, rows))
}

/**
 * One multi-row insert and one upsert per (survey, day, channel), inside the
 * caller's transaction. At most 1,000 rows per call (15 parameters a row stays
 * under both stores' parameter limits).
 */
export async function insertResponseBatch(trx: Db, rows: ResponseRow[]): Promise<Set<string>> {
  const returned = await trx
    .insertInto('responses')
    .values(rows)
    .onConflict((oc) => oc.columns(['survey_id', 'client_response_id']).doNothing())
    .returning(['id'])
    .execute()
  const ids = new Set(returned.map((r) => r.id))
  for (const delta of aggregateDailyCounts(rows.filter((row) => ids.has(row.id))))
    await dailyCountUpsertQuery(delta).execute(trx)
  return ids
}

/**
 * What an import written in several transactions has added so far (SQLite,
 * see response-import.ts): the ids it inserted and, per (survey, day,
 * channel), the very aggregates insertResponseBatch added to the daily
 * counts, so a failure can take exactly those back out.
 */
export class InsertedRows {
  readonly ids: string[] = []
  private readonly deltas = new Map<string, DailyCountDelta>()

  /** Records one committed batch: the rows offered and the ids the insert returned. */
  add(rows: readonly ResponseRow[], inserted: ReadonlySet<string>): void {
    if (inserted.size === 0) return
    const added = rows.filter((row) => inserted.has(row.id))
    for (const row of added) this.ids.push(row.id)
    for (const delta of aggregateDailyCounts(added)) {
      const key = `${delta.surveyId}|${delta.localDay}|${delta.channel}`
      const known = this.deltas.get(key)
      if (!known) this.deltas.set(key, { ...delta, counts: [...delta.counts] })
      else delta.counts.forEach((n, i) => (known.counts[i]! += n))
    }
  }

  dailyCounts(): DailyCountDelta[] {
    return [...this.deltas.values()]
  }
}

/** Ids per delete: well under either store's parameter limit. */
const DELETE_IDS = 500

/**
 * Undoes InsertedRows in one transaction: deletes those responses and
 * subtracts their aggregates from the daily counts (the reverse of the
 * upsert's `c = c + excluded.c`). Subtracting, not restoring a snapshot, keeps
 * answers that others submitted between the import's batches. A daily-count
 * row left at zero answers was created by the import (the upsert only ever
 * adds rows with at least one answer) and is removed, so the table is as it
 * was.
 */
export async function removeInsertedRows(db: Db, inserted: InsertedRows): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < inserted.ids.length; i += DELETE_IDS) {
      await trx
        .deleteFrom('responses')
        .where('id', 'in', inserted.ids.slice(i, i + DELETE_IDS))
        .execute()
    }
    for (const delta of inserted.dailyCounts()) {
      const subtract = DAILY_COUNT_COLUMNS.map(
        (column, i) => sql`${sql.ref(column)} = ${sql.ref(column)} - ${delta.counts[i]!}`,
      )
      await sql`update response_daily_counts set ${sql.join(subtract)} where survey_id = ${delta.surveyId} and local_day = ${delta.localDay} and channel = ${delta.channel}`.execute(
        trx,
      )
      await trx
        .deleteFrom('response_daily_counts')
        .where('survey_id', '=', delta.surveyId)
        .where('local_day', '=', delta.localDay)
        .where('channel', '=', delta.channel)
        .where('responses', '<=', 0)
        .execute()
    }
  })
}
