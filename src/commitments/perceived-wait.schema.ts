import { z } from 'zod'
import { IsoDateTime, LocalizedTextSchema } from '../surveys/survey.schema.js'

/**
 * Perceived against actual waits of the same hall visits (issue 20 "Waiting"). Browser-safe: the
 * route, the API docs and the admin app read these. Waits are minutes.
 *
 * The link: a survey declares the hidden field `ticket` and its per-hall link carries the
 * hall's unit and the visitor's ticket (…/s/<slug>?unit=530100&ticket=A012), so the answer has
 * the hall (its unit) and the ticket; it rates the latest visit with that ticket at that hall
 * taken before the answer was submitted, at most two days before (halls restart their ticket
 * numbers every day). The perceived wait is the answer to a slider question (minutes) or a
 * single-choice question whose options name minute bands ("<5 分钟" … ">20 分钟"), read as the
 * bands' midpoints (src/analytics/perceived-wait.ts).
 */

/** The hidden field that carries the visit's ticket. */
export const TICKET_FIELD = 'ticket'

export const PerceivedWaitQuerySchema = z.object({
  /** The survey; default the first survey that declares the `ticket` hidden field. */
  surveyId: z.string().max(100).optional(),
  /** The question's key; default the survey's first suitable question. */
  questionId: z.string().max(100).optional(),
  /** Answers submitted in [from, to); default the last 28 days. */
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  /** Halls (unit ids, comma-separated); default every hall the caller may see. */
  unitIds: z.string().max(5000).optional(),
})

const BandSchema = z.object({
  from: z.number(),
  /** Null: 20 minutes and more. */
  to: z.number().nullable(),
  n: z.number(),
  meanActual: z.number().nullable(),
  meanPerceived: z.number().nullable(),
  meanGap: z.number().nullable(),
})

/** The summary of a set of pairs; null figures when fewer than 2 pairs. */
export const PerceivedWaitSummarySchema = z.object({
  n: z.number(),
  meanActual: z.number().nullable(),
  meanPerceived: z.number().nullable(),
  /** Mean of perceived − actual; positive: the wait felt longer than it was. */
  meanGap: z.number().nullable(),
  /** 95% paired-t interval of the mean gap. */
  gapInterval: z.tuple([z.number(), z.number()]).nullable(),
  medianGap: z.number().nullable(),
  overestimateShare: z.number().nullable(),
  /** Spearman's rank correlation of perceived and actual; null when either side is constant. */
  spearman: z.number().nullable(),
  bands: z.array(BandSchema),
})
export type PerceivedWaitSummaryWire = z.infer<typeof PerceivedWaitSummarySchema>

export const PerceivedWaitQuestionSchema = z.object({
  key: z.string(),
  title: LocalizedTextSchema,
  /** slider: the answer is minutes; bands: a single choice whose options name minute bands. */
  kind: z.enum(['minutes', 'bands']),
})

export const PerceivedWaitsSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Customer surveys that declare the `ticket` hidden field, with their suitable questions. */
  surveys: z.array(
    z.object({
      id: z.string(),
      title: LocalizedTextSchema,
      questions: z.array(PerceivedWaitQuestionSchema),
    }),
  ),
  /** The survey and question read; null when there is none to read. */
  surveyId: z.string().nullable(),
  questionId: z.string().nullable(),
  /** Answers of the survey in the period within the caller's halls. */
  answers: z.number(),
  /** Answers whose link carried no ticket. */
  withoutTicket: z.number(),
  /** Answers with a ticket that matches no visit of their hall in the two days before. */
  unmatched: z.number(),
  /** Matched visits never called (left, or still waiting): no actual wait. */
  notCalled: z.number(),
  /** Matched and called, but the question unanswered or not in minutes. */
  noMinutes: z.number(),
  total: PerceivedWaitSummarySchema,
  units: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      unitNameEn: z.string().nullable(),
      summary: PerceivedWaitSummarySchema,
    }),
  ),
})
export type PerceivedWaits = z.infer<typeof PerceivedWaitsSchema>
