import { z } from 'zod'

/** Action plans (PDCA): requests and responses. Browser-safe (zod only). */

export const PLAN_STATUSES = ['plan', 'do', 'check', 'act', 'closed', 'abandoned'] as const
export const PlanStatusSchema = z.enum(PLAN_STATUSES)
export type PlanStatus = z.infer<typeof PlanStatusSchema>

/** The six root-cause categories of the fishbone (人/机/料/法/环/测). */
export const CAUSE_CATEGORIES = [
  'man',
  'machine',
  'material',
  'method',
  'environment',
  'measurement',
] as const

export const PLAN_METRICS = ['nps', 'csat', 'ces'] as const
export const PlanMetricSchema = z.enum(PLAN_METRICS)
export type PlanMetric = z.infer<typeof PlanMetricSchema>

/** Where the finding came from, and what it showed then. */
export const EvidenceSchema = z
  .object({
    source: z.enum([
      'pareto',
      'ipa',
      'key_drivers',
      'emerging_topic',
      'control_chart',
      'target',
      'league',
      'maturity',
      'manual',
    ]),
    /** Words of the finding as the user saw it (e.g. the Pareto bar's cause). */
    label: z.string().trim().max(200).optional(),
    /** The period the finding covered. */
    period: z.object({ from: z.string().max(30), to: z.string().max(30) }).optional(),
    /** Filters in force (question, segment, unit …), as given by the page. */
    filters: z.record(z.string().max(100), z.string().max(200)).optional(),
    /** The figures shown (a share, a count, a gap …), by name. */
    figures: z.record(z.string().max(100), z.number()).optional(),
    /** The page the finding was made on, to open it again. */
    link: z.string().max(500).optional(),
  })
  .strict()
export type Evidence = z.infer<typeof EvidenceSchema>

const EpochMs = z.number().int().min(0)

export const PlanInputSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    problem: z.string().trim().min(1).max(4000),
    causeCategory: z.string().trim().min(1).max(50),
    rootCause: z.string().trim().min(1).max(4000),
    metric: PlanMetricSchema,
    goal: z.enum(['increase', 'decrease']).optional(),
    /** The smallest change worth having; NPS 5 points, CSAT 3 points, CES 0.2 unless given. */
    minimumEffect: z.number().positive().max(200).optional(),
    unitIds: z.array(z.string().max(100)).max(200).default([]),
    ownerId: z.string().max(100),
    department: z.string().trim().max(100).optional(),
    /** Deadline (ms since the epoch). */
    dueAt: EpochMs,
    evidence: EvidenceSchema,
  })
  .strict()
export type PlanInput = z.infer<typeof PlanInputSchema>

export const PlanTransitionSchema = z
  .object({
    status: PlanStatusSchema,
    /** Why, when abandoning. */
    reason: z.string().trim().min(1).max(2000).optional(),
    /** When the action took effect, when moving to "do" (now unless given). */
    actionAt: EpochMs.optional(),
  })
  .strict()

export const TaskInputSchema = z
  .object({
    title: z.string().trim().min(1).max(500),
    ownerId: z.string().max(100),
    dueAt: EpochMs,
  })
  .strict()

export const CommentInputSchema = z.object({ body: z.string().trim().min(1).max(4000) }).strict()

export const CopyPlanSchema = z
  .object({ unitIds: z.array(z.string().max(100)).min(1).max(200) })
  .strict()

export const PlanListQuerySchema = z.object({
  status: PlanStatusSchema.optional(),
  open: z.enum(['true', 'false']).optional(),
})

export const TaskSchema = z.object({
  id: z.string(),
  title: z.string(),
  ownerId: z.string(),
  dueAt: z.number(),
  doneAt: z.number().nullable(),
})

export const PlanEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  actorId: z.string(),
  body: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  createdAt: z.number(),
})

const EffectEstimateSchema = z.object({
  estimate: z.number(),
  se: z.number(),
  df: z.number(),
  pValue: z.number(),
  ci95: z.tuple([z.number(), z.number()]),
})

const CellSchema = z.object({ n: z.number().int(), value: z.number().nullable() })

export const PlanVerdictSchema = z.enum(['effective', 'not_effective', 'not_enough_data'])
export type PlanVerdict = z.infer<typeof PlanVerdictSchema>

export const PlanEffectSchema = z.object({
  verdict: PlanVerdictSchema,
  basis: z.enum(['difference_in_differences', 'before_after']),
  effect: EffectEstimateSchema.nullable(),
  beforeAfter: EffectEstimateSchema.nullable(),
  differenceInDifferences: EffectEstimateSchema.nullable(),
  additionalAnswersNeeded: z.number().int().nullable(),
  minimumEffect: z.number(),
  /** Months compared: before the action's month, and from the month after it to now. */
  beforeMonths: z.array(z.string()),
  afterMonths: z.array(z.string()),
  treated: z.object({ before: CellSchema, after: CellSchema }),
  comparison: z
    .object({
      units: z.array(z.object({ id: z.string(), name: z.string(), distance: z.number() })),
      before: CellSchema,
      after: CellSchema,
    })
    .nullable(),
  /** The control chart of the plan's units by month, read at the action's month. */
  stepChange: z
    .object({
      center: z.number(),
      ucl: z.number(),
      lcl: z.number(),
      stepTowardGoal: z.boolean(),
      stepAgainstGoal: z.boolean(),
      firstSignalMonth: z.string().nullable(),
    })
    .nullable(),
  /** Why a part could not be computed, in English for logs; the app words the codes. */
  notes: z.array(z.enum(['no_comparison_units', 'no_action_date', 'short_history_for_chart'])),
})
export type PlanEffect = z.infer<typeof PlanEffectSchema>

/** The approval asked of a named member, where the organisation wants plans approved. */
export const PlanApprovalSchema = z.object({
  status: z.enum(['pending', 'approved', 'rejected']),
  requestedBy: z.string(),
  requestedAt: z.number(),
  approverId: z.string(),
  decidedAt: z.number().nullable(),
  note: z.string().nullable(),
})
export type PlanApproval = z.infer<typeof PlanApprovalSchema>

export const ApprovalRequestSchema = z
  .object({
    /** The member asked to approve (not the one asking). */
    approverId: z.string().max(100),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()

export const ApprovalDecisionSchema = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()

export const PlanSettingsSchema = z
  .object({
    /** Plans need a named member's approval before they move to "do". */
    approvalRequired: z.boolean(),
  })
  .strict()
export type PlanSettings = z.infer<typeof PlanSettingsSchema>

/** At most 10 MB a file: images (PNG, JPEG, GIF, WebP, HEIC) and PDF, told by their bytes. */
export const PLAN_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

export const AttachmentInputSchema = z
  .object({
    filename: z.string().trim().min(1).max(200),
    /** The file's bytes in base64 (at most 10 MB decoded; the route's body limit bounds it). */
    contentBase64: z.string().min(1),
  })
  .strict()

export const PlanAttachmentSchema = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string(),
  createdAt: z.number(),
})
export type PlanAttachment = z.infer<typeof PlanAttachmentSchema>

export const PlanSchema = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  problem: z.string(),
  causeCategory: z.string(),
  rootCause: z.string(),
  metric: PlanMetricSchema,
  goal: z.enum(['increase', 'decrease']),
  minimumEffect: z.number(),
  unitIds: z.array(z.string()),
  ownerId: z.string(),
  department: z.string().nullable(),
  dueAt: z.number(),
  actionAt: z.number().nullable(),
  status: PlanStatusSchema,
  abandonReason: z.string().nullable(),
  evidence: EvidenceSchema,
  isStandard: z.boolean(),
  copiedFrom: z.string().nullable(),
  overdue: z.boolean(),
  /** The approval asked for the plan; null when never asked. */
  approval: PlanApprovalSchema.nullable(),
  createdBy: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type Plan = z.infer<typeof PlanSchema>

export const PlanDetailSchema = PlanSchema.extend({
  tasks: z.array(TaskSchema),
  events: z.array(PlanEventSchema),
  attachments: z.array(PlanAttachmentSchema),
  /** Whether the organisation wants plans approved before they move to "do". */
  approvalRequired: z.boolean(),
})
export type PlanDetail = z.infer<typeof PlanDetailSchema>

/**
 * A plan in the plans overview, with the verdict the background job plan-verdicts last recorded
 * for it (null: not judged yet — the job judges plans from "do" on). The plan's own page measures
 * the effect afresh.
 */
export const PlanSummarySchema = PlanSchema.extend({ verdict: PlanVerdictSchema.nullable() })
export type PlanSummary = z.infer<typeof PlanSummarySchema>

export const PlanListSchema = z.object({ plans: z.array(PlanSummarySchema) })
