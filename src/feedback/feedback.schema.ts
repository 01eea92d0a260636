import { z } from 'zod'
import { FieldIssueSchema } from '../shared/error-schema.js'
import { IsoTimeSchema } from '../shared/wire-schema.js'
import { IMPORT_SOURCES } from './feedback-import-formats.js'

export { IMPORT_SOURCES, type ImportSource } from './feedback-import-formats.js'
import { PHONE } from '../surveys/survey.schema.js'
import { IsoDateTime } from '../surveys/survey.schema.js'

export const FEEDBACK_CHANNELS = [
  'survey',
  'web',
  'api',
  'hotline',
  'social',
  'email',
  'note',
  'store',
] as const
export const FEEDBACK_KINDS = ['complaint', 'praise', 'suggestion', 'inquiry', 'survey'] as const

export const AttachmentInputSchema = z.object({
  filename: z.string().trim().min(1).max(200),
  contentBase64: z.string().min(1),
})

export const FeedbackInputSchema = z.object({
  channel: z.enum(FEEDBACK_CHANNELS).default('api'),
  kind: z.enum(FEEDBACK_KINDS).default('complaint'),
  text: z.string().trim().min(1, 'must not be empty').max(10_000),
  customer: z
    .object({
      ref: z.string().trim().max(100).optional(),
      name: z.string().trim().max(100).optional(),
      email: z.string().trim().email('is not an e-mail address').max(254).optional(),
      phone: z.string().trim().regex(PHONE, 'is not a phone number').optional(),
    })
    .default({}),
  /** A 1–5 rating given with the feedback, if any. */
  rating: z.number().int().min(1).max(5).optional(),
  store: z.string().trim().max(100).optional(),
  /**
   * The organisation unit's code (a code no unit has is UNIT_NOT_FOUND); without it a `store`
   * equal to a unit's code names that unit. The record's case gets the same unit.
   */
  unit: z.string().trim().min(1).max(64).optional(),
  /** The code of the employee who served (a code no employee has is EMPLOYEE_NOT_FOUND); the case gets the same. */
  employee: z.string().trim().min(1).max(64).optional(),
  department: z.string().trim().max(100).optional(),
  receivedAt: IsoDateTime.optional(),
  /** The source system's id: sending the same again stores nothing new. */
  externalId: z.string().trim().min(1).max(200).optional(),
  attachments: z.array(AttachmentInputSchema).max(3, 'at most 3 attachments').default([]),
})
export type FeedbackInput = z.input<typeof FeedbackInputSchema>

// What the feedback routes answer with. Browser-safe: the admin app's types come from here.

export const FeedbackSchema = z.object({
  id: z.string(),
  channel: z.string(),
  kind: z.string(),
  text: z.string(),
  customer: z.object({
    ref: z.string().nullable(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  rating: z.number().nullable(),
  nps: z.number().nullable(),
  csat: z.number().nullable(),
  store: z.string().nullable(),
  /** The organisation unit the record belongs to (null: none known). */
  unitId: z.string().nullable(),
  department: z.string().nullable(),
  surveyId: z.string().nullable(),
  responseId: z.string().nullable(),
  receivedAt: IsoTimeSchema,
  attachments: z.array(
    z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number() }),
  ),
  /** Language, sentiment and topics read from the text (null until analysed). */
  analysis: z
    .object({
      language: z.string().nullable(),
      sentiment: z.string().nullable(),
      score: z.number().nullable(),
      topics: z.array(z.string()),
      aspects: z.array(z.object({ topic: z.string(), sentiment: z.string(), score: z.number() })),
    })
    .nullable(),
})
export type Feedback = z.infer<typeof FeedbackSchema>

export const StoredFeedbackSchema = z.object({
  feedback: FeedbackSchema,
  caseId: z.string().nullable(),
  /** False when the same external id (or survey response) was stored before. */
  created: z.boolean(),
})

export const FeedbackImportReportSchema = z.object({
  source: z.enum(IMPORT_SOURCES),
  rows: z.number(),
  imported: z.number(),
  duplicates: z.number(),
  cases: z.number(),
  issues: z.array(FieldIssueSchema),
  /** A line per row of the file (the first 1,000): what became of it. */
  lines: z.array(
    z.object({
      row: z.number(),
      id: z.string().nullable(),
      outcome: z.enum(['imported', 'duplicate', 'invalid']),
      kind: z.string().nullable(),
      rating: z.number().nullable(),
      caseId: z.string().nullable(),
    }),
  ),
})

/** One line of the drill-down list (GET /api/v1/feedback). */
export const FeedbackItemSchema = z.object({
  id: z.string(),
  channel: z.string(),
  kind: z.string(),
  text: z.string(),
  sentiment: z.string().nullable(),
  score: z.number().nullable(),
  topics: z.array(z.string()),
  language: z.string().nullable(),
  store: z.string().nullable(),
  receivedAt: IsoTimeSchema,
})
export const FeedbackListSchema = z.object({ feedback: z.array(FeedbackItemSchema) })
