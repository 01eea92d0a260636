import type { Store } from '../db/connect.js'
import { GoneError } from '../shared/errors.js'
import {
  countSurveyAnswers,
  findByClientIds,
  insertResponseBatch,
  lockSurveyAnswers,
} from './response.repository.js'
import type { ResponseRow, StoredResponse } from './response-writer.js'

/**
 * Store an answer to a survey with a response quota, exactly: the count and
 * the insert share one transaction, and on PostgreSQL the survey's answers
 * are locked for it (an advisory lock every instance takes), so several instances together never take more answers than
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
    if (store.features.name === 'postgres') await lockSurveyAnswers(trx, row.survey_id)
    const [earlier] = await findByClientIds(trx, [row])
    if (earlier) return { id: earlier.id, submittedAt: earlier.submittedAt, created: false }
    if ((await countSurveyAnswers(trx, row.survey_id)) >= quota) {
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
