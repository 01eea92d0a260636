import type { Db } from '../db/database.js'
import { answersAfter, type StoredAnswer } from './response.repository.js'

export type { StoredAnswer }

/**
 * Stored answers in id order after `afterId`, for what follows an answer
 * (the survey intake): the responses domain's way of handing them out.
 */
export function storedAnswersAfter(
  db: Db,
  afterId: string,
  limit: number,
): Promise<StoredAnswer[]> {
  return answersAfter(db, afterId, limit)
}
