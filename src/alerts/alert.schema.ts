import { z } from 'zod'

/** Alert rules, the alerts they raise and who is told: requests and responses (browser-safe). */

export const ALERT_RULE_KINDS = [
  'period_drop',
  'control_signal',
  'volume_fall',
  'target_off_track',
  'topic_surge',
  'sla_breach_rate',
  'wait_promise',
] as const
export const AlertRuleKindSchema = z.enum(ALERT_RULE_KINDS)
export type AlertRuleKind = z.infer<typeof AlertRuleKindSchema>

/** NPS, CSAT and CES from their questions; the 7-level CSM scale and the SERVQUAL gap (P − E) from their items. */
export const ALERT_METRICS = ['nps', 'csat', 'ces', 'csm', 'servqual'] as const
export const AlertMetricSchema = z.enum(ALERT_METRICS)
export type AlertMetric = z.infer<typeof AlertMetricSchema>

/**
 * A rule's thresholds; each kind reads its own and the defaults fill the rest.
 * - alpha: significance of the one-sided test (period_drop, volume_fall). Default 0.05.
 * - minChange: smallest drop of the figure that counts (period_drop, in the metric's points). Default 0.
 * - minFall: smallest fall of the answer rate that counts, as a share (volume_fall). Default 0.3.
 * - minAnswers: fewest answers in each period compared (period_drop, volume_fall). Default 30.
 * - maxBreachRate: SLA breach rate above which sla_breach_rate fires (0–1). Default 0.1.
 * - minDue: fewest cases with a known SLA outcome before it is judged. Default 10.
 * - waitCheck: what of a hall's waits wait_promise judges against its waiting promise: the share
 *   of visits over the promised wait in the window (`share`), the live estimate now (`live`), or
 *   both (default).
 * - window: the visits judged by `share`: tickets taken today so far (`day`, default) or in the
 *   last hour (`hour`).
 * - minVisits: fewest visits judged in the window before `share` is judged. Default 20.
 */
export const AlertParamsSchema = z
  .object({
    alpha: z.number().gt(0).lt(0.5).optional(),
    minChange: z.number().min(0).max(200).optional(),
    minFall: z.number().gt(0).lt(1).optional(),
    minAnswers: z.number().int().min(1).max(100_000).optional(),
    maxBreachRate: z.number().min(0).max(1).optional(),
    minDue: z.number().int().min(1).max(100_000).optional(),
    waitCheck: z.enum(['share', 'live', 'both']).optional(),
    window: z.enum(['day', 'hour']).optional(),
    minVisits: z.number().int().min(1).max(100_000).optional(),
  })
  .strict()
export type AlertParams = z.infer<typeof AlertParamsSchema>

export const AlertRuleInputSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    kind: AlertRuleKindSchema,
    metric: AlertMetricSchema.default('nps'),
    /** The unit watched; null = the whole organisation. */
    unitId: z.string().min(1).nullable().default(null),
    /** Watch each direct child of the unit on its own (a league of stores under a region). */
    eachChild: z.boolean().default(false),
    params: AlertParamsSchema.default({}),
    /** No second alert for the same rule, unit and subject within this many hours. */
    cooldownHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 90)
      .default(24),
    /** At most this many alerts of the rule are delivered in 24 hours; more are held back. */
    maxPerDay: z.number().int().min(1).max(1000).default(20),
    enabled: z.boolean().default(true),
  })
  .strict()
export type AlertRuleInput = z.infer<typeof AlertRuleInputSchema>

export const AlertRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: AlertRuleKindSchema,
  metric: AlertMetricSchema,
  unitId: z.string().nullable(),
  eachChild: z.boolean(),
  params: AlertParamsSchema,
  cooldownHours: z.number().int(),
  maxPerDay: z.number().int(),
  enabled: z.boolean(),
  createdBy: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type AlertRule = z.infer<typeof AlertRuleSchema>
export const AlertRuleListSchema = z.object({ rules: z.array(AlertRuleSchema) })

/** The figures that made an alert fire: what the app shows as its evidence. */
export const AlertEvidenceSchema = z.object({
  kind: AlertRuleKindSchema,
  metric: AlertMetricSchema.optional(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  /** The unit's English name, where it has one (an English reader or robot names the unit so). */
  unitNameEn: z.string().nullable().optional(),
  /** The period judged and the one it is compared with. */
  period: z.string(),
  baselinePeriod: z.string().optional(),
  value: z.number().nullable().optional(),
  baseline: z.number().nullable().optional(),
  n: z.number().optional(),
  baselineN: z.number().optional(),
  pValue: z.number().optional(),
  /** control_signal: the monthly series, its centre and limits, and the Nelson tests the last point failed. */
  series: z.array(z.object({ month: z.string(), value: z.number(), n: z.number() })).optional(),
  center: z.number().optional(),
  lcl: z.number().optional(),
  ucl: z.number().optional(),
  tests: z.array(z.string()).optional(),
  /** target_off_track: the target, its chance of being met. */
  targetId: z.string().optional(),
  target: z.number().optional(),
  probability: z.number().optional(),
  /** topic_surge: the topic and its shares. */
  topic: z.string().optional(),
  topicLabel: z.string().optional(),
  topicLabelEn: z.string().optional(),
  recentShare: z.number().optional(),
  baselineShare: z.number().optional(),
  /** sla_breach_rate: cases with a known outcome and those missed. */
  due: z.number().optional(),
  missed: z.number().optional(),
  /**
   * wait_promise: the promise ("withinPercent % called within promiseMinutes") and what broke it:
   * `share` — `over` of `n` visits of the window waited longer (value and baseline: the share over
   * and the share allowed over, in %); `live` — the estimate now (value, minutes; baseline: the
   * promised minutes).
   */
  waitCheck: z.enum(['share', 'live']).optional(),
  window: z.enum(['day', 'hour']).optional(),
  promiseMinutes: z.number().optional(),
  withinPercent: z.number().optional(),
  over: z.number().optional(),
  /** Where in the app the underlying figures are. */
  link: z.string(),
})
export type AlertEvidence = z.infer<typeof AlertEvidenceSchema>

export const AlertSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  unitId: z.string().nullable(),
  subject: z.string(),
  period: z.string(),
  /** delivered, or held back by a rate limit. */
  state: z.enum(['delivered', 'cooldown', 'daily_limit']),
  evidence: AlertEvidenceSchema,
  firedAt: z.number(),
  /** When its breach episode ended (wait_promise); null while it lasts or for other kinds. */
  closedAt: z.number().nullable(),
})
export type Alert = z.infer<typeof AlertSchema>
export const AlertListSchema = z.object({ alerts: z.array(AlertSchema) })
export const AlertListQuerySchema = z.object({
  ruleId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
})

export const AlertSubscriptionInputSchema = z
  .object({
    /** A rule, or null for every rule. */
    ruleId: z.string().min(1).nullable().default(null),
    /** A unit (and everything below it), or null for every unit the member may see. */
    unitId: z.string().min(1).nullable().default(null),
  })
  .strict()
export const AlertSubscriptionSchema = z.object({
  id: z.string(),
  ruleId: z.string().nullable(),
  unitId: z.string().nullable(),
  createdAt: z.number(),
})
export type AlertSubscription = z.infer<typeof AlertSubscriptionSchema>
export const AlertSubscriptionListSchema = z.object({
  subscriptions: z.array(AlertSubscriptionSchema),
})

/** What one evaluation did, for the job's log and tests. */
export interface AlertEvaluationReport {
  rules: number
  fired: number
  heldBack: number
}
