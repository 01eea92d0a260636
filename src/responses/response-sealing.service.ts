import { sql } from 'kysely'
import {
  type SealedTable,
  type SealingPlan,
  type SealingStore,
  staleSealed,
} from '../personal-data/sealed-table.service.js'
import { contactQuestionKeysBySurvey } from '../surveys/survey-contact-keys.service.js'
import { CONTACT_PERSONAL_KEYS, resealContactAnswers } from './contact-answer-sealing.js'
import { parseStoredAnswers } from './response.repository.js'
import {
  type AnswersSealingRow,
  draftSealingIo,
  responseSealingIo,
} from './response-sealing.repository.js'

// Contact answers (name, phone, e-mail inside the `answers` JSON of stored answers and of saved
// drafts) in the sealing sweep: rows of surveys with a contact question whose answer holds a
// value not sealed under the current key — stored before sealing existed, through a store
// without keys, or under an older key.

/** The sweep's plan over an `answers` column: which rows wait, and the answer set sealed again. */
async function answersPlan(
  store: SealingStore,
  prefix: string,
): Promise<SealingPlan<AnswersSealingRow>> {
  const keysBySurvey = await contactQuestionKeysBySurvey(store.db)
  // Surveys grouped by their contact keys (usually one key, the same for most), one condition a group.
  const groups = new Map<string, { keys: string[]; surveyIds: string[] }>()
  for (const [surveyId, keys] of keysBySurvey) {
    const group = groups.get(keys.join(',')) ?? { keys, surveyIds: [] }
    group.surveyIds.push(surveyId)
    groups.set(keys.join(','), group)
  }
  const conditions = [...groups.values()].map(
    ({ keys, surveyIds }) =>
      sql<boolean>`(survey_id in (${sql.join(surveyIds)}) and (${sql.join(
        keys.flatMap((key) =>
          CONTACT_PERSONAL_KEYS.map((field) =>
            staleSealed(store.features.jsonPathText('answers', [key, field]), prefix),
          ),
        ),
        sql` or `,
      )}))`,
  )
  return {
    stale:
      conditions.length > 0
        ? sql<boolean>`(${sql.join(conditions, sql` or `)})`
        : sql<boolean>`1 = 0`,
    reseal: (db, row) => ({
      answers: JSON.stringify(
        resealContactAnswers(
          db,
          parseStoredAnswers(row.answers),
          new Set(keysBySurvey.get(row.survey_id) ?? []),
        ),
      ),
    }),
  }
}

/** Stored answers' contact answers (`responses.answers`). */
export const RESPONSE_SEALING: SealedTable<AnswersSealingRow> = {
  owner: 'responses',
  table: 'responses',
  columns: ['answers'],
  plan: answersPlan,
  io: responseSealingIo,
}

/** Saved drafts' contact answers (`response_drafts.answers`). */
export const DRAFT_SEALING: SealedTable<AnswersSealingRow> = {
  owner: 'responses',
  table: 'response_drafts',
  columns: ['answers'],
  plan: answersPlan,
  io: draftSealingIo,
}
