import { z } from 'zod'

/** Appraisal and incentives (issue 19): requests and responses (browser-safe). */

const Weight = z.number().min(0).max(1000)
const Points = z.number().min(0).max(1000)

/** An organisation's scoring formula (src/analytics/appraisal-score.ts says how it scores). */
export const AppraisalFormulaSpecSchema = z
  .object({
    weights: z.object({
      csat: Weight.optional(),
      nps: Weight.optional(),
      ces: Weight.optional(),
      sla: Weight.optional(),
      recovery: Weight.optional(),
    }),
    minN: z.number().int().min(1).max(10_000),
    /** Below the minimum n a rating uses its shrunk figure, or is left out. */
    belowMinimum: z.enum(['shrunk', 'exclude']),
    praiseBonus: z.object({ perPraise: Points, cap: Points }),
    complaintPenalty: z.object({
      ours: Points,
      thirdParty: Points,
      customer: Points,
      unknown: Points,
      cap: Points,
    }),
    scoreCap: z.number().gt(0).max(1000),
  })
  .refine((f) => Object.values(f.weights).some((w) => (w ?? 0) > 0), {
    message: 'at least one outcome needs a weight above 0',
    path: ['weights'],
  })
export type AppraisalFormulaSpec = z.infer<typeof AppraisalFormulaSpecSchema>

export const AppraisalFormulaSchema = z.object({
  id: z.string(),
  version: z.number(),
  spec: AppraisalFormulaSpecSchema,
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.number(),
})
export type AppraisalFormula = z.infer<typeof AppraisalFormulaSchema>

export const AppraisalFormulaListSchema = z.object({ formulas: z.array(AppraisalFormulaSchema) })

export const AppraisalFormulaCreateSchema = z.object({
  spec: AppraisalFormulaSpecSchema,
  note: z.string().trim().max(500).optional(),
})

/** YYYY-MM of a real month. */
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')

export const AppraisalPreviewSchema = z.object({
  spec: AppraisalFormulaSpecSchema,
  unitId: z.string().min(1),
  /** Default: last month. */
  month: MonthSchema.optional(),
})

export const AppraisalComputeSchema = z.object({
  unitId: z.string().min(1),
  month: MonthSchema,
})

export const AppraisalReviseSchema = z.object({
  /** Why an approved month changes (kept on the revision and in the audit log). */
  reason: z.string().trim().min(5).max(1000),
  /** The formula version to score with; default: the version the approved revision used. */
  formulaVersion: z.number().int().min(1).optional(),
})

export const AppraisalListQuerySchema = z.object({
  unitId: z.string().min(1).optional(),
  month: MonthSchema.optional(),
})

export const DisputeCreateSchema = z.object({ text: z.string().trim().min(1).max(2000) })
export const DisputeAnswerSchema = z.object({ answer: z.string().trim().min(1).max(2000) })

const Outcome = z.enum(['csat', 'nps', 'ces', 'sla', 'recovery'])
const Counts = z.object({
  ours: z.number(),
  thirdParty: z.number(),
  customer: z.number(),
  unknown: z.number(),
})

export const AppraisalComponentSchema = z.object({
  outcome: Outcome,
  weight: z.number(),
  n: z.number(),
  raw: z.number().nullable(),
  shrunk: z.number().nullable(),
  source: z.enum(['raw', 'shrunk', 'excluded']),
  excludedBecause: z.enum(['no_data', 'below_minimum']).nullable(),
  points: z.number().nullable(),
  contribution: z.number().nullable(),
})

/** One employee's month: the score and every input behind it. */
export const AppraisalResultSchema = z.object({
  employee: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  components: z.array(AppraisalComponentSchema),
  base: z.number().nullable(),
  praise: z.object({ count: z.number(), points: z.number() }),
  penalty: z.object({ cases: Counts, points: z.number() }),
  complaints: z.number(),
  total: z.number().nullable(),
})
export type AppraisalResult = z.infer<typeof AppraisalResultSchema>

export const AppraisalPreviewResultSchema = z.object({
  unitId: z.string(),
  month: z.string(),
  results: z.array(AppraisalResultSchema),
})

export const AppraisalStatusSchema = z.enum(['draft', 'approved'])

export const DisputeSchema = z.object({
  id: z.string(),
  appraisalId: z.string(),
  employeeId: z.string(),
  text: z.string(),
  status: z.enum(['open', 'answered']),
  answer: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answeredAt: z.number().nullable(),
  createdAt: z.number(),
})
export type Dispute = z.infer<typeof DisputeSchema>

export const AppraisalMonthSummarySchema = z.object({
  id: z.string(),
  unitId: z.string(),
  month: z.string(),
  revision: z.number(),
  status: AppraisalStatusSchema,
  formulaVersion: z.number(),
  computedBy: z.string(),
  computedAt: z.number(),
  approvedBy: z.string().nullable(),
  approvedAt: z.number().nullable(),
  revisesId: z.string().nullable(),
  reason: z.string().nullable(),
  /** Whether a later revision replaces this one. */
  superseded: z.boolean(),
})
export type AppraisalMonthSummary = z.infer<typeof AppraisalMonthSummarySchema>

export const AppraisalMonthSchema = AppraisalMonthSummarySchema.extend({
  formula: AppraisalFormulaSpecSchema,
  results: z.array(AppraisalResultSchema),
  disputes: z.array(DisputeSchema),
})
export type AppraisalMonth = z.infer<typeof AppraisalMonthSchema>

export const AppraisalMonthListSchema = z.object({ months: z.array(AppraisalMonthSummarySchema) })

/** What an employee sees of their own months: their result only. */
export const MyAppraisalSchema = AppraisalMonthSummarySchema.pick({
  id: true,
  month: true,
  revision: true,
  formulaVersion: true,
  approvedAt: true,
}).extend({
  result: AppraisalResultSchema,
  disputes: z.array(DisputeSchema),
})
export const MyAppraisalListSchema = z.object({ appraisals: z.array(MyAppraisalSchema) })

export const AppraisalExportQuerySchema = z.object({
  locale: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
})
