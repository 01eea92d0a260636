import type { Db } from '../db/database.js'
import { keyedSealingIo, type SealingIo } from '../personal-data/sealed-table.service.js'

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
    ...keyedSealingIo<typeof table, AnswersSealingRow>(table, ['survey_id', 'answers']),
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
