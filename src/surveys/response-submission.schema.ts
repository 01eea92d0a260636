import { z } from 'zod'
import { LOCALES } from '../shared/locale.js'

/** Browser-safe: an answer as the respondent page and the public API send it. */

export const AnswerValueSchema = z.union([
  z.number(),
  z.string(),
  z.null(),
  z.boolean(),
  z.array(z.string().max(40)).max(50),
  z.record(
    z.string().max(40),
    z.union([
      z.number(),
      z.string().max(200),
      z.boolean(),
      z.null(),
      // A matrix of choices with several per row: the row's chosen option keys.
      z.array(z.string().max(40)).max(50),
    ]),
  ),
])

export const ResponseSubmissionSchema = z.object({
  answers: z.record(z.string(), AnswerValueSchema),
  clientResponseId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,100}$/, 'must be 8–100 characters of A–Z, a–z, 0–9, _ or -')
    .optional(),
  locale: z.enum(LOCALES).optional(),
  channel: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/)
    .default('link'),
  /** A signed link token (signed-link.ts): its fields become segments no one can forge. */
  linkToken: z.string().max(4000).optional(),
  /** A personal link's token (the respondent page's `i`): the answer is that invitation's, once. */
  invitationToken: z.string().max(100).optional(),
  /** When the form was shown (epoch ms), for answer-time quality checks. A JSON number: "1718424000000" is refused. */
  startedAt: z.number().int().positive().optional(),
  segments: z
    .record(
      z
        .string()
        .regex(
          /^\p{L}[\p{L}\p{N}_-]{0,39}$/u,
          'segment names are letters, digits, _ or - (at most 40)',
        ),
      z.string().max(200),
    )
    .refine((s) => Object.keys(s).length <= 20, 'at most 20 segment fields')
    .default({}),
})
export type ResponseSubmission = z.infer<typeof ResponseSubmissionSchema>
