import { requirePermission } from '../auth/permission.service.js'
import { personalViewFor } from '../personal-data/personal-view.service.js'
import { recordAudit } from '../audit/audit.service.js'
import type { Db } from '../db/database.js'
import { recordsWithinUnits, type Actor, type OrgScope, type Scope } from '../db/scope.js'
import { ForbiddenError, NotFoundError } from '../shared/errors.js'
import { anonymousSurveyIds } from '../surveys/survey.service.js'
import { parseInput } from '../shared/validation.js'
import { checkAttachment, type CheckedAttachment } from './attachments.js'
import {
  attachmentsOf,
  findAttachment,
  findFeedbackRow,
  type NewFeedback,
  toFeedback,
} from './feedback.repository.js'
import { FeedbackInputSchema, type Feedback } from './feedback.schema.js'
import { storeFeedbackBatch } from './feedback-store.js'
import { feedbackUnitId } from './feedback-unit.js'
import { namedEmployeeId } from '../employees/employee-attribution.service.js'
import type { CaseHorizon } from './intake-horizon.js'

// Storing is feedback-store.ts's; re-exported for the callers that store through the service.
export {
  analysisColumns,
  type FeedbackToStore,
  type StoreResult,
  storeFeedbackBatch,
} from './feedback-store.js'
export { feedbackForCases, feedbackIdsByContact } from './feedback-lookup.service.js'

export interface StoredFeedback {
  feedback: Feedback
  caseId: string | null
  /** False when the same external id (or survey response) was stored before. */
  created: boolean
}

/**
 * Store one feedback record (see storeFeedbackBatch) and return it as the API
 * shows it: a new record as it was written, one stored before as it is now.
 */
export async function storeFeedback(
  db: Db,
  values: NewFeedback,
  attachments: CheckedAttachment[],
  actor: Pick<Actor, 'type' | 'id'>,
  now: number,
  answers?: Record<string, unknown>,
  horizon: CaseHorizon = {},
): Promise<StoredFeedback> {
  const [result] = await storeFeedbackBatch(
    db,
    [{ values, attachments, ...(answers ? { answers } : {}) }],
    actor,
    now,
    horizon,
  )
  return {
    feedback: result!.row
      ? toFeedback(result!.row, result!.attachments ?? [])
      : await feedbackById({ db, orgId: values.org_id }, result!.id),
    caseId: result!.caseId,
    created: result!.created,
  }
}

/**
 * Feedback sent through the API, or noted by an agent. One received before the case horizon
 * (`horizon`: the server's; intake-horizon.ts) — an integration catching up on old records — opens
 * no case.
 */
export async function createFeedback(
  scope: Scope,
  input: unknown,
  horizon: CaseHorizon = {},
): Promise<StoredFeedback> {
  requirePermission(scope.actor, 'feedback:write')
  const parsed = parseInput(FeedbackInputSchema, input, 'feedback')
  const attachments = parsed.attachments.map((a, i) =>
    checkAttachment(i, a.filename, a.contentBase64),
  )
  const stored = await storeFeedback(
    scope.db,
    {
      org_id: scope.orgId,
      channel: parsed.channel,
      kind: parsed.kind,
      customer_ref: parsed.customer.ref ?? null,
      customer_name: parsed.customer.name ?? null,
      customer_email: parsed.customer.email?.toLowerCase() ?? null,
      customer_phone: parsed.customer.phone ?? null,
      text: parsed.text,
      rating: parsed.rating ?? null,
      nps: null,
      csat: parsed.rating ?? null,
      store: parsed.store ?? null,
      unit_id: await feedbackUnitId(scope, parsed.unit, parsed.store),
      employee_id: await namedEmployeeId(scope, parsed.employee),
      department: parsed.department ?? null,
      survey_id: null,
      response_id: null,
      external_id: parsed.externalId ?? null,
      created_by: `${scope.actor.type}:${scope.actor.id}`,
      received_at: parsed.receivedAt ? Date.parse(parsed.receivedAt) : scope.now,
    },
    attachments,
    scope.actor,
    scope.now,
    undefined,
    horizon,
  )
  if (stored.created)
    await recordAudit(scope.db, scope, {
      action: 'feedback.create',
      entity: 'feedback',
      entityId: stored.feedback.id,
      detail: {
        channel: parsed.channel,
        kind: parsed.kind,
        caseId: stored.caseId,
        ...(stored.feedback.unitId ? { unitId: stored.feedback.unitId } : {}),
      },
    })
  return stored
}

/** A record; with `units` (Scope.units), only one of those units (another is not found). */
export async function feedbackById(
  scope: OrgScope & Pick<Scope, 'units'>,
  id: string,
): Promise<Feedback> {
  const row = await findFeedbackRow(scope.db, scope.orgId, id, recordsWithinUnits(scope))
  if (!row)
    throw new NotFoundError('FEEDBACK_NOT_FOUND', `No feedback ${id}.`, [
      { path: 'id', reason: 'unknown feedback' },
    ])
  return toFeedback(row, await attachmentsOf(scope.db, id))
}

/** A record as the reader may see it: the customer's name, e-mail and phone masked without personal-data:read. */
export async function getFeedback(scope: Scope, id: string): Promise<Feedback> {
  requirePermission(scope.actor, 'cases:read')
  const feedback = await feedbackById(scope, id)
  // An answer to a survey that is anonymous now is read through the internal-satisfaction report
  // only; its case, opened before, withholds it too (cases/case-withheld.ts).
  if (
    feedback.surveyId !== null &&
    (await anonymousSurveyIds(scope.db, scope.orgId)).includes(feedback.surveyId)
  )
    // The refusal every read of an anonymous survey's answers gives (responses/survey-pool.ts).
    throw new ForbiddenError(
      'ANONYMOUS_SURVEY',
      `Survey ${feedback.surveyId} is anonymous: read it through the internal satisfaction report (GET /api/v1/internal-satisfaction).`,
      [{ path: 'surveyId', reason: 'anonymous survey' }],
    )
  const show = personalViewFor(scope.actor)
  return {
    ...feedback,
    customer: {
      ...feedback.customer,
      name: show('name', feedback.customer.name),
      email: show('email', feedback.customer.email),
      phone: show('phone', feedback.customer.phone),
    },
  }
}

/** An attachment's bytes, for download (served as an attachment, never inline). */
export async function getAttachment(
  scope: Scope,
  id: string,
): Promise<{ filename: string; contentType: string; data: Buffer }> {
  requirePermission(scope.actor, 'cases:read')
  const found = await findAttachment(scope.db, scope.orgId, id)
  // An attachment of a record outside the reader's units is not found either.
  const ownRecord =
    found &&
    (scope.units === undefined ||
      (await findFeedbackRow(scope.db, scope.orgId, found.feedbackId, recordsWithinUnits(scope))))
  if (!found || !ownRecord)
    throw new NotFoundError('ATTACHMENT_NOT_FOUND', `No attachment ${id}.`, [
      { path: 'id', reason: 'unknown attachment' },
    ])
  // Ids only: a file name can carry a customer's name.
  await recordAudit(scope.db, scope, {
    action: 'attachment.download',
    entity: 'attachment',
    entityId: id,
    detail: { feedbackId: found.feedbackId },
  })
  return { filename: found.filename, contentType: found.contentType, data: found.data }
}
