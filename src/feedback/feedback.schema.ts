import { z } from 'zod'
import { PHONE } from '../surveys/survey-answers.js'
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
  department: z.string().trim().max(100).optional(),
  receivedAt: IsoDateTime.optional(),
  /** The source system's id: sending the same again stores nothing new. */
  externalId: z.string().trim().min(1).max(200).optional(),
  attachments: z.array(AttachmentInputSchema).max(3, 'at most 3 attachments').default([]),
})
export type FeedbackInput = z.input<typeof FeedbackInputSchema>

export interface Feedback {
  id: string
  channel: string
  kind: string
  text: string
  customer: { ref: string | null; name: string | null; email: string | null; phone: string | null }
  rating: number | null
  nps: number | null
  csat: number | null
  store: string | null
  department: string | null
  surveyId: string | null
  responseId: string | null
  receivedAt: string
  attachments: Array<{ id: string; filename: string; contentType: string; size: number }>
  /** Language, sentiment and topics read from the text (null until analysed). */
  analysis: {
    language: string | null
    sentiment: string | null
    score: number | null
    topics: string[]
    aspects: Array<{ topic: string; sentiment: string; score: number }>
  } | null
}
