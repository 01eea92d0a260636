import { z } from 'zod'

const DateSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
const DAY_MS = 86_400_000
const MAX_DAYS = 366

/** A unit's roll-up over local dates `from` … `to` (inclusive), at most a year. */
export const UnitRollupQuerySchema = z
  .object({
    from: DateSchema,
    to: DateSchema,
    surveyId: z.string().min(1).optional(),
    /** `true`: today's tree for the whole window instead of the tree as it stood each day. */
    recut: z.enum(['true', 'false']).default('false'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS < MAX_DAYS, {
    path: ['to'],
    message: `at most ${MAX_DAYS} days after from`,
  })
export type UnitRollupQuery = z.infer<typeof UnitRollupQuerySchema>

const ServqualSumsSchema = z.object({
  respondents: z.number().int(),
  itemAnswers: z.number().int(),
  expectationSum: z.number().int(),
  perceptionSum: z.number().int(),
  gapSquares: z.number().int(),
})

export const UnitRollupSchema = z.object({
  unitId: z.string(),
  from: z.string(),
  to: z.string(),
  recut: z.boolean(),
  /** Days with answers in the unit's subtree, in order. */
  days: z.array(
    z.object({
      date: z.string(),
      responses: z.number().int(),
      /** Answers per value: NPS 0…10, CSAT 1…5, CES 1…7. */
      nps: z.array(z.number().int()),
      csat: z.array(z.number().int()),
      ces: z.array(z.number().int()),
      /** Per 7-level CSM question key: answers per level, 很不满意 (−60) … 很满意 (+60). */
      csm: z.record(z.string(), z.array(z.number().int())),
      /**
       * Per SERVQUAL dimension, over respondents who rated every item: the dimension's mean
       * expectation is expectationSum / itemAnswers, its gap (perceptionSum − expectationSum) /
       * itemAnswers; gapSquares = Σ over respondents of (Σ of its items' perception − expectation)².
       */
      servqual: z.record(z.string(), ServqualSumsSchema),
    }),
  ),
})
export type UnitRollup = z.infer<typeof UnitRollupSchema>
