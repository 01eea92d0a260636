import type { EmployeeScorecard } from './employee-scorecard.js'
import type { ParetoRow } from '../analytics/pareto.js'
import { z } from 'zod'
import { CASE_STATUSES, COMPENSATION_KINDS, PRIORITIES } from './case-workflow.js'

export const RESPONSIBILITIES = ['ours', 'customer', 'third_party'] as const

export const TransitionInputSchema = z.object({
  status: z.enum(CASE_STATUSES),
  /** Why (kept as an internal note on the timeline). */
  note: z.string().trim().max(5000).optional(),
  /** When following up by phone instead of the survey: did the customer say they are satisfied? */
  satisfied: z.boolean().optional(),
})

export const MessageInputSchema = z.object({
  /** internal: a note for colleagues; customer: a reply to the customer. */
  visibility: z.enum(['internal', 'customer']),
  body: z.string().trim().min(1, 'must not be empty').max(10_000),
})

export const AssignInputSchema = z.object({
  ownerId: z.string().min(1),
  department: z.string().trim().min(1).max(100).optional(),
})

export const RecoveryInputSchema = z.object({
  cause: z.string().min(1).optional(),
  responsibility: z.enum(RESPONSIBILITIES).optional(),
  /** The customer's assessed loss, in cents. */
  assessedLoss: z.number().int().min(0).max(1_000_000_000).optional(),
  priority: z.enum(PRIORITIES).optional(),
})

export const CompensationInputSchema = z
  .object({
    kind: z.enum(COMPENSATION_KINDS),
    /** Cents; 0 for an apology or a manager's call. */
    amount: z.number().int().min(0).max(1_000_000_000).default(0),
    note: z.string().trim().max(2000).optional(),
    /** Above one's own limit: ask the next level instead of being refused. */
    requestApproval: z.boolean().default(false),
  })
  .refine((c) => !(c.kind === 'apology' || c.kind === 'manager_call') || c.amount === 0, {
    message: 'an apology or a manager’s call has no amount',
    path: ['amount'],
  })
  .refine((c) => c.kind === 'apology' || c.kind === 'manager_call' || c.amount > 0, {
    message: 'material compensation needs an amount in cents',
    path: ['amount'],
  })

export const CaseListQuerySchema = z.object({
  /** mine: assigned to the caller; queue: open cases by SLA urgency. */
  view: z.enum(['mine', 'queue', 'all']).default('all'),
  status: z.enum(CASE_STATUSES).optional(),
  department: z.string().optional(),
  ownerId: z.string().optional(),
  cause: z.string().optional(),
  customerRef: z.string().optional(),
  /** Search: a case number (C-000123 or 123), a customer's reference, phone or e-mail, or words of the title. */
  q: z.string().trim().min(1).max(100).optional(),
  breached: z.enum(['true', 'false']).optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
export type CaseListQuery = z.input<typeof CaseListQuerySchema>

export interface CaseSummary {
  id: string
  number: string
  title: string
  reason: string
  priority: string
  status: string
  department: string | null
  ownerId: string | null
  ownerName: string | null
  customerRef: string | null
  store: string | null
  channel: string
  cause: string | null
  firstResponseDue: string
  resolutionDue: string
  firstRespondedAt: string | null
  resolvedAt: string | null
  escalatedAt: string | null
  /** The next deadline still running (first response, then resolution), or null when resolved. */
  nextDeadline: string | null
  breached: boolean
  createdAt: string
}

export interface CaseEvent {
  id: string
  type: string
  visibility: 'internal' | 'customer'
  actorType: string
  actorId: string
  actorName: string | null
  body: string | null
  detail: Record<string, unknown>
  /** Replies: pending | sending | sent | failed | none (no address). */
  delivery: string | null
  deliveryError: string | null
  createdAt: string
}

export interface Compensation {
  id: string
  kind: string
  amount: number
  note: string | null
  status: string
  requestedBy: string
  decidedBy: string | null
  createdAt: string
}

export interface CaseDetail extends CaseSummary {
  feedbackId: string
  responsibility: string | null
  assessedLoss: number | null
  followUpSatisfied: boolean | null
  reopened: number
  allowedNext: string[]
  events: CaseEvent[]
  compensations: Compensation[]
  feedback: {
    text: string
    channel: string
    kind: string
    nps: number | null
    csat: number | null
    customerName: string | null
    customerEmail: string | null
    customerPhone: string | null
  }
}

export interface SlaBoardRow {
  department: string
  ownerId: string | null
  ownerName: string | null
  open: number
  atRisk: number
  breached: number
  escalated: number
}

export interface TimeStats {
  n: number
  /** Working minutes. */
  median: number | null
  p90: number | null
  /** Counts per bucket of working hours: <1, 1–4, 4–8, 8–24, 24–72, ≥72. */
  histogram: Array<{ bucket: string; count: number }>
}
export interface SlaRow {
  key: string
  name: string
  cases: number
  onTime: number
  compliance: number | null
}
export interface ComplaintAnalytics {
  from: string
  to: string
  cases: number
  open: number
  breached: number
  pareto: Array<ParetoRow & { label: string }>
  uncategorised: number
  repeatCustomers: Array<{ customer: string; cases: number; numbers: string[] }>
  firstResponse: TimeStats
  resolution: TimeStats
  slaByDepartment: SlaRow[]
  slaByOwner: SlaRow[]
  /** One scorecard per case owner: timeliness, speed, recovery, repeat cases and cost. */
  people: Array<EmployeeScorecard & { name: string }>
  recovery: {
    followedUp: number
    satisfied: number
    rate: number | null
    interval: [number, number] | null
  }
  compensation: {
    total: number
    byKind: Array<{ kind: string; count: number; amount: number }>
    pendingApproval: number
  }
}
