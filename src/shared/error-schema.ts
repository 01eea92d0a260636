import { z } from 'zod'
import { FIELD_RULES } from './error-codes.js'

/**
 * The documented error body (docs/errors.md) as a schema: the OpenAPI document
 * describes every error response with it, and the API tests check answers
 * against it. Extra fields (e.g. `retryAfter`, `allowedNext`) sit next to
 * `code`, so the inner object allows them.
 */
export const ERROR_CODE_PATTERN = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/

export const FieldIssueSchema = z
  .object({
    path: z
      .string()
      .meta({ description: 'Dotted path of the offending input, e.g. `answers.nps`' }),
    reason: z.string().meta({ description: 'What was wrong, in plain English' }),
    allowed: z
      .string()
      .optional()
      .meta({ description: 'What is allowed, when that can be said briefly' }),
    rule: z
      .enum(FIELD_RULES)
      .optional()
      .meta({ description: "The kind of problem, stable, for wording it in the user's language" }),
    limit: z.number().optional().meta({
      description:
        'The bound a too_short, too_long, too_small, too_big or password_too_short rule broke',
    }),
  })
  .strict()

export const ErrorBodySchema = z
  .object({
    error: z.looseObject({
      code: z
        .string()
        .regex(ERROR_CODE_PATTERN)
        .meta({ description: 'Stable SCREAMING_SNAKE code, listed in docs/errors.md' }),
      message: z.string().meta({ description: 'For people; not for branching on' }),
      details: z.array(FieldIssueSchema),
    }),
  })
  .strict()

export type ErrorBodyShape = z.infer<typeof ErrorBodySchema>
