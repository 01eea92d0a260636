import type { CaseConfig } from '../cases/case-config.js'
import type { CaseEventRecord } from '../cases/case-event.repository.js'
import { insertCaseEvents } from '../cases/case-event.repository.js'
import { caseEventRecord, SYSTEM_ACTOR } from '../cases/case-events.js'
import { insertCase, nextCaseNumber } from '../cases/case.repository.js'
import { insertCompensations, type CompensationRecord } from '../cases/compensation.repository.js'
import { analysisColumns } from '../feedback/feedback.service.js'
import { type FeedbackRow, insertFeedbackRows } from '../feedback/feedback.repository.js'
import { newId } from '../shared/ids.js'
import { analyzeText } from '../text/text-analysis.js'
import { DEFAULT_TOPICS } from '../text/topics.js'
import type { Actor, Scope } from '../db/scope.js'
import { type PlannedCase, planDemoCases } from './demo-case-plan.js'
import type { DemoRandom } from './demo-random.js'
import type { DemoTeam } from './demo-team.js'

const MINUTE_MS = 60_000
/** Cases per transaction: a few hundred rows at a time keep live answers from waiting long. */
const SLICE = 200

/**
 * The demo's complaint cases over the twelve months (see planDemoCases): each with its feedback
 * record and the timeline its status implies — opened, handed to an agent by the supervisor,
 * acknowledged, investigated, cause recorded, compensated for some, resolved, called back (the
 * customer satisfied or not) and closed. Written through the domains' repositories, as the case
 * service would have written them at the time, in slices of SLICE cases per transaction.
 * The configuration and the team come from the caller, which settles them before writing
 * anything (demo.ts).
 */
export async function loadDemoCases(
  scope: Scope,
  random: DemoRandom,
  config: CaseConfig,
  team: DemoTeam,
  /** Cases before the last month (which always has its own; see planDemoCases). */
  history: number,
): Promise<number> {
  const plans = planDemoCases(random, config, team, scope.now, history)
  for (let i = 0; i < plans.length; i += SLICE) {
    await scope.db.transaction().execute(async (trx) => {
      let number = await nextCaseNumber(trx, scope.orgId)
      const feedback: FeedbackRow[] = []
      const events: CaseEventRecord[] = []
      const compensations: CompensationRecord[] = []
      const cases = plans.slice(i, i + SLICE).map((plan) => {
        const row = feedbackRow(scope, plan)
        feedback.push(row)
        const caseId = newId(plan.createdAt)
        const compensationId =
          plan.compensation && plan.resolvedAt !== null ? newId(plan.resolvedAt) : null
        events.push(...timeline(scope, config, team, { caseId, compensationId }, plan))
        if (plan.compensation && compensationId !== null && plan.resolvedAt !== null)
          compensations.push({
            id: compensationId,
            orgId: scope.orgId,
            caseId,
            ...plan.compensation,
            note: null,
            status: 'granted',
            requestedBy: plan.ownerId!,
            decidedBy: plan.ownerId!,
            decidedAt: plan.resolvedAt - MINUTE_MS,
            createdAt: plan.resolvedAt - MINUTE_MS,
          })
        return { caseId, plan, row, number: number++ }
      })
      await insertFeedbackRows(trx, feedback)
      for (const { caseId, plan, row, number } of cases)
        await insertCase(trx, {
          id: caseId,
          orgId: scope.orgId,
          number,
          feedbackId: row.id,
          // The customer's words, as a case opened from this complaint is titled.
          title: plan.text,
          reason: 'complaint',
          priority: plan.priority,
          status: plan.status,
          department: config.defaultDepartment,
          ownerId: plan.ownerId,
          customerRef: plan.customerRef,
          store: plan.store,
          channel: plan.channel,
          topic: row.topics?.split(',')[0] || null,
          cause: plan.resolvedAt === null ? null : plan.cause,
          responsibility: plan.responsibility,
          assessedLoss: null,
          firstResponseDue: plan.firstResponseDue,
          resolutionDue: plan.resolutionDue,
          firstRespondedAt: plan.acknowledgedAt,
          resolvedAt: plan.resolvedAt,
          followedUpAt: plan.followUp?.at ?? null,
          closedAt: plan.closedAt,
          warnedAt: null,
          escalatedAt: null,
          escalatedTo: null,
          followUpInvitationId: null,
          followUpResponseId: null,
          followUpSatisfied: plan.followUp ? (plan.followUp.satisfied ? 1 : 0) : null,
          reopened: 0,
          createdAt: plan.createdAt,
          updatedAt: lastChange(plan),
        })
      await insertCaseEvents(trx, events)
      await insertCompensations(trx, compensations)
    })
  }
  return plans.length
}

function feedbackRow(scope: Scope, plan: PlannedCase): FeedbackRow {
  return {
    id: newId(plan.createdAt),
    org_id: scope.orgId,
    channel: plan.channel,
    kind: 'complaint',
    text: plan.text,
    rating: null,
    nps: plan.nps,
    csat: null,
    customer_ref: plan.customerRef,
    customer_name: null,
    customer_email: null,
    customer_phone: null,
    store: plan.store,
    department: null,
    survey_id: null,
    response_id: null,
    external_id: null,
    created_by: 'system:demo',
    received_at: plan.createdAt,
    created_at: plan.createdAt,
    ...analysisColumns(analyzeText(plan.text, { topics: DEFAULT_TOPICS }), plan.createdAt),
  }
}

function lastChange(plan: PlannedCase): number {
  return (
    plan.closedAt ??
    plan.resolvedAt ??
    plan.investigatingAt ??
    plan.acknowledgedAt ??
    plan.assignedAt ??
    plan.createdAt
  )
}

/** The case's timeline, event by event, as the case service records each step. */
function timeline(
  scope: Scope,
  config: CaseConfig,
  team: DemoTeam,
  ids: { caseId: string; compensationId: string | null },
  plan: PlannedCase,
): CaseEventRecord[] {
  const { caseId, compensationId } = ids
  const events: CaseEventRecord[] = []
  const owner = plan.ownerId ? { type: 'user' as const, id: plan.ownerId } : null
  const supervisor = { type: 'user' as const, id: team.supervisorId }
  const event = (
    type: string,
    actor: Pick<Actor, 'type' | 'id'>,
    at: number,
    detail: Record<string, unknown>,
    body?: string,
  ) =>
    events.push(
      caseEventRecord({
        orgId: scope.orgId,
        caseId,
        type,
        actor,
        now: at,
        detail,
        ...(body ? { body } : {}),
      }),
    )
  event('created', SYSTEM_ACTOR, plan.createdAt, {
    reason: 'complaint',
    priority: plan.priority,
    department: config.defaultDepartment,
    ownerId: null,
  })
  if (!owner || plan.assignedAt === null) return events
  event('assigned', supervisor, plan.assignedAt, {
    from: null,
    to: owner.id,
    department: config.defaultDepartment,
  })
  if (plan.acknowledgedAt === null) return events
  event('status', owner, plan.acknowledgedAt, { from: 'new', to: 'acknowledged' })
  if (plan.investigatingAt === null) return events
  event('status', owner, plan.investigatingAt, { from: 'acknowledged', to: 'investigating' })
  if (plan.resolvedAt === null) return events
  event('recovery', owner, plan.resolvedAt - 5 * MINUTE_MS, {
    cause: plan.cause,
    responsibility: plan.responsibility,
  })
  if (plan.compensation)
    event('compensation', owner, plan.resolvedAt - MINUTE_MS, {
      compensationId,
      kind: plan.compensation.kind,
      amount: plan.compensation.amount,
      status: 'granted',
    })
  event('status', owner, plan.resolvedAt, { from: 'investigating', to: 'resolved' })
  if (!plan.followUp || plan.closedAt === null) return events
  // Called back by the owner (已电话回访): the customer's answer and a note, as the dialog records.
  event(
    'status',
    owner,
    plan.followUp.at,
    { from: 'resolved', to: 'followed_up', satisfied: plan.followUp.satisfied },
    plan.followUp.note,
  )
  event('status', owner, plan.closedAt, { from: 'followed_up', to: 'closed' })
  return events
}
