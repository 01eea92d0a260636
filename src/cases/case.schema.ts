import { z } from 'zod'
import { DetailSchema, IsoTimeSchema } from '../shared/wire-schema.js'
import { CASE_KINDS, CASE_OUTCOMES } from './case-kinds.js'
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

const CaseIdsSchema = z
  .array(z.string().min(1).max(40))
  .min(1)
  .max(200)
  .transform((ids) => [...new Set(ids)])

export const BulkAssignInputSchema = z.object({
  caseIds: CaseIdsSchema,
  ownerId: z.string().min(1),
  department: z.string().trim().min(1).max(100).optional(),
})

export const BulkCloseInputSchema = z.object({
  caseIds: CaseIdsSchema,
  /** Why (kept as an internal note on each case's timeline). */
  note: z.string().trim().max(5000).optional(),
})

export const RecoveryInputSchema = z.object({
  cause: z.string().min(1).optional(),
  responsibility: z.enum(RESPONSIBILITIES).optional(),
  /** The customer's assessed loss, in cents. */
  assessedLoss: z.number().int().min(0).max(1_000_000_000).optional(),
  priority: z.enum(PRIORITIES).optional(),
  /** The organisation unit the case belongs to, set by hand (null: none). */
  unitId: z.string().min(1).max(100).nullable().optional(),
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

/** Where a case stands against its SLA now: late, warned that a deadline is near, or neither. */
export const SLA_STATES = ['breached', 'at_risk', 'on_track'] as const

/** The owner filter's value for cases nobody owns yet. */
export const UNASSIGNED = 'none'

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')

export const CaseListQuerySchema = z.object({
  /** mine: assigned to the caller; queue: open cases by SLA urgency; all: every case, newest first. */
  view: z.enum(['mine', 'queue', 'all']).default('all'),
  status: z.enum(CASE_STATUSES).optional(),
  /** One kind's queue: complaint, inquiry, suggestion or praise. */
  kind: z.enum(CASE_KINDS).optional(),
  /** One priority, or several separated by commas (`high,urgent`). */
  priority: z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(z.enum(PRIORITIES)).min(1))
    .optional(),
  department: z.string().max(100).optional(),
  /** A user's id, or `none` for the unassigned cases. */
  ownerId: z.string().max(100).optional(),
  cause: z.string().max(100).optional(),
  channel: z.string().max(40).optional(),
  /** The unit or store the feedback came from (as stored on the case). */
  store: z.string().max(100).optional(),
  customerRef: z.string().max(200).optional(),
  /** Search: a case number (C-000123 or 123), a customer's reference, phone or e-mail, or words of the title. */
  q: z.string().trim().min(1).max(100).optional(),
  sla: z.enum(SLA_STATES).optional(),
  /** Kept for older links: breached=true is sla=breached, false everything not breached. */
  breached: z.enum(['true', 'false']).optional(),
  /** Opened on or after this day (the organisation's calendar). */
  from: Day.optional(),
  /** Opened on or before this day. */
  to: Day.optional(),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
export type CaseListQuery = z.input<typeof CaseListQuerySchema>

// What the case routes answer with. Browser-safe: the admin app's types come from here.

export const CaseSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  reason: z.string(),
  /** complaint | inquiry | suggestion | praise. */
  kind: z.enum(CASE_KINDS),
  priority: z.string(),
  status: z.string(),
  department: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  customerRef: z.string().nullable(),
  store: z.string().nullable(),
  channel: z.string(),
  cause: z.string().nullable(),
  firstResponseDue: IsoTimeSchema,
  resolutionDue: IsoTimeSchema,
  firstRespondedAt: IsoTimeSchema.nullable(),
  resolvedAt: IsoTimeSchema.nullable(),
  escalatedAt: IsoTimeSchema.nullable(),
  /** The next deadline still running (first response, then resolution), or null when resolved. */
  nextDeadline: IsoTimeSchema.nullable(),
  breached: z.boolean(),
  createdAt: IsoTimeSchema,
  /**
   * The case was opened from an answer to a survey that is anonymous now: what it took from the
   * answer (title, customer reference, the customer's words, scores and contact, the employee) is
   * withheld — empty or null — and the case is found by its number only (case-withheld.ts).
   */
  answerWithheld: z.boolean(),
})
export type CaseSummary = z.infer<typeof CaseSummarySchema>

export const CaseEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  visibility: z.enum(['internal', 'customer']),
  actorType: z.string(),
  actorId: z.string(),
  actorName: z.string().nullable(),
  body: z.string().nullable(),
  detail: DetailSchema,
  /** Replies: pending | sending | sent | failed | none (no address). */
  delivery: z.string().nullable(),
  deliveryError: z.string().nullable(),
  createdAt: IsoTimeSchema,
})
export type CaseEvent = z.infer<typeof CaseEventSchema>

export const CompensationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  /** Cents. */
  amount: z.number(),
  note: z.string().nullable(),
  status: z.string(),
  requestedBy: z.string(),
  decidedBy: z.string().nullable(),
  createdAt: IsoTimeSchema,
})
export type Compensation = z.infer<typeof CompensationSchema>

export const CaseDetailSchema = CaseSummarySchema.extend({
  feedbackId: z.string(),
  responsibility: z.string().nullable(),
  assessedLoss: z.number().nullable(),
  followUpSatisfied: z.boolean().nullable(),
  reopened: z.number(),
  allowedNext: z.array(z.string()),
  /** What the kind's workflow decided (answered, adopted, declined, passed_on); null = not yet. */
  outcome: z.enum(CASE_OUTCOMES).nullable(),
  /** Why a suggestion was declined, or the note of another outcome. */
  outcomeReason: z.string().nullable(),
  /** The action plan an adopted suggestion is linked to. */
  actionPlanId: z.string().nullable(),
  /** Points the suggestion's customer was rewarded with (once). */
  rewardPoints: z.number().nullable(),
  rewardedAt: IsoTimeSchema.nullable(),
  /** The employee who served (praise is passed on to them); null = not known. */
  employeeId: z.string().nullable(),
  events: z.array(CaseEventSchema),
  compensations: z.array(CompensationSchema),
  feedback: z.object({
    text: z.string(),
    channel: z.string(),
    kind: z.string(),
    nps: z.number().nullable(),
    csat: z.number().nullable(),
    customerName: z.string().nullable(),
    customerEmail: z.string().nullable(),
    customerPhone: z.string().nullable(),
    /** The customer's name, e-mail and phone are masked (138****5678): the reader lacks personal-data:read. */
    personalDataMasked: z.boolean(),
  }),
})
export type CaseDetail = z.infer<typeof CaseDetailSchema>

export const CaseListSchema = z.object({
  cases: z.array(CaseSummarySchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** How many cases match the view and filters, over all pages. */
  total: z.number(),
})
export type CaseList = z.infer<typeof CaseListSchema>

/** What became of each case of a bulk change: each case changes completely or not at all. */
export const BulkResultSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      /** C-000123, or null for an id that is no case of the organisation. */
      number: z.string().nullable(),
      ok: z.boolean(),
      /** Why the case was left as it was (an error code of docs/errors.md, its message and details). */
      error: z
        .object({
          code: z.string(),
          message: z.string(),
          details: z.array(
            z.object({ path: z.string(), reason: z.string(), allowed: z.string().optional() }),
          ),
        })
        .nullable(),
    }),
  ),
  succeeded: z.number(),
  failed: z.number(),
})
export type BulkResult = z.infer<typeof BulkResultSchema>

/** Whom a case may be given to: the active agents and supervisors. */
export const CaseOwnersSchema = z.object({
  owners: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.string(),
      department: z.string().nullable(),
    }),
  ),
})
export type CaseOwners = z.infer<typeof CaseOwnersSchema>

export const PendingApprovalsSchema = z.object({
  compensations: z.array(CompensationSchema.extend({ caseId: z.string(), caseNumber: z.string() })),
})

// The SLA board's and the complaint analytics' answers live in case-analytics.schema.ts.
export * from './case-analytics.schema.js'

export const PublicFormKeySchema = z.object({ publicFormKey: z.string() })

/** The personal fields of a case's customer that its owner may reveal. */
export const REVEALABLE_FIELDS = ['name', 'email', 'phone'] as const

/** POST /cases/:id/reveal: one field of the customer, with why it is needed (audited). */
export const RevealInputSchema = z.object({
  field: z.enum(REVEALABLE_FIELDS),
  reason: z.string().trim().min(2).max(500),
})
export type RevealInput = z.infer<typeof RevealInputSchema>

export const RevealedValueSchema = z.object({
  field: z.enum(REVEALABLE_FIELDS),
  value: z.string().nullable(),
})
export type RevealedValue = z.infer<typeof RevealedValueSchema>

/** A short new action plan made from an adopted suggestion (the rest comes from the suggestion). */
export const PlanFromSuggestionSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    ownerId: z.string().min(1).max(100),
    /** Deadline (ms since the epoch). */
    dueAt: z.number().int().min(0),
    metric: z.enum(['nps', 'csat', 'ces']).default('csat'),
  })
  .strict()

/** POST /cases/:id/adopt: link an existing action plan, or make one from the suggestion. */
export const AdoptInputSchema = z
  .object({
    planId: z.string().min(1).max(100).optional(),
    plan: PlanFromSuggestionSchema.optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .refine((a) => (a.planId === undefined) !== (a.plan === undefined), {
    message: 'give either planId (an existing plan) or plan (a new one)',
    path: ['planId'],
  })

/** POST /cases/:id/decline: a suggestion not adopted, with why (told to no one but the team). */
export const DeclineInputSchema = z.object({ reason: z.string().trim().min(2).max(2000) }).strict()

/** POST /cases/:id/reward: points to the adopted suggestion's customer, once. */
export const RewardInputSchema = z
  .object({
    points: z.number().int().min(1).max(1_000_000),
    note: z.string().trim().max(500).optional(),
  })
  .strict()

/** POST /cases/:id/pass-on: praise acknowledged and passed to the employee who earned it. */
export const PassOnInputSchema = z
  .object({
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
