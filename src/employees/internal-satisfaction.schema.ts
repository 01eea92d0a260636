import { z } from 'zod'
import { LocalizedTextSchema } from '../surveys/survey.schema.js'

/**
 * The internal-satisfaction report (issue 19): requests and responses (browser-safe). The query
 * takes nothing but the survey, the unit to start from and an external survey to compare with:
 * no period, channel or segment filter exists, since every extra cut would be one more table an
 * attacker could subtract from the shown one. Unknown parameters are refused (strict).
 */
export const InternalSatisfactionQuerySchema = z
  .object({
    surveyId: z.string().min(1).max(100),
    /** Show this unit and those below it (UNIT_NOT_FOUND outside the caller's units). */
    unitId: z.string().min(1).max(100).optional(),
    /** A customer survey whose NPS per unit is set beside the internal figures. */
    externalSurveyId: z.string().min(1).max(100).optional(),
  })
  .strict()
export type InternalSatisfactionQuery = z.input<typeof InternalSatisfactionQuerySchema>

const Interval = z.tuple([z.number(), z.number()]).nullable()

export const DimensionFigureSchema = z.object({
  key: z.string(),
  title: LocalizedTextSchema,
  n: z.number(),
  /** Mean on the 1–5 scale; null when fewer than minGroup answered this question. */
  mean: z.number().nullable(),
  ci95: Interval,
})

export const InternalGroupSchema = z.object({
  /** The unit's id; null for the organisation as a whole. */
  unitId: z.string().nullable(),
  parentUnitId: z.string().nullable(),
  code: z.string().nullable(),
  nameZh: z.string().nullable(),
  nameEn: z.string().nullable(),
  depth: z.number(),
  /**
   * False when the group has fewer than minGroup people or is hidden so that another one cannot be
   * derived: then n, figures and comments are null/empty, and nothing says which of the two.
   */
  shown: z.boolean(),
  n: z.number().nullable(),
  dimensions: z.array(DimensionFigureSchema),
  /** Mean over a respondent's dimension answers, averaged over respondents (1–5) with a t interval. */
  index: z.object({ mean: z.number().nullable(), ci95: Interval }).nullable(),
  enps: z.object({ n: z.number(), enps: z.number().nullable(), ci95: Interval }).nullable(),
  /** The group's comments, sorted by text so that their order tells nothing about who wrote them. */
  comments: z.array(z.string()),
  /** The external survey's NPS of the unit and below (customers are not anonymous). */
  external: z.object({ n: z.number(), nps: z.number().nullable(), ci95: Interval }).nullable(),
})
export type InternalGroup = z.infer<typeof InternalGroupSchema>

export const InternalSatisfactionSchema = z.object({
  surveyId: z.string(),
  minGroup: z.number(),
  groups: z.array(InternalGroupSchema),
  /**
   * Internal index against external NPS over the finest shown units (service-profit chain,
   * Heskett et al. 1994): Pearson r with Fisher's z interval; null with a reason otherwise.
   */
  correlation: z
    .object({
      n: z.number(),
      r: z.number().nullable(),
      ci95: Interval,
      reason: z.enum(['no-external-survey', 'too-few-units', 'no-spread']).nullable(),
    })
    .nullable(),
})
export type InternalSatisfaction = z.infer<typeof InternalSatisfactionSchema>
