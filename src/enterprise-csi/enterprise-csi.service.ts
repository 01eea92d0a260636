import { enterpriseCsi } from '../analytics/enterprise-csi.js'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { unitMonthlyCustomerBase } from '../customers/customer-base.service.js'
import { retentionReport } from '../customers/retention.service.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import {
  analyzeSurveyQuestions,
  isCustomerSurvey,
  summarizeSurvey,
} from '../responses/summary.service.js'
import { AppError, ValidationError } from '../shared/errors.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { localDayOf } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { getSurvey } from '../surveys/survey.service.js'
import { scopeWithinUnit } from '../units/unit-scope.service.js'
import { listUnitOutline } from '../units/unit.service.js'
import { findSettingsRow, saveSettingsRow } from './enterprise-csi.repository.js'
import {
  DEFAULT_ENTERPRISE_CSI_SETTINGS,
  EnterpriseCsiQuerySchema,
  type EnterpriseCsiReport,
  type EnterpriseCsiSettings,
  EnterpriseCsiSettingsSchema,
  type EnterpriseCsiSettingsView,
  type EnterpriseCsiUnits,
  MAX_COMPARED_UNITS,
} from './enterprise-csi.schema.js'

/**
 * The enterprise CSI of the seed (美誉度, 指名度, 回头率, 抱怨率, 销售力) computed live from the
 * organisation's answers, cases and transactions for a period of whole months, instead of a
 * hand-written tree (docs/examples/enterprise-csi.json). The maths is pure
 * (analytics/enterprise-csi.ts); every figure comes from another domain's public service, read as
 * the caller — or, with ?unitId=, as the caller limited to that unit and everything below it
 * (scopeWithinUnit, as the dashboard does) — so no record outside the caller's units is counted:
 *
 * - 美誉度: NPS promoters (9–10) or CSAT top two (4–5) of the chosen survey's answers in the
 *   period (the dashboard's day counts, summarizeSurvey).
 * - 指名度: the chosen option's share of the answers to the chosen single-choice question
 *   (analyzeSurveyQuestions' choice counts).
 * - 回头率 and 抱怨率: the customers domain's repurchase rate (buyers of the period with more
 *   than one purchase) and its complainants among those buyers (retentionReport).
 * - 销售力: growth of the purchases (transactions that are not refunds, of customers' units) in
 *   the period against as many months before (unitMonthlyCustomerBase). Purchases are counted,
 *   not summed: the customers domain has no read of sales amounts by unit and period yet.
 */

const DAY_MS = 86_400_000

/** Months since 1970-01 (January 1970 = 0) and back. */
const monthNumber = (label: string) =>
  (Number(label.slice(0, 4)) - 1970) * 12 + Number(label.slice(5, 7)) - 1
const monthLabel = (n: number) =>
  `${1970 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const firstDay = (n: number) => isoDay(Date.UTC(1970 + Math.floor(n / 12), n % 12, 1))
const lastDay = (n: number) =>
  isoDay(Date.UTC(1970 + Math.floor((n + 1) / 12), (n + 1) % 12, 1) - DAY_MS)

function settingsRefused(path: string, message: string): ValidationError {
  return new ValidationError('VALIDATION_FAILED', message, [{ path, reason: message }])
}

async function surveyOf(scope: Scope, surveyId: string, path: string) {
  let survey: Awaited<ReturnType<typeof getSurvey>>
  try {
    survey = await getSurvey(scope, surveyId)
  } catch (e) {
    if (e instanceof AppError && e.code === 'SURVEY_NOT_FOUND')
      throw settingsRefused(path, `No survey ${surveyId} in this organisation.`)
    throw e
  }
  // An anonymous (internal) survey's answers are only read in groups of its minimum size, never
  // one survey's counts at a time: it cannot measure what customers say of the organisation.
  if (!isCustomerSurvey(survey))
    throw settingsRefused(path, `Survey ${surveyId} is anonymous; choose a customer survey.`)
  return survey
}

/** Refuses settings naming a survey, question or option that cannot measure the indicator. */
async function checkSettings(scope: Scope, s: EnterpriseCsiSettings): Promise<void> {
  if (s.reputation) {
    const survey = await surveyOf(scope, s.reputation.surveyId, 'reputation.surveyId')
    const type = s.reputation.measure === 'nps_promoters' ? 'nps' : 'csat'
    if (!survey.questions.some((q) => q.type === type))
      throw settingsRefused(
        'reputation.measure',
        `Survey ${survey.id} has no ${type.toUpperCase()} question to measure reputation with.`,
      )
  }
  if (s.designation) {
    const { surveyId, questionKey, option } = s.designation
    const survey = await surveyOf(scope, surveyId, 'designation.surveyId')
    const question = survey.questions.find((q) => q.key === questionKey)
    if (!question)
      throw settingsRefused(
        'designation.questionKey',
        `Survey ${surveyId} has no question ${questionKey}.`,
      )
    if (question.type !== 'single')
      throw settingsRefused(
        'designation.questionKey',
        `Question ${questionKey} is a ${question.type} question; designation needs a single-choice question.`,
      )
    if (!(question.options ?? []).some((o) => o.key === option))
      throw settingsRefused(
        'designation.option',
        `Question ${questionKey} has no option ${option}.`,
      )
  }
}

export async function enterpriseCsiSettings(scope: Scope): Promise<EnterpriseCsiSettingsView> {
  requirePermission(scope.actor, 'responses:read')
  const row = await findSettingsRow(scope.db, scope.orgId)
  if (!row) return { settings: DEFAULT_ENTERPRISE_CSI_SETTINGS, saved: false, updatedAt: null }
  return {
    settings: parseStoredJson(
      EnterpriseCsiSettingsSchema,
      row.settings,
      'enterprise_csi_settings.settings',
    ),
    saved: true,
    updatedAt: new Date(row.updatedAt).toISOString(),
  }
}

export async function saveEnterpriseCsiSettings(
  scope: Scope,
  input: unknown,
): Promise<EnterpriseCsiSettingsView> {
  requirePermission(scope.actor, 'surveys:write')
  const settings = parseInput(EnterpriseCsiSettingsSchema, input, 'body')
  await checkSettings(scope, settings)
  await scope.db.transaction().execute(async (trx) => {
    await saveSettingsRow(trx, scope.orgId, {
      settings: JSON.stringify(settings),
      updatedBy: scope.actor.id,
      updatedAt: scope.now,
    })
    await recordAudit(trx, scope, {
      action: 'enterprise_csi.settings.save',
      entity: 'enterprise_csi_settings',
      entityId: scope.orgId,
      detail: { periodMonths: settings.periodMonths, weights: settings.weights },
    })
  })
  return { settings, saved: true, updatedAt: new Date(scope.now).toISOString() }
}

/** 美誉度's hits and n: promoters or top-two answers of the survey in the period. */
async function reputationCounts(
  reader: Scope,
  s: NonNullable<EnterpriseCsiSettings['reputation']>,
  window: { from: string; to: string },
) {
  const summary = await summarizeSurvey(reader, s.surveyId, window)
  const counts =
    (s.measure === 'nps_promoters' ? summary.distributions.nps : summary.distributions.csat) ?? []
  const n = counts.reduce((a, b) => a + b, 0)
  // nps counts are of 0..10 (promoters 9–10), csat counts of 1..5 (top two 4–5).
  const hits = counts.slice(-2).reduce((a, b) => a + b, 0)
  return { hits, n }
}

/** 指名度's hits and n: the option's picks among the question's answers in the period. */
async function designationCounts(
  reader: Scope,
  s: NonNullable<EnterpriseCsiSettings['designation']>,
  window: { from: string; to: string },
) {
  const analysis = await analyzeSurveyQuestions(reader, s.surveyId, window)
  const question = analysis.choices.find((c) => c.key === s.questionKey)
  if (!question) return { hits: 0, n: 0 }
  return {
    hits: question.counts.find((c) => c.option === s.option)?.count ?? 0,
    // A single-choice answer picks one option: the picks are the respondents who answered.
    n: question.counts.reduce((a, c) => a + c.count, 0),
  }
}

export async function enterpriseCsiReport(
  scope: Scope,
  query: unknown,
): Promise<EnterpriseCsiReport> {
  requirePermission(scope.actor, 'responses:read')
  requirePermission(scope.actor, 'cases:read')
  const q = parseInput(EnterpriseCsiQuerySchema, query, 'query')
  const { settings } = await enterpriseCsiSettings(scope)
  const reader = q.unitId ? (await scopeWithinUnit(scope, q.unitId)).scope : scope
  const timeZone = await organisationTimezone(scope)
  const thisMonth = monthNumber(isoDay(localDayOf(scope.now, timeZone) * DAY_MS).slice(0, 7))
  const last = q.month ? monthNumber(q.month) : thisMonth
  const first = last - settings.periodMonths + 1
  const window = { from: firstDay(first), to: lastDay(last) }
  const [reputation, designation, retention, base] = await Promise.all([
    settings.reputation ? reputationCounts(reader, settings.reputation, window) : { hits: 0, n: 0 },
    settings.designation
      ? designationCounts(reader, settings.designation, window)
      : { hits: 0, n: 0 },
    retentionReport(reader, { from: monthLabel(first), to: monthLabel(last) }),
    unitMonthlyCustomerBase(reader, {
      fromMonth: first - settings.periodMonths,
      toMonth: last + 1,
    }),
  ])
  const purchases = (from: number, to: number) =>
    base.filter((r) => r.month >= from && r.month <= to).reduce((s, r) => s + r.transactions, 0)
  const current = purchases(first, last)
  const previous = purchases(first - settings.periodMonths, first - 1)
  const returnRate = {
    hits: retention.repurchase?.repeat ?? 0,
    n: retention.repurchase?.customers ?? 0,
  }
  const complaints = { hits: retention.complaintRate?.complainants ?? 0, n: retention.customers }
  const csi = enterpriseCsi({
    reputation,
    designation,
    returnRate,
    complaintRate: { ...complaints, worstPer10k: settings.complaintWorstPer10k },
    salesPower: { current, previous, growthCap: settings.salesGrowthCap },
    weights: settings.weights,
  })
  const counts = {
    reputation,
    designation,
    returnRate,
    complaintRate: complaints,
    salesPower: { hits: current, n: previous },
  }
  return {
    unitId: q.unitId ?? null,
    period: { from: monthLabel(first), to: monthLabel(last) },
    previousPeriod: {
      from: monthLabel(first - settings.periodMonths),
      to: monthLabel(first - 1),
    },
    index: csi.index,
    indicators: csi.indicators.map((r) => ({ ...r, counts: counts[r.indicator] })),
    missing: csi.missing,
    settings,
  }
}

/**
 * The index of each open unit directly below `unitId` — or, without one, of the reader's top
 * units (those whose parent the reader cannot see) — each read as enterpriseCsiReport reads one
 * unit, one after the other (a few reads per unit), at most MAX_COMPARED_UNITS of them by code.
 */
export async function enterpriseCsiByUnit(
  scope: Scope,
  query: unknown,
): Promise<EnterpriseCsiUnits> {
  requirePermission(scope.actor, 'responses:read')
  requirePermission(scope.actor, 'cases:read')
  const q = parseInput(EnterpriseCsiQuerySchema, query, 'query')
  if (q.unitId) await scopeWithinUnit(scope, q.unitId)
  const open = (await listUnitOutline(scope)).filter(
    (u) => u.closedAt === null && isRecordWithinUnits(scope, u.id),
  )
  const seen = new Set(open.map((u) => u.id))
  const children = open
    .filter((u) =>
      q.unitId ? u.parentId === q.unitId : u.parentId === null || !seen.has(u.parentId),
    )
    .sort((a, b) => a.code.localeCompare(b.code))
  const units: EnterpriseCsiUnits['units'] = []
  let period: EnterpriseCsiUnits['period'] | undefined
  for (const u of children.slice(0, MAX_COMPARED_UNITS)) {
    const r = await enterpriseCsiReport(scope, {
      unitId: u.id,
      ...(q.month ? { month: q.month } : {}),
    })
    period = r.period
    units.push({
      unit: { id: u.id, code: u.code, nameZh: u.nameZh, nameEn: u.nameEn ?? null },
      index: r.index,
      scores: Object.fromEntries(r.indicators.map((i) => [i.indicator, i.score])) as Record<
        (typeof r.indicators)[number]['indicator'],
        number | null
      >,
    })
  }
  if (!period) period = (await enterpriseCsiReport(scope, q.month ? { month: q.month } : {})).period
  return {
    unitId: q.unitId ?? null,
    period,
    units,
    truncated: children.length > MAX_COMPARED_UNITS,
  }
}
