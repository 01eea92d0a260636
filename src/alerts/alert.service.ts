import { recordAudit } from '../audit/audit.service.js'
import { can, requirePermission } from '../auth/permission.service.js'
import { findUserInDirectory } from '../auth/user-directory.service.js'
import type { Db } from '../db/database.js'
import type { DialectFeatures } from '../db/dialect-features.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { slaBoard } from '../cases/case.service.js'
import { notifyMembers } from '../notifications/notification.service.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { localDayOf, startOfLocalDay } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { offTrackTargets } from '../targets/target-progress.service.js'
import {
  descendantsOf,
  monthOfDay,
  rollupMonthlyFigures,
  type UnitFigure,
} from '../targets/unit-figure.service.js'
import { emergingTopicsAt } from '../text/text-insights.service.js'
import { listUnits, membershipUnitIds, type UnitRecord } from '../units/unit.service.js'
import {
  type Alert,
  type AlertEvaluationReport,
  type AlertEvidence,
  AlertEvidenceSchema,
  AlertListQuerySchema,
  type AlertMetric,
  type AlertParams,
  AlertParamsSchema,
  type AlertRule,
  AlertRuleInputSchema,
  type AlertRuleKind,
  type AlertSubscription,
  AlertSubscriptionInputSchema,
} from './alert.schema.js'
import {
  type AlertRuleRow,
  countDeliveredSince,
  deleteAlertRule,
  deleteMemberSubscription,
  deliveredSince,
  findAlertFiring,
  findAlertRule,
  findMemberSubscription,
  insertAlertFiringOnce,
  insertAlertRule,
  insertAlertSubscription,
  listAlertFirings,
  listAlertRules,
  listMemberSubscriptions,
  organisationsWithAlertRules,
  subscriptionsForRule,
  updateAlertRule,
  type AlertFiringRow,
} from './alert.repository.js'
import {
  judgeControlSignal,
  judgePeriodDrop,
  judgeVolumeFall,
  type Judgement,
} from './alert-judgement.js'
import { waitPromiseFindings } from './wait-promise-findings.js'
import { hasWaitPromiseFor } from '../commitments/wait-promise.service.js'
import { ConflictError } from '../shared/errors.js'

/**
 * Alert rules on any metric at any unit, evaluated by the background job `alert-evaluation`:
 * each alert is raised once per rule, unit, subject and period (a unique key, so two instances
 * evaluating at once raise it once), held back by the rule's rate limits (a cooldown per unit and
 * subject, a daily cap per rule), and told — in the same transaction — to the members subscribed
 * to it who may see its unit, in the app, by e-mail and through the organisation's group robots
 * (notifications domain), with a link to its evidence.
 */

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
/** How many completed months a control chart looks back over. */
const CHART_MONTHS = 24

/** Kinds that watch the whole organisation whatever unit is named (topics are not per unit). */
const ORGANISATION_WIDE: ReadonlySet<AlertRuleKind> = new Set(['topic_surge'])

function toRule(row: AlertRuleRow): AlertRule {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as AlertRuleKind,
    metric: row.metric as AlertMetric,
    unitId: row.unitId,
    eachChild: row.eachChild,
    params: parseStoredJson(AlertParamsSchema, row.params, 'alert_rules.params'),
    cooldownHours: row.cooldownHours,
    maxPerDay: row.maxPerDay,
    enabled: row.enabled,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

/** A rule or alert about `unitId` (null: the whole organisation) is within the actor's units. */
function isUnitVisible(scope: Scope, unitId: string | null): boolean {
  return unitId === null ? scope.units === undefined : isRecordWithinUnits(scope, unitId)
}

function ruleNotFound(id: string): NotFoundError {
  return new NotFoundError('ALERT_RULE_NOT_FOUND', `No alert rule ${id}.`, [
    { path: 'id', reason: 'unknown alert rule' },
  ])
}

async function requireUnit(scope: Scope, unitId: string, path: string): Promise<void> {
  const units = await listUnits(scope, { at: scope.now })
  if (!units.some((u) => u.id === unitId) || !isRecordWithinUnits(scope, unitId))
    throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${unitId} in this organisation.`, [
      { path, reason: 'unknown unit' },
    ])
}

async function ruleInScope(scope: Scope, id: string): Promise<AlertRuleRow> {
  const row = await findAlertRule(scope.db, scope.orgId, id)
  if (!row || !isUnitVisible(scope, row.unitId)) throw ruleNotFound(id)
  return row
}

/** The rule's row from a request body (the unit checked against the actor's units). */
async function ruleFromInput(
  scope: Scope,
  input: unknown,
  base: { id: string; createdBy: string; createdAt: number },
): Promise<AlertRuleRow> {
  const body = parseInput(AlertRuleInputSchema, input, 'alert rule')
  const unitId = ORGANISATION_WIDE.has(body.kind) ? null : body.unitId
  if (unitId !== null) await requireUnit(scope, unitId, 'unitId')
  else if (scope.units !== undefined)
    throw new ValidationError(
      'VALIDATION_FAILED',
      'A member limited to some units sets rules on those units only.',
      [{ path: 'unitId', reason: 'the whole organisation', allowed: 'one of your units' }],
    )
  if (body.kind === 'wait_promise' && !(await hasWaitPromiseFor(scope, unitId)))
    throw new ConflictError(
      'WAIT_PROMISE_MISSING',
      'No waiting promise applies to the units this rule watches: set one first.',
      [{ path: 'unitId', reason: 'no waiting promise here or above' }],
    )
  return {
    id: base.id,
    orgId: scope.orgId,
    name: body.name,
    kind: body.kind,
    metric: body.metric,
    unitId,
    eachChild: body.eachChild,
    params: JSON.stringify(body.params),
    cooldownHours: body.cooldownHours,
    maxPerDay: body.maxPerDay,
    enabled: body.enabled,
    createdBy: base.createdBy,
    createdAt: base.createdAt,
    updatedAt: scope.now,
  }
}

export async function listAlertRulesFor(scope: Scope): Promise<{ rules: AlertRule[] }> {
  requirePermission(scope.actor, 'responses:read')
  const rows = await listAlertRules(scope.db, scope.orgId)
  return { rules: rows.filter((r) => isUnitVisible(scope, r.unitId)).map(toRule) }
}

export async function createAlertRule(scope: Scope, input: unknown): Promise<AlertRule> {
  requirePermission(scope.actor, 'alerts:write')
  const row = await ruleFromInput(scope, input, {
    id: newId(scope.now),
    createdBy: scope.actor.id,
    createdAt: scope.now,
  })
  await scope.db.transaction().execute(async (trx) => {
    await insertAlertRule(trx, row)
    await recordAudit(trx, scope, {
      action: 'alert_rule.create',
      entity: 'alert_rule',
      entityId: row.id,
      detail: { kind: row.kind, metric: row.metric, unitId: row.unitId },
    })
  })
  return toRule(row)
}

export async function replaceAlertRule(
  scope: Scope,
  id: string,
  input: unknown,
): Promise<AlertRule> {
  requirePermission(scope.actor, 'alerts:write')
  const existing = await ruleInScope(scope, id)
  const row = await ruleFromInput(scope, input, existing)
  await scope.db.transaction().execute(async (trx) => {
    await updateAlertRule(trx, row)
    await recordAudit(trx, scope, {
      action: 'alert_rule.update',
      entity: 'alert_rule',
      entityId: id,
      detail: { kind: row.kind, metric: row.metric, unitId: row.unitId, enabled: row.enabled },
    })
  })
  return toRule(row)
}

export async function removeAlertRule(scope: Scope, id: string): Promise<void> {
  requirePermission(scope.actor, 'alerts:write')
  await ruleInScope(scope, id)
  await scope.db.transaction().execute(async (trx) => {
    await deleteAlertRule(trx, scope.orgId, id)
    await recordAudit(trx, scope, {
      action: 'alert_rule.delete',
      entity: 'alert_rule',
      entityId: id,
      detail: {},
    })
  })
}

function toAlert(row: AlertFiringRow, ruleNames: Map<string, string>): Alert {
  const evidence = parseStoredJson(AlertEvidenceSchema, row.evidence, 'alert_firings.evidence')
  return {
    id: row.id,
    ruleId: row.ruleId,
    ruleName: ruleNames.get(row.ruleId) ?? '—',
    unitId: row.unitKey === '' ? null : row.unitKey,
    subject: row.subject,
    period: row.period,
    state: row.state as Alert['state'],
    evidence,
    firedAt: row.firedAt,
    closedAt: row.closedAt ?? null,
  }
}

/** The latest alerts (all, or one rule's) about units the caller may see. */
export async function listAlertsFor(scope: Scope, query: unknown): Promise<{ alerts: Alert[] }> {
  requirePermission(scope.actor, 'responses:read')
  const q = parseInput(AlertListQuerySchema, query ?? {}, 'query')
  const [rows, rules] = await Promise.all([
    listAlertFirings(scope.db, scope.orgId, { ruleId: q.ruleId, limit: q.limit ?? 50 }),
    listAlertRules(scope.db, scope.orgId),
  ])
  const names = new Map(rules.map((r) => [r.id, r.name]))
  return {
    alerts: rows
      .filter((r) => isUnitVisible(scope, r.unitKey === '' ? null : r.unitKey))
      .map((r) => toAlert(r, names)),
  }
}

/** One alert with its evidence (where its notification links to). */
export async function getAlert(scope: Scope, id: string): Promise<Alert> {
  requirePermission(scope.actor, 'responses:read')
  const row = await findAlertFiring(scope.db, scope.orgId, id)
  if (!row || !isUnitVisible(scope, row.unitKey === '' ? null : row.unitKey))
    throw new NotFoundError('ALERT_NOT_FOUND', `No alert ${id}.`, [
      { path: 'id', reason: 'unknown alert' },
    ])
  const rule = await findAlertRule(scope.db, scope.orgId, row.ruleId)
  return toAlert(row, new Map(rule ? [[rule.id, rule.name]] : []))
}

// ---------------------------------------------------------------- subscriptions

function toSubscription(row: {
  id: string
  ruleKey: string
  unitKey: string
  createdAt: number
}): AlertSubscription {
  return {
    id: row.id,
    ruleId: row.ruleKey === '' ? null : row.ruleKey,
    unitId: row.unitKey === '' ? null : row.unitKey,
    createdAt: row.createdAt,
  }
}

export async function mySubscriptions(
  scope: Scope,
): Promise<{ subscriptions: AlertSubscription[] }> {
  requirePermission(scope.actor, 'responses:read')
  const rows = await listMemberSubscriptions(scope.db, scope.orgId, scope.actor.id)
  return { subscriptions: rows.map(toSubscription) }
}

/** Subscribes the caller to a rule (or every rule) at a unit of theirs (or every unit they see). */
export async function subscribe(scope: Scope, input: unknown): Promise<AlertSubscription> {
  requirePermission(scope.actor, 'responses:read')
  const body = parseInput(AlertSubscriptionInputSchema, input, 'subscription')
  if (body.ruleId !== null) await ruleInScope(scope, body.ruleId)
  if (body.unitId !== null) await requireUnit(scope, body.unitId, 'unitId')
  const key = { ruleKey: body.ruleId ?? '', unitKey: body.unitId ?? '' }
  await insertAlertSubscription(scope.db, {
    id: newId(scope.now),
    orgId: scope.orgId,
    memberId: scope.actor.id,
    ...key,
    createdAt: scope.now,
  })
  const row = await findMemberSubscription(scope.db, scope.orgId, scope.actor.id, key)
  return toSubscription(row!)
}

export async function unsubscribe(scope: Scope, id: string): Promise<void> {
  requirePermission(scope.actor, 'responses:read')
  if (!(await deleteMemberSubscription(scope.db, scope.orgId, scope.actor.id, id)))
    throw new NotFoundError('ALERT_SUBSCRIPTION_NOT_FOUND', `No subscription ${id}.`, [
      { path: 'id', reason: 'unknown subscription' },
    ])
}

// ---------------------------------------------------------------- evaluation

interface Finding {
  /** null: the whole organisation. */
  unitId: string | null
  subject: string
  period: string
  evidence: AlertEvidence
  /** Words for the notification beside the figures (a topic's label), and in English. */
  subjectLabel?: string
  subjectLabelEn?: string
}

function monthBefore(month: string, count = 1): string {
  const y = Number(month.slice(0, 4))
  const m = Number(month.slice(5, 7)) - 1 - count
  const d = new Date(Date.UTC(y, m, 1))
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

function daysOfMonth(month: string): number {
  const y = Number(month.slice(0, 4))
  const m = Number(month.slice(5, 7))
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

interface Context {
  scope: Scope
  timeZone: string
  today: number
  month: string
  units: UnitRecord[]
  byId: Map<string, UnitRecord>
}

/** The units a metric rule watches: its unit, or each child of it (null = the organisation). */
function watchedUnits(rule: AlertRuleRow, ctx: Context): Array<string | null> {
  if (!rule.eachChild) return [rule.unitId]
  return ctx.units.filter((u) => u.parentId === rule.unitId).map((u) => u.id)
}

function unitName(ctx: Context, unitId: string | null): string | null {
  if (unitId === null) return null
  const unit = ctx.byId.get(unitId)
  return unit ? unit.nameZh : null
}

function unitNameEn(ctx: Context, unitId: string | null): string | null {
  if (unitId === null) return null
  return ctx.byId.get(unitId)?.nameEn ?? null
}

/** Monthly figures of the watched units (the organisation = the sum of its top units). */
async function monthlyFigures(
  ctx: Context,
  metric: AlertMetric,
  watched: Array<string | null>,
  months: string[],
): Promise<Map<string | null, Map<string, UnitFigure>>> {
  const roots = ctx.units.filter((u) => u.parentId === null).map((u) => u.id)
  const ids = [...new Set(watched.flatMap((id) => (id === null ? roots : [id])))]
  const figures = await rollupMonthlyFigures(ctx.scope, {
    metric,
    months,
    unitIds: ids,
    units: ctx.units,
  })
  const out = new Map<string | null, Map<string, UnitFigure>>()
  for (const id of watched) {
    if (id !== null) {
      out.set(id, figures.get(id) ?? new Map())
      continue
    }
    const total = new Map<string, UnitFigure>()
    for (const month of months) {
      const m = { n: 0, sum: 0, sumSquares: 0 }
      for (const root of roots) {
        const f = figures.get(root)?.get(month)
        if (!f) continue
        m.n += f.n
        m.sum += f.moments.sum
        m.sumSquares += f.moments.sumSquares
      }
      total.set(month, { value: m.n > 0 ? m.sum / m.n : null, n: m.n, moments: m })
    }
    out.set(null, total)
  }
  return out
}

function evidenceOf(
  rule: AlertRuleRow,
  ctx: Context,
  unitId: string | null,
  period: string,
  judgement: Judgement,
  extra: Partial<AlertEvidence>,
): AlertEvidence {
  return {
    kind: rule.kind as AlertRuleKind,
    metric: rule.metric as AlertMetric,
    unitId,
    unitName: unitName(ctx, unitId),
    unitNameEn: unitNameEn(ctx, unitId),
    period,
    value: judgement.value,
    ...(judgement.baseline === undefined ? {} : { baseline: judgement.baseline }),
    n: judgement.n,
    ...(judgement.baselineN === undefined ? {} : { baselineN: judgement.baselineN }),
    ...(judgement.pValue === undefined ? {} : { pValue: judgement.pValue }),
    link: '/app/units/league',
    ...extra,
  }
}

async function findingsOf(rule: AlertRuleRow, ctx: Context): Promise<Finding[]> {
  const params: AlertParams = parseStoredJson(AlertParamsSchema, rule.params, 'alert_rules.params')
  const metric = rule.metric as AlertMetric
  const kind = rule.kind as AlertRuleKind
  const out: Finding[] = []
  switch (kind) {
    case 'period_drop':
    case 'volume_fall': {
      const previous = monthBefore(ctx.month)
      const watched = watchedUnits(rule, ctx)
      const figures = await monthlyFigures(ctx, metric, watched, [previous, ctx.month])
      const monthStart = startOfLocalDay(
        Math.floor(
          Date.UTC(Number(ctx.month.slice(0, 4)), Number(ctx.month.slice(5, 7)) - 1, 1) / DAY_MS,
        ),
        ctx.timeZone,
      )
      for (const unitId of watched) {
        const cur = figures.get(unitId)?.get(ctx.month)
        const prev = figures.get(unitId)?.get(previous)
        if (!cur || !prev) continue
        const judgement =
          kind === 'period_drop'
            ? judgePeriodDrop(cur.moments, prev.moments, params)
            : judgeVolumeFall(
                { n: cur.n, days: (ctx.scope.now - monthStart) / DAY_MS },
                { n: prev.n, days: daysOfMonth(previous) },
                params,
              )
        if (!judgement) continue
        out.push({
          unitId,
          subject: '',
          period: ctx.month,
          evidence: evidenceOf(rule, ctx, unitId, ctx.month, judgement, {
            baselinePeriod: previous,
          }),
        })
      }
      return out
    }
    case 'control_signal': {
      const months = Array.from({ length: CHART_MONTHS }, (_, i) =>
        monthBefore(ctx.month, CHART_MONTHS - i),
      )
      const last = months[months.length - 1]!
      const watched = watchedUnits(rule, ctx)
      const figures = await monthlyFigures(ctx, metric, watched, months)
      for (const unitId of watched) {
        const byMonth = figures.get(unitId)
        if (!byMonth || (byMonth.get(last)?.n ?? 0) === 0) continue
        const series = months.flatMap((month) => {
          const f = byMonth.get(month)
          return f && f.value !== null ? [{ month, value: f.value, n: f.n }] : []
        })
        const judgement = judgeControlSignal(series)
        if (!judgement) continue
        out.push({
          unitId,
          subject: '',
          period: last,
          evidence: evidenceOf(rule, ctx, unitId, last, judgement, {
            series,
            center: judgement.center,
            lcl: judgement.lcl,
            ucl: judgement.ucl,
            tests: judgement.tests,
          }),
        })
      }
      return out
    }
    case 'target_off_track': {
      const watched = rule.unitId === null ? null : descendantsOf(ctx.units, [rule.unitId])
      const within = watched === null ? null : new Set(watched.get(rule.unitId!) ?? [])
      for (const t of await offTrackTargets(ctx.scope, { limit: 1000 })) {
        if (t.metric !== metric) continue
        if (within && !within.has(t.unitId)) continue
        if (rule.eachChild && rule.unitId !== null && t.unitId === rule.unitId) continue
        out.push({
          unitId: t.unitId,
          subject: t.id,
          period: t.period,
          evidence: {
            kind,
            metric,
            unitId: t.unitId,
            unitName: unitName(ctx, t.unitId),
            unitNameEn: unitNameEn(ctx, t.unitId),
            period: t.period,
            value: t.current,
            n: t.n,
            targetId: t.id,
            target: t.value,
            ...(t.probability === null ? {} : { probability: t.probability }),
            link: '/app/units/league',
          },
        })
      }
      return out
    }
    case 'topic_surge': {
      const day = isoDay(ctx.today)
      for (const topic of await emergingTopicsAt(ctx.scope, ctx.scope.now)) {
        const label = topic.label['zh-CN'] ?? topic.topic
        out.push({
          unitId: null,
          subject: topic.topic,
          period: day,
          subjectLabel: label,
          subjectLabelEn: topic.label['en-US'] ?? label,
          evidence: {
            kind,
            unitId: null,
            unitName: null,
            period: day,
            topic: topic.topic,
            topicLabel: label,
            ...(topic.label['en-US'] ? { topicLabelEn: topic.label['en-US'] } : {}),
            recentShare: topic.recentShare,
            baselineShare: topic.baselineShare,
            pValue: topic.pValue,
            link: '/app/text',
          },
        })
      }
      return out
    }
    case 'sla_breach_rate': {
      const day = isoDay(ctx.today)
      const maxRate = params.maxBreachRate ?? 0.1
      const minDue = params.minDue ?? 10
      for (const unitId of watchedUnits(rule, ctx)) {
        const units =
          unitId === null ? undefined : (descendantsOf(ctx.units, [unitId]).get(unitId) ?? [])
        const board = await slaBoard({ ...ctx.scope, units })
        const { due, missed } = board.total
        if (due < minDue || missed / due <= maxRate) continue
        out.push({
          unitId,
          subject: '',
          period: day,
          evidence: {
            kind,
            unitId,
            unitName: unitName(ctx, unitId),
            unitNameEn: unitNameEn(ctx, unitId),
            period: day,
            value: (100 * missed) / due,
            baseline: 100 * maxRate,
            due,
            missed,
            link: '/app/sla-board',
          },
        })
      }
      return out
    }
    case 'wait_promise':
      return waitPromiseFindings(rule, params, { ...ctx, day: isoDay(ctx.today) })
  }
}

/** Who is told of an alert: subscribers to its rule (or every rule) at its unit or above, who may see it. */
async function recipientsOf(
  db: Db,
  orgId: string,
  rule: AlertRuleRow,
  unitId: string | null,
  ctx: Context,
): Promise<string[]> {
  const subscriptions = await subscriptionsForRule(db, orgId, rule.id)
  const ancestors = new Set<string>()
  for (let id = unitId; id !== null; id = ctx.byId.get(id)?.parentId ?? null) {
    if (ancestors.has(id)) break
    ancestors.add(id)
  }
  const out: string[] = []
  for (const memberId of new Set(
    subscriptions
      .filter((s) => s.unitKey === '' || (unitId !== null && ancestors.has(s.unitKey)))
      .map((s) => s.memberId),
  )) {
    const user = await findUserInDirectory({ db, orgId }, memberId)
    if (!user || user.disabled || user.deleted) continue
    if (
      !can(
        { type: 'user', id: user.id, role: user.role as Scope['actor']['role'] },
        'responses:read',
      )
    )
      continue
    const limits = await membershipUnitIds(db, memberId)
    if (limits.length > 0 && (unitId === null || !limits.some((u) => ancestors.has(u)))) continue
    out.push(memberId)
  }
  return out.sort()
}

/** Records (once) and tells one finding; what became of it. */
async function raise(
  ctx: Context,
  rule: AlertRuleRow,
  finding: Finding,
): Promise<'delivered' | 'held' | 'known'> {
  const { db, orgId, now } = ctx.scope
  const key = { ruleId: rule.id, unitKey: finding.unitId ?? '', subject: finding.subject }
  let state: Alert['state'] = 'delivered'
  if (
    rule.cooldownHours > 0 &&
    (await deliveredSince(db, orgId, key, now - rule.cooldownHours * HOUR_MS))
  )
    state = 'cooldown'
  else if ((await countDeliveredSince(db, orgId, rule.id, now - DAY_MS)) >= rule.maxPerDay)
    state = 'daily_limit'
  const id = newId(now)
  const evidence: AlertEvidence = { ...finding.evidence, link: finding.evidence.link }
  return db.transaction().execute(async (trx) => {
    const inserted = await insertAlertFiringOnce(trx, {
      id,
      orgId,
      ...key,
      period: finding.period,
      state,
      evidence: JSON.stringify(evidence),
      firedAt: now,
    })
    if (!inserted) return 'known'
    if (state !== 'delivered') return 'held'
    const e = finding.evidence
    await notifyMembers(
      trx,
      { orgId, now },
      {
        kind: 'alert_fired',
        params: {
          alertId: id,
          ruleName: rule.name,
          alertKind: rule.kind,
          ...(e.metric ? { metric: e.metric } : {}),
          ...(e.unitName ? { unitName: e.unitName } : {}),
          ...(e.unitNameEn ? { unitNameEn: e.unitNameEn } : {}),
          period: e.period,
          ...(typeof e.value === 'number' ? { value: e.value } : {}),
          ...(typeof e.baseline === 'number' ? { baseline: e.baseline } : {}),
          ...(finding.subjectLabel ? { subjectLabel: finding.subjectLabel } : {}),
          ...(finding.subjectLabelEn ? { subjectLabelEn: finding.subjectLabelEn } : {}),
          ...(e.waitCheck ? { waitCheck: e.waitCheck } : {}),
          ...(typeof e.promiseMinutes === 'number' ? { promiseMinutes: e.promiseMinutes } : {}),
          ...(typeof e.withinPercent === 'number' ? { withinPercent: e.withinPercent } : {}),
          ...(typeof e.n === 'number' && e.waitCheck === 'share' ? { n: e.n } : {}),
          ...(typeof e.over === 'number' ? { over: e.over } : {}),
        },
        link: `/app/alerts/${id}`,
        eventKey: `alert:${rule.id}:${key.unitKey}:${key.subject}:${finding.period}`,
        memberIds: await recipientsOf(trx, orgId, rule, finding.unitId, ctx),
      },
    )
    return 'delivered'
  })
}

/**
 * The background job: every enabled rule of every organisation, judged on the figures as they
 * stand at `now` (months in the organisation's time zone). Safe to run twice at once: an alert
 * already raised for its rule, unit, subject and period is neither raised nor told again.
 */
export async function runAlertEvaluation(
  store: { db: Db; features: DialectFeatures },
  now: number,
): Promise<AlertEvaluationReport> {
  const report: AlertEvaluationReport = { rules: 0, fired: 0, heldBack: 0 }
  for (const orgId of await organisationsWithAlertRules(store.db)) {
    const scope: Scope = {
      db: store.db,
      features: store.features,
      orgId,
      actor: { type: 'system', id: 'alert-evaluation', role: 'admin' },
      now,
    }
    const timeZone = await organisationTimezone(scope)
    const today = localDayOf(now, timeZone)
    const units = await listUnits(scope, { at: now })
    const ctx: Context = {
      scope,
      timeZone,
      today,
      month: monthOfDay(today),
      units,
      byId: new Map(units.map((u) => [u.id, u])),
    }
    for (const rule of await listAlertRules(store.db, orgId, { enabledOnly: true })) {
      report.rules++
      for (const finding of await findingsOf(rule, ctx)) {
        const outcome = await raise(ctx, rule, finding)
        if (outcome === 'delivered') report.fired++
        else if (outcome === 'held') report.heldBack++
      }
    }
  }
  return report
}
