import { z } from 'zod'
import { IsoDateTime, LocaleSchema } from '../surveys/survey.schema.js'

export const DISTRIBUTION_CHANNELS = ['email', 'webhook'] as const

/** Placeholders in subject and body: {name}, {survey}, {link}. The body must carry {link}. */
export const EmailMessageSchema = z.object({
  subject: z.string().trim().min(1, 'must not be empty').max(200),
  body: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(10_000)
    .refine(
      (b) => b.includes('{link}'),
      'must contain {link}, where the personal survey link goes',
    ),
})
export type EmailMessage = z.infer<typeof EmailMessageSchema>

export const WebhookTargetSchema = z.object({
  url: z
    .string()
    .url('must be a URL')
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http:// or https:// URL'),
  /** Signs each call (HMAC-SHA256), so the gateway can tell it came from Manyi. */
  secret: z.string().min(16, 'must be at least 16 characters').max(200),
  /** The channel answers from these links are counted under (sms, wechat …). */
  channelName: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'lowercase letters, digits, _ or - (at most 32)')
    .default('sms'),
})

export const ReminderPolicySchema = z.object({
  /** Remind those who have not answered this long after the last message. */
  afterHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** At most this many reminders per contact (0: none). */
  max: z.number().int().min(0).max(5),
})

export const DistributionInputSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    listId: z.string().min(1),
    channel: z.enum(DISTRIBUTION_CHANNELS),
    locale: LocaleSchema.default('zh-CN'),
    email: EmailMessageSchema.optional(),
    webhook: WebhookTargetSchema.optional(),
    reminders: ReminderPolicySchema.default({ afterHours: 72, max: 1 }),
    /** Send later instead of on request. */
    sendAt: IsoDateTime.optional(),
  })
  .superRefine((d, ctx) => {
    if (d.channel === 'webhook' && !d.webhook)
      ctx.addIssue({
        code: 'custom',
        path: ['webhook'],
        message: 'a webhook distribution needs webhook.url and webhook.secret',
      })
  })
export type DistributionInput = z.input<typeof DistributionInputSchema>

/** Stored as JSON in distributions.settings. */
export interface DistributionSettings {
  locale: 'zh-CN' | 'en-US'
  email?: EmailMessage
  webhook?: z.infer<typeof WebhookTargetSchema>
  reminders: z.infer<typeof ReminderPolicySchema>
}

export const DISTRIBUTION_STATUSES = ['draft', 'scheduled', 'sending', 'sent'] as const
export type DistributionStatus = (typeof DISTRIBUTION_STATUSES)[number]

export interface Funnel {
  invited: number
  sent: number
  failed: number
  unsubscribed: number
  opened: number
  started: number
  completed: number
}

export interface Distribution {
  id: string
  surveyId: string
  listId: string
  name: string
  channel: (typeof DISTRIBUTION_CHANNELS)[number]
  status: DistributionStatus
  locale: 'zh-CN' | 'en-US'
  email?: EmailMessage
  /** The secret is never returned. */
  webhook?: { url: string; channelName: string }
  reminders: { afterHours: number; max: number }
  sendAt: string | null
  createdAt: string
  funnel: Funnel
}

export interface ContactList {
  id: string
  name: string
  contacts: number
  createdAt: string
}

export interface InvitationView {
  id: string
  contactName: string
  address: string
  status: string
  error: string | null
  remindersSent: number
  sentAt: string | null
  openedAt: string | null
  startedAt: string | null
  completedAt: string | null
}
