import { enterpriseCsi } from '../analytics/enterprise-csi.js'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { unitMonthlyComplaintCases } from '../cases/case-unit-figures.service.js'
import {
  unitBuyers,
  unitBuyersByWindow,
  unitMonthlySales,
} from '../customers/customer-base.service.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { isCustomerSurvey } from '../responses/summary.service.js'
import { surveyUnitMonthlyCounts } from '../responses/survey-unit-counts.service.js'
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
  type EnterpriseCsiTrend,
  type EnterpriseCsiUnits,
  ENTERPRISE_CSI_TREND_MONTHS,
  type SalesTotals,
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
 *   period; 指名度: the chosen option's share of the answers to the chosen single-choice question
 *   (both counted per unit and month in one query, surveyUnitMonthlyCounts).
 * - 回头率: the customers who bought in the period and those who bought more than once
 *   (unitBuyers, per customer unit — the repurchase rate of the customers domain).
 * - 抱怨率: complaints (cases of kind complaint) opened in the period (unitMonthlyComplaintCases)
 *   per 10,000 active customers (the buyers above) or per 10,000 purchases (a setting).
 * - 销售力: growth of net sales (purchase amounts less refunds, unitMonthlySales) in the period
 *   against as many months before.
 *
 * Every read is grouped by unit (and month): one report, a comparison of all the units below a
 * unit, and a 12-month trend each cost a handful of queries however many units there are. A
 * unit's figures are those of its subtree as the tree stands now.
 */

const DAY_MS = 86_400_000

/** Months since 1970-01 (January 1970 = 0) and back. */
const monthNumber = (label: string) =>
  (Number(label.slice(0, 4)) - 1970) * 12 + Number(label.slice(5, 7)) - 1
const monthLabel = (n: number) =>
  `${1970 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

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

/** What one period of one unit (or of the whole reader's scope) adds up to. */
interface Sums {
  scoreN: number
  scoreHits: number
  choiceN: number
  choiceHits: number
  complaints: number
  purchases: number
  amount: number
  refunds: number
  net: number
}

const emptySums = (): Sums => ({
  scoreN: 0,
  scoreHits: 0,
  choiceN: 0,
  choiceHits: 0,
  complaints: 0,
  purchases: 0,
  amount: 0,
  refunds: 0,
  net: 0,
})

/** Per unit (null: records without one) and local month, the month-additive figures. */
interface MonthlyRows {
  answers: Awaited<ReturnType<typeof surveyUnitMonthlyCounts>>
  sales: Awaited<ReturnType<typeof unitMonthlySales>>
  complaints: Awaited<ReturnType<typeof unitMonthlyComplaintCases>>
}

/**
 * The month-additive figures for [fromMonth, toMonth): the chosen surveys' counts, sales and
 * complaints, per unit and month — one grouped query each (two when reputation and designation
 * are read from different surveys).
 */
async function readMonthly(
  reader: Scope,
  settings: EnterpriseCsiSettings,
  fromMonth: number,
  toMonth: number,
): Promise<MonthlyRows> {
  const { reputation, designation } = settings
  const range = { fromMonth, toMonth }
  const choice = designation
    ? { questionKey: designation.questionKey, option: designation.option }
    : null
  const sameSurvey = reputation && designation && reputation.surveyId === designation.surveyId
  const answerReads = sameSurvey
    ? [
        surveyUnitMonthlyCounts(reader, reputation.surveyId, {
          ...range,
          score: reputation.measure,
          choice,
        }),
      ]
    : [
        reputation
          ? surveyUnitMonthlyCounts(reader, reputation.surveyId, {
              ...range,
              score: reputation.measure,
              choice: null,
            })
          : Promise.resolve([]),
        designation
          ? surveyUnitMonthlyCounts(reader, designation.surveyId, {
              ...range,
              score: null,
              choice,
            })
          : Promise.resolve([]),
      ]
  const [sales, complaints, ...answers] = await Promise.all([
    unitMonthlySales(reader, range),
    unitMonthlyComplaintCases(reader, range),
    ...answerReads,
  ])
  return { answers: answers.flat(), sales, complaints }
}

/** Adds up the rows of months [from, to] into each group their unit belongs to. */
function sumByGroup(
  rows: MonthlyRows,
  groupsOf: (unitId: string | null) => readonly string[],
  from: number,
  to: number,
): Map<string, Sums> {
  const out = new Map<string, Sums>()
  const into = (unitId: string | null, month: number, add: (s: Sums) => void) => {
    if (month < from || month > to) return
    for (const group of groupsOf(unitId)) {
      const sums = out.get(group) ?? emptySums()
      out.set(group, sums)
      add(sums)
    }
  }
  for (const r of rows.answers)
    into(r.unitId, r.month, (s) => {
      s.scoreN += r.scoreN
      s.scoreHits += r.scoreHits
      s.choiceN += r.choiceN
      s.choiceHits += r.choiceHits
    })
  for (const r of rows.sales)
    into(r.unitId, r.month, (s) => {
      s.purchases += r.purchases
      s.amount += r.amount
      s.refunds += r.refunds
      s.net += r.net
    })
  for (const r of rows.complaints) into(r.unitId, r.month, (s) => (s.complaints += r.complaints))
  return out
}

/** Buyers and repeat buyers of the months [from, to] per group (one grouped query). */
async function buyersByGroup(
  reader: Scope,
  groupsOf: (unitId: string | null) => readonly string[],
  from: number,
  to: number,
): Promise<Map<string, { buyers: number; repeat: number }>> {
  const out = new Map<string, { buyers: number; repeat: number }>()
  for (const r of await unitBuyers(reader, { fromMonth: from, toMonth: to + 1 }))
    for (const group of groupsOf(r.unitId)) {
      const known = out.get(group) ?? { buyers: 0, repeat: 0 }
      out.set(group, { buyers: known.buyers + r.buyers, repeat: known.repeat + r.repeat })
    }
  return out
}

// Sales are money: sums of many decimal amounts are rounded to the cent so that a total reads as
// the sum of its transactions, not of their binary approximations.
const cents = (x: number) => Math.round(x * 100) / 100
const salesOf = (s: Sums): SalesTotals => ({
  purchases: s.purchases,
  amount: cents(s.amount),
  refunds: cents(s.refunds),
  net: cents(s.net),
})

/** One group's index from its period's sums, the previous period's and its buyers. */
function csiOf(
  settings: EnterpriseCsiSettings,
  current: Sums,
  previous: Sums,
  buyers: { buyers: number; repeat: number },
) {
  const reputation = { hits: current.scoreHits, n: current.scoreN }
  const designation = { hits: current.choiceHits, n: current.choiceN }
  const returnRate = { hits: buyers.repeat, n: buyers.buyers }
  const base = settings.complaintBase === 'customers' ? buyers.buyers : current.purchases
  const sales = { current: salesOf(current), previous: salesOf(previous) }
  // Growth is of net sales; a period whose refunds exceed its purchases has no meaningful growth
  // base and counts as none (net ≤ 0 → no score), the current one as 0 at worst.
  const csi = enterpriseCsi({
    reputation,
    designation,
    returnRate,
    complaintRate: {
      complaints: current.complaints,
      base,
      worstPer10k: settings.complaintWorstPer10k,
    },
    salesPower: {
      current: Math.max(0, sales.current.net),
      previous: Math.max(0, sales.previous.net),
      growthCap: settings.salesGrowthCap,
    },
    weights: settings.weights,
  })
  const counts = {
    reputation,
    designation,
    returnRate,
    complaintRate: { hits: current.complaints, n: base },
    salesPower: { hits: sales.current.net, n: sales.previous.net },
  }
  return { csi, counts, sales }
}

const scoresOf = (csi: ReturnType<typeof enterpriseCsi>) =>
  Object.fromEntries(csi.indicators.map((i) => [i.indicator, i.score])) as Record<
    (typeof csi.indicators)[number]['indicator'],
    number | null
  >

/** The period's last month: ?month= or this month on the organisation's calendar. */
async function lastMonthOf(scope: Scope, month: string | undefined): Promise<number> {
  if (month) return monthNumber(month)
  const timeZone = await organisationTimezone(scope)
  return monthNumber(isoDay(localDayOf(scope.now, timeZone) * DAY_MS).slice(0, 7))
}

const ALL = ['all'] as const
const everything = () => ALL

/**
 * What every enterprise CSI read starts with: both permissions (it reads answers and cases), the
 * query, the organisation's settings and the scope to read with (within ?unitId when given).
 */
async function csiRequest(scope: Scope, query: unknown) {
  requirePermission(scope.actor, 'responses:read')
  requirePermission(scope.actor, 'cases:read')
  const q = parseInput(EnterpriseCsiQuerySchema, query, 'query')
  const { settings } = await enterpriseCsiSettings(scope)
  const reader = q.unitId ? (await scopeWithinUnit(scope, q.unitId)).scope : scope
  return { q, settings, reader }
}

export async function enterpriseCsiReport(
  scope: Scope,
  query: unknown,
): Promise<EnterpriseCsiReport> {
  const { q, settings, reader } = await csiRequest(scope, query)
  const last = await lastMonthOf(scope, q.month)
  const p = settings.periodMonths
  const first = last - p + 1
  const [rows, buyers] = await Promise.all([
    readMonthly(reader, settings, first - p, last + 1),
    buyersByGroup(reader, everything, first, last),
  ])
  const { csi, counts, sales } = csiOf(
    settings,
    sumByGroup(rows, everything, first, last).get('all') ?? emptySums(),
    sumByGroup(rows, everything, first - p, first - 1).get('all') ?? emptySums(),
    buyers.get('all') ?? { buyers: 0, repeat: 0 },
  )
  return {
    unitId: q.unitId ?? null,
    period: { from: monthLabel(first), to: monthLabel(last) },
    previousPeriod: { from: monthLabel(first - p), to: monthLabel(first - 1) },
    index: csi.index,
    indicators: csi.indicators.map((r) => ({ ...r, counts: counts[r.indicator] })),
    missing: csi.missing,
    sales,
    settings,
  }
}

/**
 * The index and scores for the period ending at each of the last 12 months (up to ?month=): the
 * month-additive figures in one read over all the months, the buyers (not additive: a customer
 * buying in two months is one buyer) of every point's period in one more grouped query.
 */
export async function enterpriseCsiTrend(
  scope: Scope,
  query: unknown,
): Promise<EnterpriseCsiTrend> {
  const { q, settings, reader } = await csiRequest(scope, query)
  const last = await lastMonthOf(scope, q.month)
  const p = settings.periodMonths
  const months = Array.from(
    { length: ENTERPRISE_CSI_TREND_MONTHS },
    (_, i) => last - ENTERPRISE_CSI_TREND_MONTHS + 1 + i,
  )
  const [rows, buyerRows] = await Promise.all([
    readMonthly(reader, settings, months[0]! - 2 * p + 1, last + 1),
    unitBuyersByWindow(
      reader,
      months.map((m) => ({ fromMonth: m - p + 1, toMonth: m + 1 })),
    ),
  ])
  const points: EnterpriseCsiTrend['points'] = months.map((m, i) => {
    const first = m - p + 1
    const buyers = buyerRows.reduce(
      (s, r) => ({ buyers: s.buyers + r.buyers[i]!, repeat: s.repeat + r.repeat[i]! }),
      { buyers: 0, repeat: 0 },
    )
    const { csi } = csiOf(
      settings,
      sumByGroup(rows, everything, first, m).get('all') ?? emptySums(),
      sumByGroup(rows, everything, first - p, first - 1).get('all') ?? emptySums(),
      buyers,
    )
    return {
      month: monthLabel(m),
      period: { from: monthLabel(first), to: monthLabel(m) },
      index: csi.index,
      scores: scoresOf(csi),
    }
  })
  return { unitId: q.unitId ?? null, periodMonths: p, points }
}

/**
 * The index of each open unit directly below `unitId` — or, without one, of the reader's top
 * units (those whose parent the reader cannot see) — every one of them, sorted by code: each
 * unit's records are summed into the compared unit whose subtree (as the tree stands now) holds
 * it, from the same grouped reads as one report.
 */
export async function enterpriseCsiByUnit(
  scope: Scope,
  query: unknown,
): Promise<EnterpriseCsiUnits> {
  const { q, settings, reader } = await csiRequest(scope, query)
  const outline = await listUnitOutline(scope)
  const open = outline.filter((u) => u.closedAt === null && isRecordWithinUnits(scope, u.id))
  const seen = new Set(open.map((u) => u.id))
  const children = open
    .filter((u) =>
      q.unitId ? u.parentId === q.unitId : u.parentId === null || !seen.has(u.parentId),
    )
    .sort((a, b) => a.code.localeCompare(b.code))
  // Each unit's compared ancestor (itself included): walk up the whole tree (closed units too,
  // whose records still belong to the open unit above them).
  const parentOf = new Map(outline.map((u) => [u.id, u.parentId]))
  const compared = new Set(children.map((u) => u.id))
  const groupOf = new Map<string, readonly string[]>()
  const groupsOf = (unitId: string | null): readonly string[] => {
    if (unitId === null) return []
    const known = groupOf.get(unitId)
    if (known) return known
    let at: string | null | undefined = unitId
    const path: string[] = []
    while (at && !compared.has(at) && path.length <= outline.length) {
      path.push(at)
      at = parentOf.get(at)
    }
    const groups = at && compared.has(at) ? [at] : []
    for (const id of [...path, unitId]) groupOf.set(id, groups)
    return groups
  }
  const last = await lastMonthOf(scope, q.month)
  const p = settings.periodMonths
  const first = last - p + 1
  const [rows, buyers] = await Promise.all([
    children.length ? readMonthly(reader, settings, first - p, last + 1) : null,
    children.length ? buyersByGroup(reader, groupsOf, first, last) : null,
  ])
  const current = rows ? sumByGroup(rows, groupsOf, first, last) : new Map<string, Sums>()
  const previous = rows ? sumByGroup(rows, groupsOf, first - p, first - 1) : new Map<string, Sums>()
  return {
    unitId: q.unitId ?? null,
    period: { from: monthLabel(first), to: monthLabel(last) },
    units: children.map((u) => {
      const { csi } = csiOf(
        settings,
        current.get(u.id) ?? emptySums(),
        previous.get(u.id) ?? emptySums(),
        buyers?.get(u.id) ?? { buyers: 0, repeat: 0 },
      )
      return {
        unit: { id: u.id, code: u.code, nameZh: u.nameZh, nameEn: u.nameEn ?? null },
        index: csi.index,
        scores: scoresOf(csi),
      }
    }),
  }
}
