import { z } from 'zod'
import { IsoTimeSchema, LabelSchema } from '../shared/wire-schema.js'
import { LocaleSchema, LocalizedTextSchema, QuestionSchema, SurveySchema } from './survey.schema.js'

/** Browser-safe: what the survey routes answer with, beside the survey itself (survey.schema.ts). */

export const SurveyListSchema = z.object({
  surveys: z.array(SurveySchema.extend({ responses: z.number() })),
})

export const SurveyWithUrlSchema = SurveySchema.extend({
  /** The respondents' link. */
  publicUrl: z.string(),
})
export type SurveyWithUrl = z.infer<typeof SurveyWithUrlSchema>

export const SurveyTemplateListSchema = z.object({
  templates: z.array(
    z.object({
      id: z.string(),
      name: LabelSchema,
      description: LabelSchema,
      /** How many questions it has. */
      questions: z.number(),
    }),
  ),
})

export const SignedLinkSchema = z.object({ token: z.string(), url: z.string() })

export const LinkSecretSchema = z.object({ secret: z.string(), algorithm: z.string() })

/** Segment fields and the values seen in the answers. */
export const SegmentValuesSchema = z.object({ fields: z.record(z.string(), z.array(z.string())) })

/** What a respondent needs of an open survey. */
export const PublicSurveySchema = z.object({
  slug: z.string(),
  title: LocalizedTextSchema,
  defaultLocale: LocaleSchema,
  version: z.number(),
  questions: z.array(QuestionSchema),
})

export const SubmitResultSchema = z.object({
  id: z.string(),
  surveyId: z.string(),
  submittedAt: IsoTimeSchema,
  /** False when the same answer (idempotency key) was stored before. */
  created: z.boolean(),
})
