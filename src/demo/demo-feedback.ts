import { analysisColumns } from '../feedback/feedback.service.js'
import { insertFeedbackRowsOncePerResponse } from '../feedback/feedback.repository.js'
import { commentedAnswersSince } from '../responses/response.repository.js'
import { answerPool } from '../responses/answer-pool.js'
import { newId } from '../shared/ids.js'
import { analyzeText } from '../text/text-analysis.js'
import { DEFAULT_TOPICS } from '../text/topics.js'
import type { Scope } from '../db/scope.js'

const DAY_MS = 86_400_000
const BATCH = 500

/**
 * The demo's survey comments of the last 90 days as analysed feedback, so
 * the text insights have something to show on a first run. Written directly
 * (no case rules): the demo's cases come from loadDemoCases. The demo loader
 * sits above the domains, so it writes through their repositories.
 */
export async function loadDemoFeedback(scope: Scope): Promise<number> {
  // The internal survey's comments stay in its anonymous report (survey-pool.ts).
  const pool = await answerPool(scope.db, scope.orgId, undefined)
  const answers = await commentedAnswersSince(scope.db, scope.orgId, scope.now - 90 * DAY_MS, pool)
  for (let i = 0; i < answers.length; i += BATCH) {
    const rows = answers.slice(i, i + BATCH).map((a) => ({
      id: newId(a.submittedAt),
      org_id: scope.orgId,
      channel: 'survey',
      kind: 'survey',
      text: a.comment,
      rating: a.csat,
      nps: a.nps,
      csat: a.csat,
      customer_ref: null,
      customer_name: null,
      customer_email: null,
      customer_phone: null,
      store: a.segments.store ?? null,
      department: null,
      survey_id: a.surveyId,
      response_id: a.id,
      external_id: null,
      created_by: 'system:demo',
      received_at: a.submittedAt,
      created_at: scope.now,
      ...analysisColumns(analyzeText(a.comment, { topics: DEFAULT_TOPICS }), scope.now),
    }))
    await insertFeedbackRowsOncePerResponse(scope.db, rows)
  }
  return answers.length
}
