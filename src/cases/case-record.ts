import type { Insertable, Selectable, Updateable } from 'kysely'
import { z } from 'zod'
import type { CaseTable } from './case.table.js'
import { CASE_KINDS, CASE_OUTCOMES, type CaseKind, type CaseOutcome } from './case-kinds.js'
import { CASE_STATUSES, type CaseStatus } from './case-workflow.js'

// A case as the code handles it, and its mapping to and from a row of the \`cases\` table:
// camelCase, timestamps as numbers (PostgreSQL returns bigint columns as strings), the status
// checked against the workflow's statuses. Only case.repository.ts writes and reads the rows.

export interface CaseRecord {
  id: string
  orgId: string
  /** Human case number, per organisation (C-000042). */
  number: number
  feedbackId: string
  title: string
  reason: string
  priority: string
  status: CaseStatus
  department: string | null
  ownerId: string | null
  customerRef: string | null
  store: string | null
  /** The organisation unit (migration 0020): the feedback's, or set by hand; null = none known. */
  unitId?: string | null
  /** The employee who served (migration 0041): the feedback's, else the owner's at opening; null = not known. */
  employeeId?: string | null
  channel: string
  topic: string | null
  cause: string | null
  responsibility: string | null
  assessedLoss: number | null
  firstResponseDue: number
  resolutionDue: number
  firstRespondedAt: number | null
  resolvedAt: number | null
  followedUpAt: number | null
  closedAt: number | null
  warnedAt: number | null
  escalatedAt: number | null
  escalatedTo: string | null
  followUpInvitationId: string | null
  followUpResponseId: string | null
  /** 1 satisfied, 0 not, null not followed up by survey. */
  followUpSatisfied: number | null
  reopened: number
  createdAt: number
  updatedAt: number
  /** The kind of request (migration 0063); absent = complaint. */
  kind?: CaseKind
  /** What the kind's workflow decided (answered, adopted, declined, passed_on); null = not yet. */
  outcome?: CaseOutcome | null
  outcomeReason?: string | null
  actionPlanId?: string | null
  rewardPoints?: number | null
  rewardedAt?: number | null
}

const Status = z.enum(CASE_STATUSES)
const Kind = z.enum(CASE_KINDS)
const Outcome = z.enum(CASE_OUTCOMES).nullable()
const time = (v: number | string | null): number | null => (v === null ? null : Number(v))

export function toCaseRecord(row: Selectable<CaseTable>): CaseRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    number: Number(row.number),
    feedbackId: row.feedback_id,
    title: row.title,
    reason: row.reason,
    priority: row.priority,
    status: Status.parse(row.status),
    department: row.department,
    ownerId: row.owner_id,
    customerRef: row.customer_ref,
    store: row.store,
    unitId: row.unit_id,
    employeeId: row.employee_id,
    channel: row.channel,
    topic: row.topic,
    cause: row.cause,
    responsibility: row.responsibility,
    assessedLoss: time(row.assessed_loss),
    firstResponseDue: Number(row.first_response_due),
    resolutionDue: Number(row.resolution_due),
    firstRespondedAt: time(row.first_responded_at),
    resolvedAt: time(row.resolved_at),
    followedUpAt: time(row.followed_up_at),
    closedAt: time(row.closed_at),
    warnedAt: time(row.warned_at),
    escalatedAt: time(row.escalated_at),
    escalatedTo: row.escalated_to,
    followUpInvitationId: row.follow_up_invitation_id,
    followUpResponseId: row.follow_up_response_id,
    followUpSatisfied: row.follow_up_satisfied === null ? null : Number(row.follow_up_satisfied),
    reopened: Number(row.reopened),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    kind: Kind.parse(row.kind),
    outcome: Outcome.parse(row.outcome),
    outcomeReason: row.outcome_reason,
    actionPlanId: row.action_plan_id,
    rewardPoints: time(row.reward_points),
    rewardedAt: time(row.rewarded_at),
  }
}

/** The columns a change may set, by their record names. */
export type CaseChanges = Partial<Omit<CaseRecord, 'id' | 'orgId' | 'number' | 'feedbackId'>>

export const COLUMN_OF = {
  title: 'title',
  reason: 'reason',
  priority: 'priority',
  status: 'status',
  department: 'department',
  ownerId: 'owner_id',
  customerRef: 'customer_ref',
  store: 'store',
  unitId: 'unit_id',
  employeeId: 'employee_id',
  channel: 'channel',
  topic: 'topic',
  cause: 'cause',
  responsibility: 'responsibility',
  assessedLoss: 'assessed_loss',
  firstResponseDue: 'first_response_due',
  resolutionDue: 'resolution_due',
  firstRespondedAt: 'first_responded_at',
  resolvedAt: 'resolved_at',
  followedUpAt: 'followed_up_at',
  closedAt: 'closed_at',
  warnedAt: 'warned_at',
  escalatedAt: 'escalated_at',
  escalatedTo: 'escalated_to',
  followUpInvitationId: 'follow_up_invitation_id',
  followUpResponseId: 'follow_up_response_id',
  followUpSatisfied: 'follow_up_satisfied',
  reopened: 'reopened',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  kind: 'kind',
  outcome: 'outcome',
  outcomeReason: 'outcome_reason',
  actionPlanId: 'action_plan_id',
  rewardPoints: 'reward_points',
  rewardedAt: 'rewarded_at',
} as const satisfies Record<keyof CaseChanges, keyof CaseTable>

export function toColumns(changes: CaseChanges): Updateable<CaseTable> {
  const columns: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(changes))
    if (value !== undefined && key in COLUMN_OF)
      columns[COLUMN_OF[key as keyof CaseChanges]] = value
  return columns as Updateable<CaseTable>
}

export function toRow(c: CaseRecord): Insertable<CaseTable> {
  return {
    id: c.id,
    org_id: c.orgId,
    number: c.number,
    feedback_id: c.feedbackId,
    title: c.title,
    reason: c.reason,
    priority: c.priority,
    status: c.status,
    department: c.department,
    owner_id: c.ownerId,
    customer_ref: c.customerRef,
    store: c.store,
    unit_id: c.unitId ?? null,
    employee_id: c.employeeId ?? null,
    channel: c.channel,
    topic: c.topic,
    cause: c.cause,
    responsibility: c.responsibility,
    assessed_loss: c.assessedLoss,
    first_response_due: c.firstResponseDue,
    resolution_due: c.resolutionDue,
    first_responded_at: c.firstRespondedAt,
    resolved_at: c.resolvedAt,
    followed_up_at: c.followedUpAt,
    closed_at: c.closedAt,
    warned_at: c.warnedAt,
    escalated_at: c.escalatedAt,
    escalated_to: c.escalatedTo,
    follow_up_invitation_id: c.followUpInvitationId,
    follow_up_response_id: c.followUpResponseId,
    follow_up_satisfied: c.followUpSatisfied,
    reopened: c.reopened,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    kind: c.kind ?? 'complaint',
    outcome: c.outcome ?? null,
    outcome_reason: c.outcomeReason ?? null,
    action_plan_id: c.actionPlanId ?? null,
    reward_points: c.rewardPoints ?? null,
    rewarded_at: c.rewardedAt ?? null,
  }
}
