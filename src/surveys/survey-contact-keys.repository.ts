import { z } from 'zod'
import type { Db } from '../db/database.js'

/** Only what a sweep needs of a stored question: lenient, so no stored survey can stop it. */
const StoredQuestionKeysSchema = z.array(
  // Keys as QuestionSchema allows them (they become JSON paths in SQL).
  z.object({ key: z.string().regex(/^[a-z][a-z0-9_]*$/), type: z.string() }).passthrough(),
)

/**
 * Every survey (all organisations) with a question of `type`, and those questions' keys. For
 * sweeps across the store (it runs at start-up), not for one organisation's requests.
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
    const parsed = StoredQuestionKeysSchema.safeParse(JSON.parse(row.questions))
    const found = parsed.success ? parsed.data.filter((q) => q.type === type).map((q) => q.key) : []
    if (found.length > 0) keys.set(row.id, found)
  }
  return keys
}
