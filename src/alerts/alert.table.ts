/** An organisation's alert rule (migration 0031). */
export interface AlertRuleTable {
  id: string
  org_id: string
  name: string
  /** control_signal, period_drop, target_off_track, topic_surge, sla_breach_rate, volume_fall. */
  kind: string
  /** nps, csat or ces (the figure watched; volume counts that metric's answers). */
  metric: string
  /** The unit watched; null = the whole organisation. */
  unit_id: string | null
  /** 1 = each direct child of the unit is watched on its own. */
  each_child: number
  /** JSON: the kind's thresholds (alpha, minimum change …). */
  params: string
  /** No second alert for the same rule, unit and subject within this many hours. */
  cooldown_hours: number
  /** At most this many alerts of the rule are delivered in 24 hours; more are held back. */
  max_per_day: number
  enabled: number
  created_by: string
  created_at: number
  updated_at: number
}

/** An alert raised (migration 0031): once per rule, unit, subject and period. */
export interface AlertFiringTable {
  id: string
  org_id: string
  rule_id: string
  /** The unit's id, '' for the whole organisation. */
  unit_key: string
  /** What within the unit: a topic, a target; '' when the rule watches one figure. */
  subject: string
  /** The period judged: a month (2026-11), a day (2026-11-27) or a target's period. */
  period: string
  /** delivered, or held back by a rate limit: cooldown, daily_limit. */
  state: string
  /** JSON: the figures that made it fire. */
  evidence: string
  fired_at: number
  /** When the breach episode ended (migration 0079; wait_promise alerts); null while it lasts. */
  closed_at: number | null
}

/** Who is told of which rule at which unit (migration 0031). */
export interface AlertSubscriptionTable {
  id: string
  org_id: string
  member_id: string
  /** A rule's id, '' = every rule. */
  rule_key: string
  /** A unit's id (and everything below it), '' = every unit the member may see. */
  unit_key: string
  created_at: number
}
