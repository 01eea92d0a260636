import { sql } from 'kysely'
import type { Store } from '../db/connect.js'
import { GoneError } from '../shared/errors.js'
import { insertResponseBatch } from './response-insert.js'
import type { ResponseRow, StoredResponse } from './response-writer.js'

/**
 * Store an answer to a survey with a response quota, exactly: the count and
 * the insert share one transaction, and on PostgreSQL the survey's row is
 * locked for it, so several instances together never take more answers than
 * the quota (SQLite lets one writer at a time commit anyway). A repeated
 * idempotency key still returns the answer stored first, also once the quota
 * is full. Pilot answers are not counted, as on the dashboard.
 */
export async function insertWithinQuota(
  store: Store,
  row: ResponseRow,
  quota: number,
): Promise<StoredResponse> {
  return store.db.transaction().execute(async (trx) => {
    if (store.features.name === 'postgres')
      await sql`select id from surveys where id = ${row.survey_id} for update`.execute(trx)
    const earlier = await trx
      .selectFrom('responses')
      .select(['id', 'submitted_at'])
      .where('survey_id', '=', row.survey_id)
      .where('client_response_id', '=', row.client_response_id)
      .executeTakeFirst()
    if (earlier)
      return { id: earlier.id, submittedAt: Number(earlier.submitted_at), created: false }
    const taken = await trx
      .selectFrom('response_daily_counts')
      .select((eb) => eb.fn.sum<number>('responses').as('n'))
      .where('survey_id', '=', row.survey_id)
      .executeTakeFirst()
    if (Number(taken?.n ?? 0) >= quota) {
      throw new GoneError(
        'SURVEY_QUOTA_REACHED',
        `This survey has received the ${quota} answers it needed.`,
        [],
        { responseQuota: quota },
      )
    }
    await insertResponseBatch(trx, [row])
    return { id: row.id, submittedAt: row.submitted_at, created: true }
  })
}
