import { z } from 'zod'
import { planEffect } from '../actions/action-effect.service.js'
import { getPlan } from '../actions/action-plan.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { dayOfIsoDate } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { unitById } from '../units/unit.service.js'
import { metricsAsOf } from './report-content.service.js'
import { findReview, insertReview, listReviewRows, type ReviewRow } from './report.repository.js'
import {
  ReportMetricSchema,
  ReportPlanSchema,
  type Review,
  ReviewDecisionSchema,
  ReviewInputSchema,
  ReviewListQuerySchema,
} from './report.schema.js'

/**
 * Management reviews (管理评审): a periodic review of a unit — when, who attended, the unit's
 * metrics against their targets as they stood on that day, the plans reviewed (with their status
 * and measured effect then), the decisions taken and the new plans opened. Metrics and plans are
 * recorded as they were, so a later look shows what the meeting saw. A monthly report lists the
 * reviews of its unit held that month, each linked to its record.
 */

const StoredMetrics = z.array(ReportMetricSchema)
const StoredPlans = z.array(ReportPlanSchema)
const StoredDecisions = z.array(
  z.object({ text: z.string(), ownerId: z.string().nullable(), dueOn: z.string().nullable() }),
)
const StoredStrings = z.array(z.string())

async function unitNames(scope: Scope, unitId: string) {
  const unit = await unitById(scope, unitId)
  return { unitNameZh: unit?.nameZh ?? unitId, unitNameEn: unit?.nameEn ?? null }
}

async function toReview(scope: Scope, row: ReviewRow): Promise<Review> {
  return {
    id: row.id,
    unitId: row.unit_id,
    ...(await unitNames(scope, row.unit_id)),
    heldOn: row.held_on,
    title: row.title,
    attendees: parseStoredJson(StoredStrings, row.attendees, 'management_reviews.attendees'),
    metrics: parseStoredJson(StoredMetrics, row.metrics, 'management_reviews.metrics'),
    plansReviewed: parseStoredJson(StoredPlans, row.plans_reviewed, 'management_reviews.plans'),
    decisions: parseStoredJson(StoredDecisions, row.decisions, 'management_reviews.decisions'),
    newPlans: parseStoredJson(StoredPlans, row.new_plans, 'management_reviews.new_plans'),
    notes: row.notes,
    createdBy: row.created_by,
    createdAt: row.created_at,
  }
}

/** Each plan as it stands now (status, overdue, verdict), PLAN_NOT_FOUND for one not visible. */
async function planSnapshots(scope: Scope, ids: readonly string[]) {
  return Promise.all(
    [...new Set(ids)].map(async (id) => {
      const plan = await getPlan(scope, id)
      const effect = plan.status === 'plan' ? null : await planEffect(scope, id).catch(() => null)
      return {
        id: plan.id,
        number: plan.number,
        title: plan.title,
        status: plan.status,
        metric: plan.metric,
        dueAt: plan.dueAt,
        overdue: plan.overdue,
        verdict: effect?.verdict ?? null,
        effect: effect?.effect?.estimate ?? null,
      }
    }),
  )
}

export async function createReview(scope: Scope, input: unknown): Promise<Review> {
  requirePermission(scope.actor, 'plans:write')
  const q = parseInput(ReviewInputSchema, input, 'body')
  const unit = await unitById(scope, q.unitId)
  if (!unit || !isRecordWithinUnits(scope, unit.id))
    throw new NotFoundError(
      'UNIT_NOT_FOUND',
      `No unit ${q.unitId} in this organisation.`,
      [{ path: 'unitId', reason: 'no such unit within your units' }],
      { id: q.unitId },
    )
  const [metrics, plansReviewed, newPlans] = await Promise.all([
    metricsAsOf(scope, unit.id, dayOfIsoDate(q.heldOn)),
    planSnapshots(scope, q.plansReviewed),
    planSnapshots(scope, q.newPlans),
  ])
  const row: ReviewRow = {
    id: newId(scope.now),
    org_id: scope.orgId,
    unit_id: unit.id,
    held_on: q.heldOn,
    title: q.title,
    attendees: JSON.stringify(q.attendees),
    metrics: JSON.stringify(metrics),
    plans_reviewed: JSON.stringify(plansReviewed),
    decisions: JSON.stringify(q.decisions.map((d) => ReviewDecisionSchema.parse(d))),
    new_plans: JSON.stringify(newPlans),
    notes: q.notes,
    created_by: scope.actor.id,
    created_at: scope.now,
  }
  await insertReview(scope.db, row)
  return toReview(scope, row)
}

export async function getReview(scope: Scope, id: string): Promise<Review> {
  requirePermission(scope.actor, 'responses:read')
  const row = await findReview(scope.db, scope.orgId, id)
  if (!row || !isRecordWithinUnits(scope, row.unit_id))
    throw new NotFoundError('REVIEW_NOT_FOUND', `No management review ${id}.`, [], { id })
  return toReview(scope, row)
}

export async function listReviews(
  scope: Scope,
  query: unknown,
): Promise<{ reviews: Array<Pick<Review, 'id' | 'unitId' | 'heldOn' | 'title'>> }> {
  requirePermission(scope.actor, 'responses:read')
  const q = parseInput(ReviewListQuerySchema, query ?? {}, 'query')
  const unitIds = q.unitId ? [q.unitId] : scope.units
  const rows = await listReviewRows(scope.db, scope.orgId, {
    unitIds: unitIds?.filter((id) => isRecordWithinUnits(scope, id)),
  })
  return {
    reviews: rows.map((r) => ({ id: r.id, unitId: r.unit_id, heldOn: r.held_on, title: r.title })),
  }
}
