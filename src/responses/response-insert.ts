import type { Store } from '../db/connect.js'
import type { Db } from '../db/database.js'
import { aggregateDailyCounts, type DailyCountDelta } from './daily-counts.js'
import { deleteResponsesAndCounts, insertResponseBatch } from './response.repository.js'
import type { ResponseRow } from './response.table.js'
import { aggregateUnitRollups, mergeUnitDeltas, type UnitRollupDelta } from './unit-daily-counts.js'
import { prepareSqliteBatchInsert } from './response-sqlite.repository.js'

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

export { insertResponseBatch }

/**
 * What an import written in several transactions has added so far (SQLite,
 * see response-import.ts): the ids it inserted and, per (survey, day,
 * channel), the very aggregates insertResponseBatch added to the daily
 * counts, so a failure can take exactly those back out.
 */
export class InsertedRows {
  readonly ids: string[] = []
  private readonly deltas = new Map<string, DailyCountDelta>()
  private readonly unitDeltas = new Map<string, UnitRollupDelta>()

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
    mergeUnitDeltas(this.unitDeltas, aggregateUnitRollups(added))
  }

  dailyCounts(): DailyCountDelta[] {
    return [...this.deltas.values()]
  }

  unitRollups(): UnitRollupDelta[] {
    return [...this.unitDeltas.values()]
  }
}

export async function removeInsertedRows(db: Db, inserted: InsertedRows): Promise<void> {
  await deleteResponsesAndCounts(db, inserted.ids, inserted.dailyCounts(), inserted.unitRollups())
}
