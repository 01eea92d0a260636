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
    /** 抱怨率's "worst acceptable" rate W per 10,000 of its base: W or more scores 0. */
    complaintWorstPer10k: z.number().gt(0).max(10_000),
    /**
     * 抱怨率's base: the period's active customers (those who bought in it) or its transactions
     * (purchases). Settings saved before there was a choice read as customers.
     */
    complaintBase: z.enum(['customers', 'transactions']).default('customers'),
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
  complaintBase: 'customers',
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

/** A period's sales: purchases and their amount, refunds (a positive amount) and net = amount − refunds. */
export const SalesTotalsSchema = z.object({
  purchases: z.number(),
  amount: z.number(),
  refunds: z.number(),
  net: z.number(),
})
export type SalesTotals = z.infer<typeof SalesTotalsSchema>

export const EnterpriseCsiIndicatorSchema = z.object({
  indicator: IndicatorKeySchema,
  /** 0–100; null without data. */
  score: z.number().nullable(),
  /** A share (0–1), complaints per 10,000 of the base, or sales growth (0.1 = +10%). */
  value: z.number().nullable(),
  /**
   * Respondents or customers behind a share; the complaint rate's base (active customers or
   * transactions); for sales power the previous period's net sales.
   */
  n: z.number(),
  /** 95% interval of the score (Wilson for the shares, Poisson score for complaints), null for sales power. */
  ci95: Interval.nullable(),
  /** The weight normalised over the indicators with data. */
  weight: z.number(),
  /** weight × score, in index points. */
  contribution: z.number(),
  /**
   * What was counted: hits of n; complaints (hits) of the base (n); net sales in the period
   * (hits) and the one before (n).
   */
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
  /** The sales behind 销售力, this period and the previous one. */
  sales: z.object({ current: SalesTotalsSchema, previous: SalesTotalsSchema }),
  settings: EnterpriseCsiSettingsSchema,
})
export type EnterpriseCsiReport = z.infer<typeof EnterpriseCsiReportSchema>

const Scores = z.record(IndicatorKeySchema, z.number().nullable())

/**
 * The index of each unit directly below a unit (or of the reader's top units), for comparison:
 * every such unit, read together (a few grouped queries however many units).
 */
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
      scores: Scores,
    }),
  ),
})
export type EnterpriseCsiUnits = z.infer<typeof EnterpriseCsiUnitsSchema>

/** How many months the trend shows, the period ending at each (the last one the chosen month). */
export const ENTERPRISE_CSI_TREND_MONTHS = 12

/** The index and scores for the period ending at each of the last 12 months. */
export const EnterpriseCsiTrendSchema = z.object({
  unitId: z.string().nullable(),
  /** Months per period (the settings'): each point covers that many months up to its month. */
  periodMonths: z.number(),
  points: z.array(
    z.object({
      /** The period's last month. */
      month: Month,
      period: z.object({ from: Month, to: Month }),
      index: z.number().nullable(),
      scores: Scores,
    }),
  ),
})
export type EnterpriseCsiTrend = z.infer<typeof EnterpriseCsiTrendSchema>
