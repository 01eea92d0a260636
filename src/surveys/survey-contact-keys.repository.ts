import type { Db } from '../db/database.js'
import { parseSurveyQuestions } from './survey.repository.js'

/**
 * Every survey (all organisations) with a question of `type`, and those questions' keys. For
 * sweeps across the store, not for one organisation's requests.
 */
export async function findQuestionKeysOfType(db: Db, type: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('surveys')
    .select(['id', 'questions'])
    // A cheap first cut; the parsed questions decide.
    .where('questions', 'like', `%"${type}"%`)
    .execute()
  const keys = new Map<string, string[]>()
  for (const row of rows) {
    const found = parseSurveyQuestions(row.questions)
      .filter((q) => q.type === type)
      .map((q) => q.key)
    if (found.length > 0) keys.set(row.id, found)
  }
  return keys
}
