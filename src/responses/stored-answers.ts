import type { Db } from '../db/database.js'
import { answersAfter, type StoredAnswer } from './response.repository.js'
import { answerPoolOfAllOrganisations } from './answer-pool.js'

export type { StoredAnswer }

/**
 * Stored answers in id order after `afterId`, for what follows an answer
 * (the survey intake): the responses domain's way of handing them out.
 * Anonymous (internal) surveys' answers are never handed out (survey-pool.ts):
 * they would become feedback — comments in text insights — and open cases.
 */
export async function storedAnswersAfter(
  db: Db,
  afterId: string,
  limit: number,
): Promise<StoredAnswer[]> {
  return answersAfter(db, afterId, limit, await answerPoolOfAllOrganisations(db))
}
