import { analysisColumns } from '../feedback/feedback.service.js'
import { newId } from '../shared/ids.js'
import { analyzeText } from '../text/text-analysis.js'
import { DEFAULT_TOPICS } from '../text/topics.js'
import type { Scope } from '../db/scope.js'

const DAY_MS = 86_400_000
const BATCH = 500

/**
 * The demo's survey comments of the last 90 days as analysed feedback, so
 * the text insights have something to show on a first run. Written directly
 * (no case rules): the demo's cases come from loadDemoCases.
 */
export async function loadDemoFeedback(scope: Scope): Promise<number> {
  const since = scope.now - 90 * DAY_MS
  const rows = await scope.db
    .selectFrom('responses')
    .select(['id', 'survey_id', 'comment', 'nps', 'csat', 'segments', 'submitted_at'])
    .where('org_id', '=', scope.orgId)
    .where('submitted_at', '>=', since)
    .where('comment', 'is not', null)
    .execute()
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows.slice(i, i + BATCH).map((r) => {
      const segments = JSON.parse(r.segments) as Record<string, string>
      return {
        id: newId(Number(r.submitted_at)),
        org_id: scope.orgId,
        channel: 'survey',
        kind: 'survey',
        text: r.comment!,
        rating: r.csat,
        nps: r.nps,
        csat: r.csat,
        customer_ref: null,
        customer_name: null,
        customer_email: null,
        customer_phone: null,
        store: segments.store ?? null,
        department: null,
        survey_id: r.survey_id,
        response_id: r.id,
        external_id: null,
        created_by: 'system:demo',
        received_at: Number(r.submitted_at),
        created_at: scope.now,
        ...analysisColumns(analyzeText(r.comment!, { topics: DEFAULT_TOPICS }), scope.now),
      }
    })
    await scope.db
      .insertInto('feedback')
      .values(values)
      .onConflict((oc) => oc.column('response_id').doNothing())
      .execute()
  }
  return rows.length
}
