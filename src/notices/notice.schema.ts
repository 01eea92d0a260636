import { z } from 'zod'
import { LOCALES } from '../shared/locale.js'
import { IntervalSchema } from '../shared/wire-schema.js'
import { IsoDateTime } from '../surveys/survey.schema.js'

/**
 * Proactive notices: planned outages and service disruptions told to the customers they concern
 * before they start. Browser-safe: the routes, the API docs and the admin app read these.
 */

export const NOTICE_KINDS = ['planned_outage', 'disruption'] as const
export const NOTICE_CHANNELS = ['sms', 'email'] as const
export const NOTICE_MESSAGE_STATES = ['queued', 'sending', 'sent', 'delivered', 'failed'] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number]
export type NoticeMessageState = (typeof NOTICE_MESSAGE_STATES)[number]

/** Most recipients one notice names by list. */
export const MAX_LISTED_RECIPIENTS = 10_000

export const NoticeRecipientInputSchema = z
  .object({
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 -]{5,19}$/, 'digits, spaces and -, optionally a leading +')
      .optional(),
    email: z.string().trim().toLowerCase().email().max(254).optional(),
    locale: z.enum(LOCALES).default('zh-CN'),
  })
  .refine((r) => r.phone !== undefined || r.email !== undefined, {
    message: 'a recipient needs a phone or an e-mail address',
  })

export const NoticeInputSchema = z
  .object({
    kind: z.enum(NOTICE_KINDS),
    title: z.string().trim().min(1).max(100),
    reason: z.string().trim().min(1).max(500),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    /** The area: these units, each with everything below it; their customers are told. */
    unitIds: z.array(z.string().min(1)).max(500).default([]),
    /** Customers named one by one (beside or instead of the area). */
    recipients: z.array(NoticeRecipientInputSchema).max(MAX_LISTED_RECIPIENTS).default([]),
  })
  .refine((n) => Date.parse(n.endsAt) > Date.parse(n.startsAt), {
    message: 'must be after startsAt',
    path: ['endsAt'],
  })
  .refine((n) => n.unitIds.length > 0 || n.recipients.length > 0, {
    message: 'name units or recipients',
    path: ['unitIds'],
  })
export type NoticeInput = z.input<typeof NoticeInputSchema>

const StateCountsSchema = z.object({
  queued: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
})
export type NoticeStateCounts = z.infer<typeof StateCountsSchema>

export const NoticeSchema = z.object({
  id: z.string(),
  kind: z.enum(NOTICE_KINDS),
  title: z.string(),
  reason: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  unitIds: z.array(z.string()),
  createdAt: z.string(),
  /** Messages by state. */
  messages: StateCountsSchema,
})
export type Notice = z.infer<typeof NoticeSchema>

export const NoticeListSchema = z.object({ notices: z.array(NoticeSchema) })
export type NoticeList = z.infer<typeof NoticeListSchema>

export const NoticeMessageSchema = z.object({
  id: z.string(),
  channel: z.enum(NOTICE_CHANNELS),
  /** The address masked (138****0001, z***@example.cn). */
  address: z.string(),
  customerId: z.string().nullable(),
  state: z.enum(NOTICE_MESSAGE_STATES),
  attempts: z.number().int(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  /** Why it failed or is being retried. */
  error: z.string().nullable(),
})
export type NoticeMessage = z.infer<typeof NoticeMessageSchema>

export const NoticeDetailSchema = z.object({
  notice: NoticeSchema,
  messages: z.array(NoticeMessageSchema),
})
export type NoticeDetail = z.infer<typeof NoticeDetailSchema>

export const NoticeSettingsInputSchema = z.object({
  /** The SMS / WeChat gateway's webhook (https, or http to a host MANYI_WEBHOOK_ALLOWED_HOSTS allows); null: none. */
  gatewayUrl: z.string().trim().url().max(500).nullable(),
  /** The signing secret; omitted: keep the stored one. */
  gatewaySecret: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  leadDays: z.number().int().min(0).max(60),
})

export const NoticeSettingsSchema = z.object({
  gatewayUrl: z.string().nullable(),
  /** Whether a secret is stored (it is never returned). */
  gatewaySigned: z.boolean(),
  leadDays: z.number().int(),
})
export type NoticeSettings = z.infer<typeof NoticeSettingsSchema>

export const NoticeComplianceQuerySchema = z.object({
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  /** Default: the organisation's lead days. */
  leadDays: z.coerce.number().int().min(0).max(60).optional(),
})

const ComplianceRowSchema = z.object({
  /** Recipients (distinct addresses) the notice was meant for. */
  recipients: z.number().int(),
  /** Told (a message sent or delivered) at least leadDays before the start. */
  notifiedAhead: z.number().int(),
  share: z.number().nullable(),
  interval: IntervalSchema,
})

export const NoticeComplianceSchema = z.object({
  from: z.string(),
  to: z.string(),
  leadDays: z.number().int(),
  overall: ComplianceRowSchema,
  notices: z.array(
    ComplianceRowSchema.extend({
      noticeId: z.string(),
      title: z.string(),
      startsAt: z.string(),
    }),
  ),
})
export type NoticeCompliance = z.infer<typeof NoticeComplianceSchema>

/** A delivery receipt from the gateway (signed like the messages it was sent). */
export const NoticeReceiptSchema = z.object({
  messageId: z.string().min(1).max(100),
  status: z.enum(['delivered', 'failed']),
  error: z.string().max(500).optional(),
})

export const NOTICE_LEAD_BANDS = ['not_told', 'under_1', '1_to_3', '3_to_7', '7_plus'] as const

export const NoticeSatisfactionSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Answers counted: a recipient's first answer from the start of the outage to 30 days after its end. */
  bands: z.array(
    z.object({
      band: z.enum(NOTICE_LEAD_BANDS),
      /** Customers answering. */
      n: z.number().int(),
      /** Mean likelihood to recommend (0–10). */
      mean: z.number().nullable(),
      ci95: IntervalSchema,
    }),
  ),
})
export type NoticeSatisfaction = z.infer<typeof NoticeSatisfactionSchema>
