import type { Store } from '../db/connect.js'
import { createResponseBatchInsert, type ResponseBatchInsert } from './response-insert.js'
import { findByClientIds } from './response.repository.js'
import type { ResponseRow } from './response.table.js'

export type { ResponseRow }

export interface StoredResponse {
  id: string
  submittedAt: number
  /** False when the idempotency key had been seen: the earlier response is returned. */
  created: boolean
}

interface Pending {
  row: ResponseRow
  resolve(stored: StoredResponse): void
  reject(error: unknown): void
}

const MAX_BATCH = 200
const MAX_IN_FLIGHT = 2

/**
 * Group commit for public submissions. Requests that arrive while a commit is
 * running wait and are written together in the next transaction; each caller
 * is answered only after the transaction holding its row has committed, so a
 * 2xx always means "on disk" while the fsync cost is shared. A repeated
 * (survey, client response id) pair inserts nothing and resolves to the row
 * stored first.
 */
export class ResponseWriter {
  private queue: Pending[] = []
  private scheduled = false
  private inFlight = 0
  private readonly insertBatch: ResponseBatchInsert

  constructor(private readonly store: Store) {
    this.insertBatch = createResponseBatchInsert(store)
  }

  write(row: ResponseRow): Promise<StoredResponse> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject })
      this.schedule()
    })
  }

  /**
   * Flush on the next turn of the event loop, after the pending I/O callbacks,
   * so every request that arrived in this turn joins the same transaction.
   */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT) return
    this.scheduled = true
    setImmediate(() => this.flush())
  }

  /**
   * Start commits for what is queued, up to MAX_IN_FLIGHT at once (on
   * PostgreSQL a second batch fills while the first travels to the server).
   */
  private flush(): void {
    this.scheduled = false
    while (this.queue.length > 0 && this.inFlight < MAX_IN_FLIGHT) {
      const batch = this.queue.splice(0, MAX_BATCH)
      this.inFlight++
      void this.commitIsolating(batch).finally(() => {
        this.inFlight--
        if (this.queue.length > 0) this.schedule()
      })
    }
  }

  /**
   * Commit a batch; when the store refuses it because of a row's data (a
   * constraint, a value it cannot hold), commit each half again, down to the
   * single row, so only the request that brought the bad row gets the error
   * and its neighbours are stored and answered. A refused row costs about
   * 2·log2(batch) extra commits. Errors that are not about a row (the database
   * is unreachable, the disk is full) fail the whole batch at once: retrying
   * halves would only multiply the load on a failing store.
   */
  private async commitIsolating(batch: Pending[]): Promise<void> {
    let stored: StoredResponse[]
    try {
      stored = await this.commit(batch.map((p) => p.row))
    } catch (error) {
      if (batch.length === 1 || !isRowDataError(error)) {
        batch.forEach((p) => p.reject(error))
        return
      }
      const half = Math.ceil(batch.length / 2)
      await this.commitIsolating(batch.slice(0, half))
      await this.commitIsolating(batch.slice(half))
      return
    }
    batch.forEach((p, i) => p.resolve(stored[i]!))
  }

  private async commit(rows: ResponseRow[]): Promise<StoredResponse[]> {
    const insertedIds = await this.insertBatch(rows)
    const duplicates = rows.filter((r) => !insertedIds.has(r.id))
    // Rows are never deleted, so the earlier answer of a repeated key is still there after the commit.
    const earlier = duplicates.length === 0 ? [] : await findByClientIds(this.store.db, duplicates)
    return rows.map((row) => {
      if (insertedIds.has(row.id))
        return { id: row.id, submittedAt: row.submitted_at, created: true }
      const first = earlier.find(
        (e) => e.surveyId === row.survey_id && e.clientResponseId === row.client_response_id,
      )!
      return { id: first.id, submittedAt: first.submittedAt, created: false }
    })
  }
}

/**
 * Whether a failed insert was refused for the data of some row, so that
 * committing the rows apart would store the others: PostgreSQL's SQLSTATE
 * classes 22 (data exception: U+0000 in text, a value out of range), 23
 * (integrity: not null, foreign key, check) and 54 (a value over a limit);
 * SQLite's constraint, too-big and type-mismatch codes; and the drivers'
 * TypeError/RangeError for a value they cannot bind.
 */
export function isRowDataError(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return true
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return false
  if (/^(22|23|54)[0-9A-Z]{3}$/.test(code)) return true
  return (
    code.startsWith('SQLITE_CONSTRAINT') ||
    code === 'SQLITE_TOOBIG' ||
    code === 'SQLITE_MISMATCH' ||
    code === 'SQLITE_RANGE'
  )
}
