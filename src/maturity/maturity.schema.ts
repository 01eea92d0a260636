import { z } from 'zod'
import { MATURITY_ITEM_KEYS } from './maturity-instrument.js'

/** Service maturity self-assessments (issue 19): requests and responses (browser-safe). */

const Words = z.object({ 'zh-CN': z.string(), 'en-US': z.string() })
const Stage = z.number().int().min(1).max(4)
const Rating = z.number().int().min(1).max(5)

/** Every item of the instrument rated 1–5, nothing else. */
export const MaturityRatingsSchema = z
  .object(Object.fromEntries(MATURITY_ITEM_KEYS.map((key) => [key, Rating])))
  .strict()

const Day = z.iso.date()

export const AssessmentCreateSchema = z
  .object({
    unitId: z.string().min(1).max(100),
    /** The day the assessment describes (YYYY-MM-DD). */
    assessedOn: Day,
    ratings: MaturityRatingsSchema,
    note: z.string().trim().max(2000).optional(),
  })
  .strict()

export const AssessmentUpdateSchema = z
  .object({
    assessedOn: Day.optional(),
    ratings: MaturityRatingsSchema,
    note: z.string().trim().max(2000).optional(),
  })
  .strict()

export const AssessmentListQuerySchema = z.object({ unitId: z.string().min(1).optional() })

export const GapPlanInputSchema = z
  .object({
    /** The language the plan's title and problem are written in. */
    locale: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
    /** The customer outcome the plan is judged on (default CSAT). */
    metric: z.enum(['nps', 'csat', 'ces']).default('csat'),
  })
  .strict()

const DimensionResultSchema = z.object({
  key: z.string(),
  /** Mean of the dimension's item ratings, 1–5. */
  score: z.number(),
  lowest: z.number(),
  stage: Stage,
})

const GapSchema = z.object({
  dimension: z.string(),
  score: z.number(),
  /** The rating every item needs for the next stage. */
  required: z.number(),
  items: z.array(z.object({ item: z.string(), rating: z.number(), required: z.number() })),
  pointsShort: z.number(),
  /** The action plan made from this gap, if one was. */
  planId: z.string().nullable(),
})

export const AssessmentSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unit: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string().nullable() }),
  instrument: z.string(),
  assessedOn: z.string(),
  ratings: z.record(z.string(), z.number()),
  note: z.string().nullable(),
  stage: Stage,
  nextStage: Stage.nullable(),
  dimensions: z.array(DimensionResultSchema),
  gaps: z.array(GapSchema),
  createdBy: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type Assessment = z.infer<typeof AssessmentSchema>
export const AssessmentListSchema = z.object({ assessments: z.array(AssessmentSchema) })

export const GapPlanSchema = z.object({
  assessmentId: z.string(),
  dimension: z.string(),
  planId: z.string(),
  /** False when the gap's plan had been made before (the same plan is returned). */
  created: z.boolean(),
})

export const InstrumentSchema = z.object({
  version: z.string(),
  stages: z.array(z.object({ stage: Stage, name: Words })),
  dimensions: z.array(
    z.object({
      key: z.string(),
      name: Words,
      items: z.array(z.object({ key: z.string(), title: Words, anchors: z.array(Words) })),
    }),
  ),
})
export type Instrument = z.infer<typeof InstrumentSchema>
