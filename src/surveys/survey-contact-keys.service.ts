import type { Db } from '../db/database.js'
import { findQuestionKeysOfType } from './survey-contact-keys.repository.js'

/**
 * The contact questions' keys of every survey that has one (all organisations): where answers
 * hold personal values (the sealing sweep, src/responses/response-sealing.service.ts).
 */
export function contactQuestionKeysBySurvey(db: Db): Promise<Map<string, string[]>> {
  return findQuestionKeysOfType(db, 'contact')
}
