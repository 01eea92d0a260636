import { z } from 'zod'
import { EmployeeSchema } from './employee.schema.js'

/** Employees' customer outcomes (issue 19): requests and responses (browser-safe). */

export const ScorecardMetricSchema = z.enum(['csat', 'nps', 'ces'])
export type ScorecardMetric = z.infer<typeof ScorecardMetricSchema>

export const ScorecardQuerySchema = z.object({
  /** First day (ISO date, organisation calendar taken as UTC midnight); default 90 days before to. */
  from: z.iso.date().optional(),
  /** Day after the last (ISO date); default tomorrow. */
  to: z.iso.date().optional(),
  /** The figure employees are ranked on (default csat). */
  metric: ScorecardMetricSchema.default('csat'),
  /** Employees with fewer answers are listed but not ranked (default 30). */
  minN: z.coerce.number().int().min(1).max(10_000).default(30),
})
export type ScorecardQuery = z.input<typeof ScorecardQuerySchema>

export const UnitScorecardQuerySchema = ScorecardQuerySchema.extend({ unitId: z.string().min(1) })

const Interval = z.tuple([z.number(), z.number()]).nullable()

/** One figure of one employee: raw beside shrunk toward the unit's mean (empirical Bayes). */
export const OutcomeFigureSchema = z.object({
  n: z.number(),
  /** The raw figure (CSAT 1–5 mean, NPS −100…100, CES 1–7 mean); null without answers. */
  raw: z.number().nullable(),
  rawCi95: Interval,
  shrunk: z.number().nullable(),
  shrunkCi95: Interval,
  /** How far the raw figure was pulled toward the unit's mean (0 keeps it, 1 replaces it). */
  shrinkage: z.number().nullable(),
})
export type OutcomeFigure = z.infer<typeof OutcomeFigureSchema>

export const ShareFigureSchema = z.object({
  /** Cases counted (due for SLA, followed up for recovery). */
  n: z.number(),
  hits: z.number(),
  /** hits / n; null when n = 0. */
  share: z.number().nullable(),
  /** Wilson 95% interval; null when n = 0. */
  ci95: Interval,
})

export const EmployeeOutcomesSchema = z.object({
  employee: EmployeeSchema,
  csat: OutcomeFigureSchema,
  nps: OutcomeFigureSchema,
  ces: OutcomeFigureSchema,
  complaints: z.number(),
  praise: z.number(),
  cases: z.number(),
  /** Share of due cases that kept their SLA. */
  sla: ShareFigureSchema,
  /** Share of followed-up cases whose customer was satisfied with the recovery. */
  recovery: ShareFigureSchema,
  /** Cases of customers with two or more cases of this employee in the window. */
  repeatComplaints: z.number(),
  /** 1 = best of the unit on the ranking figure (shrunk); null below the minimum n. */
  rank: z.number().nullable(),
  belowMinimum: z.boolean(),
})
export type EmployeeOutcomes = z.infer<typeof EmployeeOutcomesSchema>

export const UnitScorecardsSchema = z.object({
  unitId: z.string(),
  from: z.string(),
  to: z.string(),
  metric: ScorecardMetricSchema,
  minN: z.number(),
  /** The precision-weighted mean the employees' figures are pulled toward; null without answers. */
  unitMean: z.number().nullable(),
  /** False when fewer than four employees have answers (nothing is shrunk then). */
  shrinkageApplied: z.boolean(),
  /** Ranked first (by rank), then those below the minimum n, by code. */
  employees: z.array(EmployeeOutcomesSchema),
})
export type UnitScorecards = z.infer<typeof UnitScorecardsSchema>

export const MonthTrendSchema = z.object({
  /** YYYY-MM. */
  month: z.string(),
  csat: z.object({ n: z.number(), mean: z.number().nullable() }),
  nps: z.object({ n: z.number(), nps: z.number().nullable() }),
  ces: z.object({ n: z.number(), mean: z.number().nullable() }),
  complaints: z.number(),
  praise: z.number(),
})

export const EmployeeScorecardSchema = z.object({
  from: z.string(),
  to: z.string(),
  metric: ScorecardMetricSchema,
  minN: z.number(),
  /** Colleagues of the unit the employee is ranked among (themselves included). */
  unitEmployees: z.number(),
  unitMean: z.number().nullable(),
  outcomes: EmployeeOutcomesSchema,
  /** Per month of the window, oldest first. */
  trend: z.array(MonthTrendSchema),
})
export type EmployeeScorecard = z.infer<typeof EmployeeScorecardSchema>
