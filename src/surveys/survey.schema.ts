import { z } from 'zod'
import { LOCALES } from '../shared/locale.js'

/** Browser-safe: the admin app and the respondent page import this file too. */

export const LocaleSchema = z.enum(LOCALES)

export const LocalizedTextSchema = z.object({
  'zh-CN': z.string().trim().min(1, 'must not be empty').max(500),
  'en-US': z.string().trim().max(500).optional(),
})
export type LocalizedText = z.infer<typeof LocalizedTextSchema>

export const QUESTION_TYPES = ['nps', 'csat', 'ces', 'text'] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]

/** Answer range of each scored question type. */
export const SCALES: Record<Exclude<QuestionType, 'text'>, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
}

export const TEXT_ANSWER_MAX = 5000

export const QuestionSchema = z.object({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must start with a lowercase letter and use only a–z, 0–9 and _ (at most 40)'),
  type: z.enum(QUESTION_TYPES),
  title: LocalizedTextSchema,
  required: z.boolean().default(false),
})
export type Question = z.infer<typeof QuestionSchema>

const IsoDateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)) && /T/.test(s), 'must be an ISO 8601 date-time, e.g. 2026-12-01T09:00:00+08:00')

export const SurveySettingsSchema = z
  .object({
    /** URL parameters stored with each answer as segments, e.g. store, region, order_id. */
    hiddenFields: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lowercase letters, digits or _ (at most 40)')).max(20).default([]),
    /** Answers are taken from this time on. */
    opensAt: IsoDateTime.optional(),
    /** Answers are refused after this time. */
    closesAt: IsoDateTime.optional(),
    /** Stop taking answers after this many. */
    responseQuota: z.number().int().min(1).max(100_000_000).optional(),
  })
  .refine((s) => !s.opensAt || !s.closesAt || Date.parse(s.opensAt) < Date.parse(s.closesAt), { message: 'must be after opensAt', path: ['closesAt'] })
export type SurveySettings = z.infer<typeof SurveySettingsSchema>

export const SurveyInputSchema = z
  .object({
    title: LocalizedTextSchema,
    defaultLocale: LocaleSchema.default('zh-CN'),
    questions: z.array(QuestionSchema).min(1, 'a survey needs at least one question').max(100),
    settings: SurveySettingsSchema.default({ hiddenFields: [] }),
  })
  .superRefine((survey, ctx) => {
    const seenKeys = new Set<string>()
    const seenMetrics = new Set<string>()
    survey.questions.forEach((question, index) => {
      if (seenKeys.has(question.key)) {
        ctx.addIssue({ code: 'custom', path: ['questions', index, 'key'], message: `duplicate question key "${question.key}"` })
      }
      seenKeys.add(question.key)
      if (question.type !== 'text' && seenMetrics.has(question.type)) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', index, 'type'],
          message: `a survey may hold one ${question.type} question; this is the second`,
        })
      }
      seenMetrics.add(question.type)
    })
  })
export type SurveyInput = z.infer<typeof SurveyInputSchema>

export const SURVEY_STATUSES = ['draft', 'published', 'closed'] as const
export type SurveyStatus = (typeof SURVEY_STATUSES)[number]

export interface Survey {
  id: string
  slug: string
  title: LocalizedText
  status: SurveyStatus
  defaultLocale: z.infer<typeof LocaleSchema>
  questions: Question[]
  version: number
  createdAt: string
  updatedAt: string
  publishedAt: string | null
  closedAt: string | null
  settings: SurveySettings
}

export const AnswerValueSchema = z.union([z.number(), z.string(), z.null()])

export const ResponseSubmissionSchema = z.object({
  answers: z.record(z.string(), AnswerValueSchema),
  clientResponseId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,100}$/, 'must be 8–100 characters of A–Z, a–z, 0–9, _ or -')
    .optional(),
  locale: LocaleSchema.optional(),
  channel: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/).default('link'),
  segments: z
    .record(z.string().regex(/^\p{L}[\p{L}\p{N}_-]{0,39}$/u, 'segment names are letters, digits, _ or - (at most 40)'), z.string().max(200))
    .refine((s) => Object.keys(s).length <= 20, 'at most 20 segment fields')
    .default({}),
})
export type ResponseSubmission = z.infer<typeof ResponseSubmissionSchema>
