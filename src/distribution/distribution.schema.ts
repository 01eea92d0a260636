import { z } from 'zod'
import { FieldIssueSchema } from '../shared/error-schema.js'
import { IsoTimeSchema } from '../shared/wire-schema.js'
import { IsoDateTime, LocaleSchema } from '../surveys/survey.schema.js'
import { SKIP_REASONS, SkipCountsSchema } from './contact-rules.schema.js'

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

// What the distribution routes answer with. Browser-safe: the admin app's types come from here.

export const FunnelSchema = z.object({
  invited: z.number(),
  sent: z.number(),
  failed: z.number(),
  /** Contacts the channel cannot reach (an e-mail distribution's contacts without an address): never sent. */
  skipped: z.number(),
  unsubscribed: z.number(),
  opened: z.number(),
  started: z.number(),
  completed: z.number(),
})
export type Funnel = z.infer<typeof FunnelSchema>

export const OutboundChannelsSchema = z.object({
  emailConfigured: z.boolean().describe('false: no mail server, e-mail distributions are refused'),
})

export const DistributionSchema = z.object({
  id: z.string(),
  surveyId: z.string(),
  listId: z.string(),
  name: z.string(),
  channel: z.enum(DISTRIBUTION_CHANNELS),
  status: z.enum(DISTRIBUTION_STATUSES),
  locale: LocaleSchema,
  email: z.object({ subject: z.string(), body: z.string() }).optional(),
  /** The secret is never returned. */
  webhook: z.object({ url: z.string(), channelName: z.string() }).optional(),
  reminders: z.object({ afterHours: z.number(), max: z.number() }),
  sendAt: IsoTimeSchema.nullable(),
  createdAt: IsoTimeSchema,
  funnel: FunnelSchema,
  /** Invitations the contact rules held back, by reason. */
  skips: SkipCountsSchema,
})
export type Distribution = z.infer<typeof DistributionSchema>
export const DistributionListSchema = z.object({ distributions: z.array(DistributionSchema) })

export const ContactListSchema = z.object({
  id: z.string(),
  name: z.string(),
  contacts: z.number(),
  createdAt: IsoTimeSchema,
})
export type ContactList = z.infer<typeof ContactListSchema>
export const ContactListsSchema = z.object({ contactLists: z.array(ContactListSchema) })

export const ContactImportReportSchema = z.object({
  list: ContactListSchema,
  imported: z.number(),
  skipped: z.number(),
  issues: z.array(FieldIssueSchema),
  /** How the contacts met the customer master: created, matched, unmatched and conflicting rows. */
  customers: z.object({
    created: z.number(),
    matched: z.number(),
    unmatched: z.number(),
    conflicts: z.array(
      z.object({
        path: z.string(),
        code: z.literal('CUSTOMER_KEY_CONFLICT'),
        customerIds: z.array(z.string()),
      }),
    ),
  }),
})

export const InvitationViewSchema = z.object({
  id: z.string(),
  contactName: z.string(),
  address: z.string(),
  status: z.string(),
  error: z.string().nullable(),
  /** Why it was held back by the contact rules (quiet_hours: waiting until skipDetail). */
  skipReason: z.enum(SKIP_REASONS).nullable(),
  /** capped: when the contact was last asked; quiet_hours: when sending resumes (ISO). */
  skipDetail: z.string().nullable(),
  remindersSent: z.number(),
  sentAt: IsoTimeSchema.nullable(),
  openedAt: IsoTimeSchema.nullable(),
  startedAt: IsoTimeSchema.nullable(),
  completedAt: IsoTimeSchema.nullable(),
})
export type InvitationView = z.infer<typeof InvitationViewSchema>
export const InvitationPageSchema = z.object({
  total: z.number(),
  items: z.array(InvitationViewSchema),
})
