import { z } from 'zod'

/**
 * The enterprise CSI (企业 CSI: 美誉度, 指名度, 回头率, 抱怨率, 销售力) computed live: its settings
 * per organisation and the report. Browser-safe (zod only): the admin app's types come from here.
 */

export const ENTERPRISE_CSI_INDICATOR_KEYS = [
  'reputation',
  'designation',
  'returnRate',
  'complaintRate',
  'salesPower',
] as const
export const IndicatorKeySchema = z.enum(ENTERPRISE_CSI_INDICATOR_KEYS)
export type IndicatorKey = z.infer<typeof IndicatorKeySchema>

const Id = z.string().min(1).max(100)
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM')
const Weight = z.number().min(0).max(1000)

export const EnterpriseCsiSettingsSchema = z
  .object({
    /**
     * 美誉度: the share of a survey's respondents who would recommend — NPS promoters (9–10) of
     * its NPS question, or the top two boxes (4–5) of its CSAT question. null: not measured.
     */
    reputation: z
      .object({ surveyId: Id, measure: z.enum(['nps_promoters', 'csat_top_two']) })
      .strict()
      .nullable(),
    /**
     * 指名度: the share of a survey's respondents to a single-choice question (e.g. "which brand
     * comes to mind first?") who chose the organisation's own option. null: not measured.
     */
    designation: z
      .object({
        surveyId: Id,
        questionKey: z.string().min(1).max(100),
        option: z.string().min(1).max(40),
      })
      .strict()
      .nullable(),
    /** 抱怨率's "worst acceptable" rate W per 10,000 customers: W or more scores 0. */
    complaintWorstPer10k: z.number().gt(0).max(10_000),
    /** 销售力's cap C of growth against the previous period: +C scores 100, −C scores 0. */
    salesGrowthCap: z.number().gt(0).max(10),
    /** The period: this many whole months, compared with as many months before. */
    periodMonths: z.number().int().min(1).max(24),
    weights: z
      .object({
        reputation: Weight,
        designation: Weight,
        returnRate: Weight,
        complaintRate: Weight,
        salesPower: Weight,
      })
      .strict()
      .refine((w) => Object.values(w).some((v) => v > 0), {
        message: 'at least one weight must be above 0',
      }),
  })
  .strict()
export type EnterpriseCsiSettings = z.infer<typeof EnterpriseCsiSettingsSchema>

/** The seed's example tree's weights (docs/examples/enterprise-csi.json), nothing measured yet. */
export const DEFAULT_ENTERPRISE_CSI_SETTINGS: EnterpriseCsiSettings = {
  reputation: null,
  designation: null,
  complaintWorstPer10k: 1000,
  salesGrowthCap: 0.2,
  periodMonths: 3,
  weights: { reputation: 25, designation: 20, returnRate: 25, complaintRate: 15, salesPower: 15 },
}

export const EnterpriseCsiSettingsViewSchema = z.object({
  settings: EnterpriseCsiSettingsSchema,
  /** False while the organisation has not saved any (the defaults are shown). */
  saved: z.boolean(),
  updatedAt: z.string().nullable(),
})
export type EnterpriseCsiSettingsView = z.infer<typeof EnterpriseCsiSettingsViewSchema>

export const EnterpriseCsiQuerySchema = z
  .object({
    /** A unit: its records and those of every unit below it (within the reader's units). */
    unitId: Id.optional(),
    /** The period's last month (YYYY-MM, the organisation's calendar); default: this month. */
    month: Month.optional(),
  })
  .strict()

const Interval = z.tuple([z.number(), z.number()])

export const EnterpriseCsiIndicatorSchema = z.object({
  indicator: IndicatorKeySchema,
  /** 0–100; null without data. */
  score: z.number().nullable(),
  /** A share (0–1), complaints per 10,000 customers, or sales growth (0.1 = +10%). */
  value: z.number().nullable(),
  /** Respondents or customers behind a share; for sales power the previous period's purchases. */
  n: z.number(),
  /** 95% interval of the score (Wilson for the shares), null for sales power. */
  ci95: Interval.nullable(),
  /** The weight normalised over the indicators with data. */
  weight: z.number(),
  /** weight × score, in index points. */
  contribution: z.number(),
  /** What was counted: hits of n, or purchases in the period and the one before. */
  counts: z.object({ hits: z.number(), n: z.number() }),
})

export const EnterpriseCsiReportSchema = z.object({
  unitId: z.string().nullable(),
  /** First and last month of the period, and of the previous one (sales power's base). */
  period: z.object({ from: Month, to: Month }),
  previousPeriod: z.object({ from: Month, to: Month }),
  /** 0–100; null when no indicator has data. */
  index: z.number().nullable(),
  indicators: z.array(EnterpriseCsiIndicatorSchema),
  missing: z.array(IndicatorKeySchema),
  settings: EnterpriseCsiSettingsSchema,
})
export type EnterpriseCsiReport = z.infer<typeof EnterpriseCsiReportSchema>

/** The index of each unit directly below a unit (or of the reader's top units), for comparison. */
export const EnterpriseCsiUnitsSchema = z.object({
  /** The unit whose children are compared; null: the reader's top units. */
  unitId: z.string().nullable(),
  period: z.object({ from: Month, to: Month }),
  units: z.array(
    z.object({
      unit: z.object({
        id: z.string(),
        code: z.string(),
        nameZh: z.string(),
        nameEn: z.string().nullable(),
      }),
      index: z.number().nullable(),
      scores: z.record(IndicatorKeySchema, z.number().nullable()),
    }),
  ),
  /** More units than compared at once (the first MAX_COMPARED_UNITS by code are shown). */
  truncated: z.boolean(),
})
export type EnterpriseCsiUnits = z.infer<typeof EnterpriseCsiUnitsSchema>
export const MAX_COMPARED_UNITS = 30
