import { z } from 'zod'

/** Browser-safe: what loading the demo data reports (POST /api/v1/demo). */
export const DemoResultSchema = z.object({
  surveys: z.array(
    z.object({ id: z.string(), slug: z.string(), title: z.string(), responses: z.number() }),
  ),
  /** Customer answers. */
  responses: z.number(),
  /** Employee answers of the anonymous internal-satisfaction survey, counted apart from customers'. */
  internalResponses: z.number(),
  /** Hall-visit survey answers, each rating a queue visit of the past week, counted apart. */
  hallVisitResponses: z.number(),
  cases: z.number(),
  /** Survey comments of the last 90 days, analysed as feedback. */
  comments: z.number(),
  /** The demo surveys were there already: nothing was loaded again (the counts are zero). */
  alreadyLoaded: z.boolean().optional(),
})
