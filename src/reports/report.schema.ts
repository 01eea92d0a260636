import { z } from 'zod'
import { OverviewQuerySchema } from '../overview/overview.schema.js'
import { SummaryQuerySchema } from '../responses/summary.schema.js'

/**
 * Unit reports (weekly 周报 and monthly 月报), their schedules and archive, and management
 * reviews: requests and responses (browser-safe: zod only, so the admin app infers its types).
 */

export const REPORT_KINDS = ['weekly', 'monthly'] as const
export const ReportKindSchema = z.enum(REPORT_KINDS)
export type ReportKind = z.infer<typeof ReportKindSchema>

export const REPORT_LOCALES = ['zh-CN', 'en-US'] as const
export const ReportLocaleSchema = z.enum(REPORT_LOCALES)
export type ReportLocale = z.infer<typeof ReportLocaleSchema>

/** A week by one of its days (its Monday `2026-11-16` by convention), or a month `2026-11`. */
const WeekSchema = z.string().regex(/^(19|20|21)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
const MonthSchema = z.string().regex(/^(19|20|21)\d\d-(0[1-9]|1[0-2])$/)

const ReportQueryBase = z.object({
  unitId: z.string().min(1),
  kind: ReportKindSchema.default('monthly'),
  /** weekly: the week's Monday (YYYY-MM-DD); monthly: YYYY-MM. Default: the last whole one. */
  period: z.string().trim().optional(),
  locale: ReportLocaleSchema.default('zh-CN'),
})

function checkPeriod(q: { kind: ReportKind; period?: string | undefined }, ctx: z.RefinementCtx) {
  if (q.period === undefined) return
  const ok = q.kind === 'weekly' ? WeekSchema.safeParse(q.period) : MonthSchema.safeParse(q.period)
  if (!ok.success)
    ctx.addIssue({
      code: 'custom',
      path: ['period'],
      message: q.kind === 'weekly' ? 'a Monday, YYYY-MM-DD' : 'a month, YYYY-MM',
    })
}

export const ReportQuerySchema = ReportQueryBase.superRefine(checkPeriod)
export type ReportQuery = z.input<typeof ReportQuerySchema>

export const ReportFormatSchema = z.enum(['pdf', 'xlsx'])

/** A report made on demand as a file (the dashboards' PDF export). */
/**
 * GET /surveys/:id/summary/pdf: the dashboard's filters (as GET /surveys/:id/summary), the file's
 * language, and the cross-tabulation chosen on the dashboard (its row and column question or
 * segment, and weight column), if any.
 */
export const DashboardPdfQuerySchema = SummaryQuerySchema.extend({
  locale: ReportLocaleSchema.default('zh-CN'),
  crosstabRow: z.string().min(1).max(200).optional(),
  crosstabBy: z.string().min(1).max(200).optional(),
  crosstabWeight: z.string().min(1).max(200).optional(),
})

/** GET /overview/pdf: the overview's period and unit (as GET /overview) and the file's language. */
export const OverviewPdfQuerySchema = OverviewQuerySchema.extend({
  locale: ReportLocaleSchema.default('zh-CN'),
})

export const ReportFileQuerySchema = ReportQueryBase.extend({
  format: ReportFormatSchema.default('pdf'),
}).superRefine(checkPeriod)

const Ci = z.tuple([z.number(), z.number()]).nullable()

export const ReportMetricSchema = z.object({
  metric: z.enum(['nps', 'csat', 'ces']),
  value: z.number().nullable(),
  n: z.number(),
  ci95: Ci,
  previous: z.number().nullable(),
  previousN: z.number(),
  /** The target of the month the period ends in; null when none is set. */
  target: z.number().nullable(),
  /** Chance the month's final figure meets the target (targets domain); null without one. */
  probability: z.number().nullable(),
})
export type ReportMetric = z.infer<typeof ReportMetricSchema>

export const ReportLeagueRowSchema = z.object({
  unitId: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  n: z.number(),
  raw: z.number().nullable(),
  rawCi95: Ci,
  shrunk: z.number().nullable(),
  rank: z.number().nullable(),
  target: z.number().nullable(),
  verdict: z.enum(['better', 'worse', 'same']).nullable(),
})

export const ReportCauseSchema = z.object({
  key: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  count: z.number(),
  share: z.number(),
  cumulativeShare: z.number(),
  vital: z.boolean(),
})
export type ReportCause = z.infer<typeof ReportCauseSchema>

export const ReportTopicSchema = z.object({
  topic: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  recentShare: z.number(),
  baselineShare: z.number(),
  lift: z.number().nullable(),
})

export const ReportPlanSchema = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.string(),
  metric: z.string(),
  dueAt: z.number(),
  overdue: z.boolean(),
  verdict: z.enum(['effective', 'not_effective', 'not_enough_data']).nullable(),
  effect: z.number().nullable(),
})

export const ReportReviewLinkSchema = z.object({
  id: z.string(),
  heldOn: z.string(),
  title: z.string(),
  decisions: z.number(),
})

export const ReportSchema = z.object({
  unit: z.object({
    id: z.string(),
    code: z.string(),
    nameZh: z.string(),
    nameEn: z.string().nullable(),
  }),
  kind: ReportKindSchema,
  period: z.string(),
  /** Local dates, inclusive. */
  from: z.string(),
  to: z.string(),
  previousFrom: z.string(),
  previousTo: z.string(),
  /** The month the league table and targets are read for (a week's month). */
  leagueMonth: z.string(),
  generatedAt: z.number(),
  metrics: z.array(ReportMetricSchema),
  league: z.array(ReportLeagueRowSchema),
  causes: z.array(ReportCauseSchema),
  topics: z.array(ReportTopicSchema),
  plans: z.array(ReportPlanSchema),
  /** Management reviews of this unit held within the period (monthly reports). */
  reviews: z.array(ReportReviewLinkSchema),
  /**
   * The surveys answered in the unit's subtree in the period that have respondent weights
   * (settings.weightField): the report's figures pool every survey's answers alike, unweighted,
   * and its PDF and XLSX say so when this is not empty. Titles are null for a reader who may not
   * read surveys.
   */
  weightedSurveys: z.array(
    z.object({ id: z.string(), titleZh: z.string().nullable(), titleEn: z.string().nullable() }),
  ),
})
export type Report = z.infer<typeof ReportSchema>

// ---- schedules and archive ----

export const ScheduleInputSchema = z
  .object({
    unitId: z.string().min(1),
    kind: ReportKindSchema,
    locale: ReportLocaleSchema.default('zh-CN'),
    recipients: z.array(z.string().trim().toLowerCase().email()).max(50).default([]),
    active: z.boolean().default(true),
  })
  .strict()
export type ScheduleInput = z.input<typeof ScheduleInputSchema>

export const ScheduleSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitNameZh: z.string(),
  unitNameEn: z.string().nullable(),
  kind: ReportKindSchema,
  locale: ReportLocaleSchema,
  recipients: z.array(z.string()),
  active: z.boolean(),
  createdBy: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type Schedule = z.infer<typeof ScheduleSchema>
export const ScheduleListSchema = z.object({ schedules: z.array(ScheduleSchema) })

export const ArchivedReportSchema = z.object({
  id: z.string(),
  scheduleId: z.string().nullable(),
  unitId: z.string(),
  unitNameZh: z.string(),
  unitNameEn: z.string().nullable(),
  kind: ReportKindSchema,
  period: z.string(),
  locale: ReportLocaleSchema,
  pdfSize: z.number(),
  xlsxSize: z.number(),
  recipients: z.number(),
  sentAt: z.number().nullable(),
  /** Addresses still to be sent to (the e-mail job retries them); 0 when sent or none. */
  mailPending: z.number(),
  /** The last failure to send, while addresses are pending. */
  mailError: z.string().nullable(),
  createdAt: z.number(),
})
export type ArchivedReport = z.infer<typeof ArchivedReportSchema>
export const ArchiveListSchema = z.object({ reports: z.array(ArchivedReportSchema) })
export const ArchiveQuerySchema = z.object({ unitId: z.string().min(1).optional() })

// ---- management reviews ----

export const ReviewDecisionSchema = z.object({
  text: z.string().trim().min(1).max(2000),
  ownerId: z.string().nullable().default(null),
  dueOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .default(null),
})

export const ReviewInputSchema = z
  .object({
    unitId: z.string().min(1),
    heldOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
    title: z.string().trim().min(1).max(200),
    attendees: z.array(z.string().trim().min(1).max(100)).min(1).max(100),
    plansReviewed: z.array(z.string().min(1)).max(200).default([]),
    decisions: z.array(ReviewDecisionSchema).max(100).default([]),
    newPlans: z.array(z.string().min(1)).max(100).default([]),
    notes: z.string().max(10000).default(''),
  })
  .strict()
export type ReviewInput = z.input<typeof ReviewInputSchema>

export const ReviewSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitNameZh: z.string(),
  unitNameEn: z.string().nullable(),
  heldOn: z.string(),
  title: z.string(),
  attendees: z.array(z.string()),
  /** The unit's metrics against their targets for the month the review was held in, as recorded then. */
  metrics: z.array(ReportMetricSchema),
  plansReviewed: z.array(ReportPlanSchema),
  decisions: z.array(
    z.object({ text: z.string(), ownerId: z.string().nullable(), dueOn: z.string().nullable() }),
  ),
  newPlans: z.array(ReportPlanSchema),
  notes: z.string(),
  createdBy: z.string(),
  createdAt: z.number(),
})
export type Review = z.infer<typeof ReviewSchema>
export const ReviewListSchema = z.object({
  reviews: z.array(ReviewSchema.pick({ id: true, unitId: true, heldOn: true, title: true })),
})
export const ReviewListQuerySchema = z.object({ unitId: z.string().min(1).optional() })
