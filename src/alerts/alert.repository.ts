import type { Db } from '../db/database.js'

/** The `alert_rules`, `alert_firings` and `alert_subscriptions` tables (migration 0031). */

export interface AlertRuleRow {
  id: string
  orgId: string
  name: string
  kind: string
  metric: string
  unitId: string | null
  eachChild: boolean
  /** JSON text, parsed by the service. */
  params: string
  cooldownHours: number
  maxPerDay: number
  enabled: boolean
  createdBy: string
  createdAt: number
  updatedAt: number
}

type RuleRecord = {
  id: string
  org_id: string
  name: string
  kind: string
  metric: string
  unit_id: string | null
  each_child: number | string
  params: string
  cooldown_hours: number | string
  max_per_day: number | string
  enabled: number | string
  created_by: string
  created_at: number | string
  updated_at: number | string
}

function toRule(r: RuleRecord): AlertRuleRow {
  return {
    id: r.id,
    orgId: r.org_id,
    name: r.name,
    kind: r.kind,
    metric: r.metric,
    unitId: r.unit_id,
    eachChild: Number(r.each_child) === 1,
    params: r.params,
    cooldownHours: Number(r.cooldown_hours),
    maxPerDay: Number(r.max_per_day),
    enabled: Number(r.enabled) === 1,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }
}

function ruleValues(row: AlertRuleRow) {
  return {
    name: row.name,
    kind: row.kind,
    metric: row.metric,
    unit_id: row.unitId,
    each_child: row.eachChild ? 1 : 0,
    params: row.params,
    cooldown_hours: row.cooldownHours,
    max_per_day: row.maxPerDay,
    enabled: row.enabled ? 1 : 0,
    updated_at: row.updatedAt,
  }
}

export async function insertAlertRule(db: Db, row: AlertRuleRow): Promise<void> {
  await db
    .insertInto('alert_rules')
    .values({
      id: row.id,
      org_id: row.orgId,
      created_by: row.createdBy,
      created_at: row.createdAt,
      ...ruleValues(row),
    })
    .execute()
}

export async function updateAlertRule(db: Db, row: AlertRuleRow): Promise<void> {
  await db
    .updateTable('alert_rules')
    .set(ruleValues(row))
    .where('org_id', '=', row.orgId)
    .where('id', '=', row.id)
    .execute()
}

export async function deleteAlertRule(db: Db, orgId: string, id: string): Promise<void> {
  await db
    .deleteFrom('alert_subscriptions')
    .where('org_id', '=', orgId)
    .where('rule_key', '=', id)
    .execute()
  await db.deleteFrom('alert_rules').where('org_id', '=', orgId).where('id', '=', id).execute()
}

export async function listAlertRules(
  db: Db,
  orgId: string,
  options: { enabledOnly?: boolean } = {},
): Promise<AlertRuleRow[]> {
  let query = db.selectFrom('alert_rules').selectAll().where('org_id', '=', orgId)
  if (options.enabledOnly) query = query.where('enabled', '=', 1)
  const rows = await query.orderBy('created_at').orderBy('id').execute()
  return rows.map(toRule)
}

export async function findAlertRule(
  db: Db,
  orgId: string,
  id: string,
): Promise<AlertRuleRow | undefined> {
  const row = await db
    .selectFrom('alert_rules')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toRule(row) : undefined
}

/** The organisations that have an enabled rule (a job's sweep over every organisation). */
export async function organisationsWithAlertRules(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('alert_rules')
    .select('org_id')
    .where('enabled', '=', 1)
    .groupBy('org_id')
    .orderBy('org_id')
    .execute()
  return rows.map((r) => r.org_id)
}

export interface AlertFiringRow {
  id: string
  orgId: string
  ruleId: string
  unitKey: string
  subject: string
  period: string
  state: string
  /** JSON text. */
  evidence: string
  firedAt: number
  closedAt?: number | null
}

function toFiring(r: {
  id: string
  org_id: string
  rule_id: string
  unit_key: string
  subject: string
  period: string
  state: string
  evidence: string
  fired_at: number | string
  closed_at?: number | string | null
}): AlertFiringRow {
  return {
    id: r.id,
    orgId: r.org_id,
    ruleId: r.rule_id,
    unitKey: r.unit_key,
    subject: r.subject,
    period: r.period,
    state: r.state,
    evidence: r.evidence,
    firedAt: Number(r.fired_at),
    closedAt: r.closed_at === null || r.closed_at === undefined ? null : Number(r.closed_at),
  }
}

/**
 * Records an alert unless one of the same rule, unit, subject and period exists (the unique key
 * is the arbiter: of two instances evaluating at once, exactly one inserts); whether it was new.
 */
export async function insertAlertFiringOnce(db: Db, row: AlertFiringRow): Promise<boolean> {
  const result = await db
    .insertInto('alert_firings')
    .values({
      id: row.id,
      org_id: row.orgId,
      rule_id: row.ruleId,
      unit_key: row.unitKey,
      subject: row.subject,
      period: row.period,
      state: row.state,
      evidence: row.evidence,
      fired_at: row.firedAt,
    })
    .onConflict((oc) =>
      oc.columns(['org_id', 'rule_id', 'unit_key', 'subject', 'period']).doNothing(),
    )
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

/** Whether an alert of the rule, unit and subject was delivered since `since`. */
export async function deliveredSince(
  db: Db,
  orgId: string,
  key: { ruleId: string; unitKey: string; subject: string },
  since: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('alert_firings')
    .select('id')
    .where('org_id', '=', orgId)
    .where('rule_id', '=', key.ruleId)
    .where('unit_key', '=', key.unitKey)
    .where('subject', '=', key.subject)
    .where('state', '=', 'delivered')
    .where('fired_at', '>=', since)
    .executeTakeFirst()
  return row !== undefined
}

/** How many of the rule's alerts were delivered since `since`. */
export async function countDeliveredSince(
  db: Db,
  orgId: string,
  ruleId: string,
  since: number,
): Promise<number> {
  const row = await db
    .selectFrom('alert_firings')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('org_id', '=', orgId)
    .where('rule_id', '=', ruleId)
    .where('state', '=', 'delivered')
    .where('fired_at', '>=', since)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

export async function listAlertFirings(
  db: Db,
  orgId: string,
  options: { ruleId?: string; limit: number },
): Promise<AlertFiringRow[]> {
  let query = db.selectFrom('alert_firings').selectAll().where('org_id', '=', orgId)
  if (options.ruleId) query = query.where('rule_id', '=', options.ruleId)
  const rows = await query
    .orderBy('fired_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute()
  return rows.map(toFiring)
}

export async function findAlertFiring(
  db: Db,
  orgId: string,
  id: string,
): Promise<AlertFiringRow | undefined> {
  const row = await db
    .selectFrom('alert_firings')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toFiring(row) : undefined
}

export interface AlertSubscriptionRow {
  id: string
  orgId: string
  memberId: string
  /** '' = every rule. */
  ruleKey: string
  /** '' = every unit. */
  unitKey: string
  createdAt: number
}

function toSubscription(r: {
  id: string
  org_id: string
  member_id: string
  rule_key: string
  unit_key: string
  created_at: number | string
}): AlertSubscriptionRow {
  return {
    id: r.id,
    orgId: r.org_id,
    memberId: r.member_id,
    ruleKey: r.rule_key,
    unitKey: r.unit_key,
    createdAt: Number(r.created_at),
  }
}

/** Adds a subscription; the same one twice is kept once. */
export async function insertAlertSubscription(db: Db, row: AlertSubscriptionRow): Promise<void> {
  await db
    .insertInto('alert_subscriptions')
    .values({
      id: row.id,
      org_id: row.orgId,
      member_id: row.memberId,
      rule_key: row.ruleKey,
      unit_key: row.unitKey,
      created_at: row.createdAt,
    })
    .onConflict((oc) => oc.columns(['org_id', 'member_id', 'rule_key', 'unit_key']).doNothing())
    .execute()
}

export async function findMemberSubscription(
  db: Db,
  orgId: string,
  memberId: string,
  key: { ruleKey: string; unitKey: string },
): Promise<AlertSubscriptionRow | undefined> {
  const row = await db
    .selectFrom('alert_subscriptions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .where('rule_key', '=', key.ruleKey)
    .where('unit_key', '=', key.unitKey)
    .executeTakeFirst()
  return row ? toSubscription(row) : undefined
}

export async function deleteMemberSubscription(
  db: Db,
  orgId: string,
  memberId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('alert_subscriptions')
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

export async function listMemberSubscriptions(
  db: Db,
  orgId: string,
  memberId: string,
): Promise<AlertSubscriptionRow[]> {
  const rows = await db
    .selectFrom('alert_subscriptions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map(toSubscription)
}

/** The subscriptions that may concern an alert of this rule: to it or to every rule. */
export async function subscriptionsForRule(
  db: Db,
  orgId: string,
  ruleId: string,
): Promise<AlertSubscriptionRow[]> {
  const rows = await db
    .selectFrom('alert_subscriptions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('rule_key', 'in', ['', ruleId])
    .execute()
  return rows.map(toSubscription)
}

/**
 * Breach episodes (migration 0079): an alert kind judged in episodes raises once per episode,
 * its period `YYYY-MM-DD#k` (the k-th episode of the rule, unit and subject that day); the
 * episode lasts until its figures recover (closed_at set).
 */
export async function openEpisodes(
  db: Db,
  orgId: string,
  key: { ruleId: string; unitKey: string; subject: string },
): Promise<Array<{ id: string; period: string }>> {
  return db
    .selectFrom('alert_firings')
    .select(['id', 'period'])
    .where('org_id', '=', orgId)
    .where('rule_id', '=', key.ruleId)
    .where('unit_key', '=', key.unitKey)
    .where('subject', '=', key.subject)
    .where('closed_at', 'is', null)
    .execute()
}

/**
 * How many episodes of the rule, unit and subject that began on `day` (YYYY-MM-DD) have ended.
 * A new episode is number this + 1: counting only ended ones keeps two evaluators that both saw
 * no open episode on the same number even when one of them has just inserted its own (counting
 * every episode, the later one would number it + 2 and raise it twice).
 */
export async function countClosedEpisodesOfDay(
  db: Db,
  orgId: string,
  key: { ruleId: string; unitKey: string; subject: string },
  day: string,
): Promise<number> {
  const row = await db
    .selectFrom('alert_firings')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('org_id', '=', orgId)
    .where('rule_id', '=', key.ruleId)
    .where('unit_key', '=', key.unitKey)
    .where('subject', '=', key.subject)
    .where('period', 'like', `${day}#%`)
    .where('closed_at', 'is not', null)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** Ends the open episodes among `ids` (two instances closing at once close each once). */
export async function closeEpisodes(
  db: Db,
  orgId: string,
  ids: readonly string[],
  at: number,
): Promise<void> {
  if (ids.length === 0) return
  await db
    .updateTable('alert_firings')
    .set({ closed_at: at })
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .where('closed_at', 'is', null)
    .execute()
}
