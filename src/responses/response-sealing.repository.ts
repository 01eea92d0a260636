import type { RawBuilder } from 'kysely'
import type { Db } from '../db/database.js'
import type { SealingIo } from '../personal-data/sealed-table.service.js'

/**
 * The sealing sweep's queries of stored answers and drafts (all organisations): the rows whose
 * contact answers match the sweep's condition, and their rewrite — only where the answer set is
 * still the one read, so a concurrent change is never overwritten.
 */

export interface AnswersSealingRow {
  id: string
  survey_id: string
  answers: string
}

/** Answers and drafts hold contact answers in the same `answers` column: one reader/writer for each. */
function answersSealingIo(table: 'responses' | 'response_drafts'): SealingIo<AnswersSealingRow> {
  return {
    async count(db: Db, stale: RawBuilder<boolean>) {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where(stale)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
    async next(db: Db, stale: RawBuilder<boolean>, afterId: string | null, limit: number) {
      let query = db
        .selectFrom(table)
        .select(['id', 'survey_id', 'answers'])
        .where(stale)
        .orderBy('id')
        .limit(limit)
      if (afterId !== null) query = query.where('id', '>', afterId)
      return query.execute()
    },
    async write(db: Db, row: AnswersSealingRow, values: Record<string, unknown>) {
      await db
        .updateTable(table)
        .set({ answers: String(values.answers) })
        .where('id', '=', row.id)
        .where('answers', '=', row.answers)
        .execute()
    },
  }
}

export const responseSealingIo = answersSealingIo('responses')
export const draftSealingIo = answersSealingIo('response_drafts')
