import { z } from 'zod'
import { IsoTimeSchema } from '../shared/wire-schema.js'
import { LocaleSchema } from '../surveys/survey.schema.js'
import { SkipCountsSchema } from './contact-rules.schema.js'
import {
  DISTRIBUTION_CHANNELS,
  EmailMessageSchema,
  FunnelSchema,
  WebhookTargetSchema,
} from './distribution.schema.js'

// Recurring relational programmes on the wire (browser-safe: the admin app's types come from here).

export const PROGRAMME_SCHEDULES = ['monthly', 'quarterly', 'yearly'] as const
export type ProgrammeSchedule = (typeof PROGRAMME_SCHEDULES)[number]
export const PROGRAMME_STATUSES = ['active', 'paused'] as const

function isCalendarDate(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false
  const at = Date.parse(`${d}T00:00:00Z`)
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === d
}

/**
 * Who a programme asks: a contact list, every contact of a unit and the units below it, or the
 * members of a saved customer segment (read at each run).
 */
export const ProgrammeAudienceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('list'), listId: z.string().min(1) }),
  z.object({ kind: z.literal('unit'), unitId: z.string().min(1) }),
  z.object({ kind: z.literal('segment'), segmentId: z.string().min(1) }),
])
export type ProgrammeAudience = z.infer<typeof ProgrammeAudienceSchema>

export const ProgrammeInputSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    surveyId: z.string().min(1),
    channel: z.enum(DISTRIBUTION_CHANNELS),
    locale: LocaleSchema.default('zh-CN'),
    email: EmailMessageSchema.optional(),
    webhook: WebhookTargetSchema.optional(),
    schedule: z.enum(PROGRAMME_SCHEDULES),
    /** The first period is the one holding this local date; it fires on this date at the earliest. */
    startDate: z.string().refine(isCalendarDate, 'must be a real date YYYY-MM-DD'),
    audience: ProgrammeAudienceSchema,
  })
  .superRefine((d, ctx) => {
    if (d.channel === 'webhook' && !d.webhook)
      ctx.addIssue({
        code: 'custom',
        path: ['webhook'],
        message: 'a webhook programme needs webhook.url and webhook.secret',
      })
    if (d.channel === 'email' && !d.email)
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'an e-mail programme needs email.subject and email.body',
      })
  })
export type ProgrammeInput = z.input<typeof ProgrammeInputSchema>

export const ProgrammeStatusInputSchema = z.object({ status: z.enum(PROGRAMME_STATUSES) })

export const ProgrammeRunSchema = z.object({
  id: z.string(),
  /** 2026-06, 2026-Q2 or 2026 */
  period: z.string(),
  firedAt: IsoTimeSchema,
  distributionId: z.string().nullable(),
  /** Why the run sent nothing (survey not published, audience empty); null when it sent. */
  error: z.string().nullable(),
  funnel: FunnelSchema.nullable(),
  skips: SkipCountsSchema.nullable(),
})
export type ProgrammeRun = z.infer<typeof ProgrammeRunSchema>

export const ProgrammeSchema = z.object({
  id: z.string(),
  name: z.string(),
  surveyId: z.string(),
  channel: z.enum(DISTRIBUTION_CHANNELS),
  schedule: z.enum(PROGRAMME_SCHEDULES),
  startDate: z.string(),
  audience: ProgrammeAudienceSchema,
  status: z.enum(PROGRAMME_STATUSES),
  createdAt: IsoTimeSchema,
  /** Newest first. */
  runs: z.array(ProgrammeRunSchema),
})
export type Programme = z.infer<typeof ProgrammeSchema>
export const ProgrammeListSchema = z.object({ programmes: z.array(ProgrammeSchema) })
