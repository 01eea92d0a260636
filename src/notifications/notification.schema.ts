import { z } from 'zod'

/** What a member can be told, and the figures each kind carries. Browser-safe (zod only). */
export const NOTIFICATION_KINDS = [
  'case_assigned',
  'approval_requested',
  'approval_decided',
  'alert_fired',
  'sla_warning',
  'robot_test',
  'plan_task_due',
  'plan_overdue',
  'plan_verdict',
  'praise_received',
] as const

export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS)
/** The kinds a robot takes (stored as JSON; empty = all). */
export const NotificationKindListSchema = z.array(NotificationKindSchema)
export type NotificationKind = z.infer<typeof NotificationKindSchema>

/** The event's figures; which are present depends on the kind. */
export const NotificationParamsSchema = z.object({
  caseId: z.string().optional(),
  caseNumber: z.string().optional(),
  caseTitle: z.string().optional(),
  /** sla_warning: which deadline is near and when it falls. */
  slaDeadline: z.enum(['first_response', 'resolution']).optional(),
  slaDueAt: z.number().optional(),
  /** alert_fired: the alert, its rule and the figures that made it fire. */
  alertId: z.string().optional(),
  ruleName: z.string().optional(),
  alertKind: z.string().optional(),
  metric: z.string().optional(),
  unitName: z.string().optional(),
  /** The unit's English name, where it has one (an English-language robot names the unit so). */
  unitNameEn: z.string().optional(),
  period: z.string().optional(),
  value: z.number().optional(),
  baseline: z.number().optional(),
  subjectLabel: z.string().optional(),
  /** The subject's words in English (a topic's English label), for English readers and robots. */
  subjectLabelEn: z.string().optional(),
  /**
   * alert_fired of a wait_promise rule: what broke the promise (`share` of the window's visits or
   * the `live` estimate), the promise (withinPercent % within promiseMinutes), and for `share` how
   * many of the n visits judged waited longer (`over`).
   */
  waitCheck: z.enum(['share', 'live']).optional(),
  promiseMinutes: z.number().optional(),
  withinPercent: z.number().optional(),
  n: z.number().optional(),
  over: z.number().optional(),
  amount: z.number().optional(),
  decision: z.enum(['approved', 'rejected']).optional(),
  actorName: z.string().optional(),
  planId: z.string().optional(),
  planNumber: z.string().optional(),
  planTitle: z.string().optional(),
  /** A task's reminder or escalation names the task; a plan's names none. */
  taskTitle: z.string().optional(),
  dueAt: z.number().optional(),
  verdict: z.enum(['effective', 'not_effective', 'not_enough_data']).optional(),
  previousVerdict: z.enum(['effective', 'not_effective', 'not_enough_data']).optional(),
  /** praise_received: the employee praised, the customer's words (shortened), the pass-on note. */
  employeeName: z.string().optional(),
  praiseText: z.string().optional(),
  note: z.string().optional(),
})
export type NotificationParams = z.infer<typeof NotificationParamsSchema>

export const NotificationSchema = z.object({
  id: z.string(),
  kind: NotificationKindSchema,
  params: NotificationParamsSchema,
  link: z.string().nullable(),
  createdAt: z.number(),
  read: z.boolean(),
})
export type Notification = z.infer<typeof NotificationSchema>

export const NotificationListSchema = z.object({
  notifications: z.array(NotificationSchema),
  unread: z.number().int(),
})
export type NotificationList = z.infer<typeof NotificationListSchema>

export const NotificationListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  before: z.coerce.number().int().min(0).optional(),
})

export const UnreadCountSchema = z.object({ unread: z.number().int() })

export const ROBOT_CHANNEL_KINDS = ['wecom', 'dingtalk', 'feishu'] as const

export const RobotChannelInputSchema = z
  .object({
    kind: z.enum(ROBOT_CHANNEL_KINDS),
    name: z.string().trim().min(1).max(80),
    url: z.string().trim().url().max(2000),
    secret: z.string().trim().min(1).max(200).optional(),
    kinds: z.array(NotificationKindSchema).max(NOTIFICATION_KINDS.length).default([]),
    locale: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
  })
  .strict()

export const RobotChannelSchema = z.object({
  id: z.string(),
  kind: z.enum(ROBOT_CHANNEL_KINDS),
  name: z.string(),
  /** The address with its token hidden: only the host and path are shown. */
  address: z.string(),
  signed: z.boolean(),
  kinds: z.array(NotificationKindSchema),
  locale: z.enum(['zh-CN', 'en-US']),
  enabled: z.boolean(),
  createdAt: z.number(),
})
export type RobotChannel = z.infer<typeof RobotChannelSchema>

export const RobotChannelListSchema = z.object({ channels: z.array(RobotChannelSchema) })

export const RobotTestResultSchema = z.object({
  delivered: z.boolean(),
  error: z.string().nullable(),
})

/** A member's choices for being told: e-mail as well as in the app, and quiet hours. */
export const NotificationSettingsSchema = z.object({
  email: z.boolean(),
  /** Quiet hours as local times `HH:MM` in the organisation's time zone; null = none. */
  quietFrom: z.string().nullable(),
  quietTo: z.string().nullable(),
  /** The organisation's time zone the quiet hours are read in. */
  timeZone: z.string(),
})
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)
export const NotificationSettingsInputSchema = z
  .object({
    email: z.boolean(),
    quietFrom: LocalTime.nullable().default(null),
    quietTo: LocalTime.nullable().default(null),
  })
  .strict()
