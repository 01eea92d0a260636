import { z } from 'zod'
import { isValidTimeZone } from '../shared/timezone.js'

/** Everything an organisation tunes about its service recovery, with working defaults. */

export { PRIORITIES, type Priority } from './case-workflow.js'
import { PRIORITIES } from './case-workflow.js'

export const PUBLIC_FORM_KEY = /^[A-Za-z0-9_-]{8,64}$/

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
const Label = z.object({
  'zh-CN': z.string().min(1).max(100),
  'en-US': z.string().max(100).optional(),
})

const SlaTarget = z.object({
  /** Working minutes to the first response to the customer. */
  firstResponseMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30),
  /** Working minutes to resolution. */
  resolutionMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 90),
})

/** A configurable rule: a survey answer that opens a case. */
const ConditionRule = z
  .object({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and _, starting with a letter'),
    question: z.string().min(1, 'must name a question key'),
    anyOf: z
      .array(z.union([z.string(), z.number()]))
      .min(1)
      .optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    priority: z.enum(PRIORITIES).default('normal'),
  })
  // Without a range or values every answer would open a case.
  .refine((c) => c.anyOf !== undefined || c.min !== undefined || c.max !== undefined, {
    message: 'needs min, max or anyOf',
    path: ['max'],
  })
  .refine((c) => c.min === undefined || c.max === undefined || c.min <= c.max, {
    message: 'min must not be above max',
    path: ['min'],
  })

/** Routing: the first rule whose every given field matches decides department and owner. */
const RoutingRule = z.object({
  store: z.string().optional(),
  channel: z.string().optional(),
  topic: z.string().optional(),
  department: z.string().min(1).max(100),
  /** A user id, or "round_robin" over the department's agents. */
  owner: z.string().optional(),
})

/** Working minutes (a working day is 540 on the default 09:00–18:00 calendar). */
export const DEFAULT_KIND_SLA = {
  inquiry: { firstResponseMinutes: 240, resolutionMinutes: 540 },
  suggestion: { firstResponseMinutes: 540, resolutionMinutes: 5 * 540 },
  praise: { firstResponseMinutes: 540, resolutionMinutes: 3 * 540 },
}

export const DEFAULT_CAUSES = [
  { key: 'staff_attitude', label: { 'zh-CN': '服务态度', 'en-US': 'Staff attitude' } },
  { key: 'wait_time', label: { 'zh-CN': '等待时间', 'en-US': 'Waiting time' } },
  { key: 'product_quality', label: { 'zh-CN': '产品质量', 'en-US': 'Product quality' } },
  { key: 'billing', label: { 'zh-CN': '账单计费', 'en-US': 'Billing' } },
  { key: 'delivery', label: { 'zh-CN': '配送物流', 'en-US': 'Delivery' } },
  { key: 'process', label: { 'zh-CN': '流程制度', 'en-US': 'Process and policy' } },
  { key: 'outage', label: { 'zh-CN': '停电与抢修', 'en-US': 'Outage and repair' } },
  { key: 'communication', label: { 'zh-CN': '沟通解释', 'en-US': 'Communication' } },
  { key: 'other', label: { 'zh-CN': '其他', 'en-US': 'Other' } },
]

export const CaseConfigSchema = z.object({
  rules: z
    .object({
      /** NPS 0–6 opens a case (0–3: high priority). */
      detractor: z.boolean().default(true),
      /** CSAT 1–2 opens a case. */
      lowCsat: z.boolean().default(true),
      /** Every feedback of kind complaint opens a case. */
      complaints: z.boolean().default(true),
      /** Every inquiry, suggestion and praise opens a work item of its kind (issue 20). */
      inquiries: z.boolean().default(true),
      suggestions: z.boolean().default(true),
      praise: z.boolean().default(true),
      conditions: z.array(ConditionRule).max(50).default([]),
      /**
       * Survey answers given more than this many days before the intake takes them (an import,
       * the demo data, a backlog) are history and open no case; unset, the server's
       * MANYI_CASE_HORIZON_DAYS.
       */
      horizonDays: z.number().int().min(1).max(3650).optional(),
    })
    .default({
      detractor: true,
      lowCsat: true,
      complaints: true,
      inquiries: true,
      suggestions: true,
      praise: true,
      conditions: [],
    }),
  routing: z.array(RoutingRule).max(200).default([]),
  defaultDepartment: z.string().min(1).max(100).default('客户服务部'),
  sla: z.record(z.enum(PRIORITIES), SlaTarget).default({
    low: { firstResponseMinutes: 480, resolutionMinutes: 5 * 540 },
    normal: { firstResponseMinutes: 240, resolutionMinutes: 3 * 540 },
    high: { firstResponseMinutes: 60, resolutionMinutes: 540 },
    urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 },
  }),
  /**
   * The SLA of inquiries, suggestions and praise, by kind (complaints follow their priority's):
   * an inquiry answered within a working day, praise passed on within three, a suggestion
   * assessed within five (working days of 9 hours on the default calendar).
   */
  kindSla: z
    .object({ inquiry: SlaTarget, suggestion: SlaTarget, praise: SlaTarget })
    .default(DEFAULT_KIND_SLA),
  /**
   * Tell customers when their case is taken on, reopened or resolved (a work item decided), by
   * the route its replies take, in their language (case-status-notice.ts). Off until turned on.
   */
  statusNotices: z.boolean().default(false),
  /** Warn the owner when this share of the time to a deadline has passed. */
  warnAtFraction: z.number().min(0.1).max(0.99).default(0.8),
  calendar: z
    .object({
      /**
       * The calendar's time zone. Unless ownTimezone, it is the organisation's (organisation
       * settings) whatever is stored or sent here: one zone for due times, exports and labels.
       */
      timezone: z
        .string()
        .refine(isValidTimeZone, 'must be an IANA time zone, e.g. Asia/Shanghai')
        .default('Asia/Shanghai'),
      /** The calendar keeps a zone of its own (set on purpose, shown as such) instead of the organisation's. */
      ownTimezone: z.boolean().default(false),
      workdays: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
      start: HHMM.default('09:00'),
      end: HHMM.default('18:00'),
      holidays: z.array(IsoDate).max(400).default([]),
      extraWorkdays: z.array(IsoDate).max(100).default([]),
    })
    .default({
      timezone: 'Asia/Shanghai',
      ownTimezone: false,
      workdays: [1, 2, 3, 4, 5],
      start: '09:00',
      end: '18:00',
      holidays: [],
      extraWorkdays: [],
    }),
  causes: z
    .array(z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), label: Label }))
    .min(1)
    .max(100)
    .default(DEFAULT_CAUSES),
  /** Compensation each role may grant alone, in cents; null: no limit. Above it, the next level approves. */
  authority: z
    .object({
      agent: z.number().int().min(0).nullable(),
      supervisor: z.number().int().min(0).nullable(),
      admin: z.number().int().min(0).nullable(),
    })
    .default({ agent: 20_000, supervisor: 200_000, admin: null }),
  followUp: z
    .object({
      /** The survey sent after resolution (回访); none: follow up by phone and record it. */
      surveyId: z.string().optional(),
      channel: z.enum(['email', 'webhook']).default('email'),
      webhook: z
        .object({
          url: z.string().url(),
          secret: z.string().min(16),
          channelName: z.string().default('sms'),
        })
        .optional(),
      locale: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
    })
    .default({ channel: 'email', locale: 'zh-CN' }),
  /**
   * The public complaint form is at /complain/<key>. Read-only: the server makes
   * the key (unique across organisations) and changes it only by rotation
   * (POST /api/v1/case-config/public-form-key/rotate); a PUT may repeat the
   * current key or leave it out, any other value is refused.
   */
  publicFormKey: z.string().regex(PUBLIC_FORM_KEY).optional(),
})
export type CaseConfig = z.infer<typeof CaseConfigSchema>
