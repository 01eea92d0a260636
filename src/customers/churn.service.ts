import { createPlanInTransaction, openPlanIds } from '../actions/action-plan.service.js'
import {
  type ChurnModel,
  type ChurnRow,
  type CustomerHistory,
  churnModel,
  churnRowFromSummary,
} from '../analytics/churn.js'
import { churnRisk, satisfactionScore } from '../analytics/churn-score.js'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { caseRecoveries } from '../cases/case-recovery.service.js'
import type { Db } from '../db/database.js'
import { recordsWithinUnits, type Scope } from '../db/scope.js'
import { retryOnUniqueViolation } from '../db/unique-violation.js'
import { listOrganisations } from '../organisations/organisation.service.js'
import { ConflictError, NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { parseInput } from '../shared/validation.js'
import { z } from 'zod'
import {
  type ChurnFeaturePage,
  type ChurnModelRow,
  churnFeaturePage,
  churnModelById,
  churnScores,
  churnScoresOf,
  claimChurnScores,
  CHURN_TRAINING,
  CHURN_TRAINING_FAILED,
  countChurnCustomers,
  finishChurnModel,
  insertChurnModel,
  latestChurnModel,
  replaceChurnScores,
  runningChurnTraining,
  setChurnActionPlan,
  setChurnTrainingProgress,
} from './churn.repository.js'
import {
  CHURN_FEATURE_NAMES,
  churnBand,
  type ChurnModelSummary,
  type ChurnRiskList,
  ChurnRiskQuerySchema,
  type ChurnTraining,
  type CustomerChurnRisk,
  RetentionPlanInputSchema,
} from './churn.schema.js'
import { LinkFactsSchema } from './customer.schema.js'
import { loadCustomer } from './customer.service.js'

// Churn risk in the product: each organisation's own history — purchases (recency, frequency,
// monetary value), satisfaction answers (the last one and its change since the first) and cases
// (complaints, and those not recovered) — trained at one cutoff, validated on a later window
// (AUC with its DeLong interval, calibration by deciles, Hosmer–Lemeshow), then every customer
// scored as of now. A background job retrains daily; the risk list per unit opens retention plans.

const DAY_MS = 86_400_000
/** Churn = no purchase in this many days after the cutoff. */
export const CHURN_HORIZON_DAYS = 90
/** Each window needs this many customers, with at least MIN_OUTCOME churned and as many staying. */
const MIN_ROWS = 30
const MIN_OUTCOME = 5
/** Ridge penalty: keeps the fit finite on small or separable histories. */
const L2 = 1

/** Customers per page: each page is one aggregate query and one read of its links. */
export const CHURN_PAGE_SIZE = 2000

/** The answers' scores and the recovered or not complaints of a page's customers, in days. */
async function ratingsAndComplaints(
  db: Db,
  orgId: string,
  links: ChurnFeaturePage['links'],
): Promise<Map<string, Pick<CustomerHistory, 'ratings' | 'complaints'>>> {
  const recoveries = await caseRecoveries(
    db,
    orgId,
    links.filter((l) => l.kind === 'case').map((l) => l.source_id),
  )
  const byCustomer = new Map<
    string,
    {
      ratings: { time: number; score: number }[]
      complaints: { time: number; recovered: boolean }[]
    }
  >()
  for (const l of links) {
    let history = byCustomer.get(l.customer_id)
    if (!history) {
      history = { ratings: [], complaints: [] }
      byCustomer.set(l.customer_id, history)
    }
    if (l.kind === 'case') {
      const recovery = recoveries.get(l.source_id)
      if (recovery)
        history.complaints.push({ time: l.occurred_at / DAY_MS, recovered: recovery.recovered })
      continue
    }
    const facts = parseStoredJson(LinkFactsSchema, l.facts, 'customer_links.facts')
    const score = satisfactionScore(facts.nps ?? null, facts.csat ?? null)
    if (score !== null) history.ratings.push({ time: l.occurred_at / DAY_MS, score })
  }
  return byCustomer
}

interface FeatureRows {
  train: ChurnRow[]
  validate: ChurnRow[]
  /** Rows as of now, with each customer's id and unit. */
  current: { id: string; unit_id: string | null; row: ChurnRow }[]
  /** Mean satisfaction of the answers up to the validation cutoff (5 without any). */
  defaultSatisfaction: number
}

/**
 * Every customer's rows at the training cutoff, the validation cutoff and now, a page of
 * customers at a time: purchases summed in SQL (churnFeaturePage), ratings and complaints from
 * the page's links. Satisfaction of customers without answers is filled in at the end with the
 * mean of all answers up to the validation cutoff.
 */
export async function churnFeatureRows(
  db: Db,
  orgId: string,
  cutoffs: { train: number; validation: number; now: number },
  horizonDays: number,
  options: {
    onProgress?: (customers: number) => unknown
    pageSize?: number
  } = {},
): Promise<FeatureRows> {
  const { onProgress, pageSize = CHURN_PAGE_SIZE } = options
  const at = [cutoffs.train, cutoffs.validation, cutoffs.now]
  const out: FeatureRows = { train: [], validate: [], current: [], defaultSatisfaction: 5 }
  let ratingSum = 0
  let ratingCount = 0
  let afterId: string | null = null
  let done = 0
  for (;;) {
    const page = await churnFeaturePage(db, orgId, at, horizonDays * DAY_MS, afterId, pageSize)
    if (page.customers.length === 0) break
    const histories = await ratingsAndComplaints(db, orgId, page.links)
    for (const c of page.customers) {
      const history = histories.get(c.id) ?? { ratings: [], complaints: [] }
      for (const r of history.ratings)
        if (r.time <= cutoffs.validation / DAY_MS) {
          ratingSum += r.score
          ratingCount++
        }
      const rowAt = (i: number) =>
        churnRowFromSummary(
          { ...c.atCutoffs[i]!, last: c.atCutoffs[i]!.last / DAY_MS },
          history,
          at[i]! / DAY_MS,
          Number.NaN,
        )
      const train = rowAt(0)
      const validate = rowAt(1)
      const current = rowAt(2)
      if (train) out.train.push(train)
      if (validate) out.validate.push(validate)
      if (current) out.current.push({ id: c.id, unit_id: c.unit_id, row: current })
    }
    afterId = page.customers[page.customers.length - 1]!.id
    done += page.customers.length
    await onProgress?.(done)
  }
  out.defaultSatisfaction = ratingCount ? ratingSum / ratingCount : 5
  const fill = (row: ChurnRow) => {
    if (Number.isNaN(row.features[3])) row.features[3] = out.defaultSatisfaction
  }
  out.train.forEach(fill)
  out.validate.forEach(fill)
  for (const c of out.current) fill(c.row)
  return out
}

function enough(rows: readonly ChurnRow[]): boolean {
  const churned = rows.filter((r) => r.churned === 1).length
  return rows.length >= MIN_ROWS && churned >= MIN_OUTCOME && rows.length - churned >= MIN_OUTCOME
}

/**
 * Trains the organisation's model as of `now` (trained at now − 2·horizon, validated at
 * now − horizon, whose outcome is known by now), stores it and scores every customer with a
 * purchase as of now. Without enough history the model row says why and the scores stay.
 * `onProgress` hears how many customers' features have been read so far.
 */
export async function trainChurnModel(
  db: Db,
  orgId: string,
  now: number,
  horizonDays = CHURN_HORIZON_DAYS,
  onProgress?: (customers: number) => unknown,
  pageSize = CHURN_PAGE_SIZE,
): Promise<ChurnModelRow> {
  const validationCutoff = now - horizonDays * DAY_MS
  const trainCutoff = now - 2 * horizonDays * DAY_MS
  const row: ChurnModelRow = {
    id: newId(),
    org_id: orgId,
    trained_at: now,
    train_cutoff: trainCutoff,
    validation_cutoff: validationCutoff,
    horizon_days: horizonDays,
    customers: 0,
    model: null,
    reason: CHURN_TRAINING,
  }
  // The training's row is written first and its count of customers read kept up page by page,
  // so the churn page can show a training under way, started by the job or by a user.
  await insertChurnModel(db, row)
  return continueTraining(db, row, now, horizonDays, pageSize, onProgress)
}

async function continueTraining(
  db: Db,
  row: ChurnModelRow,
  now: number,
  horizonDays: number,
  pageSize: number,
  onProgress?: (customers: number) => unknown,
): Promise<ChurnModelRow> {
  try {
    return await trainAndScore(db, row, now, horizonDays, pageSize, onProgress)
  } catch (error) {
    await finishChurnModel(db, { ...row, customers: 0, reason: CHURN_TRAINING_FAILED })
    throw error
  }
}

async function trainAndScore(
  db: Db,
  started: ChurnModelRow,
  now: number,
  horizonDays: number,
  pageSize: number,
  onProgress?: (customers: number) => unknown,
): Promise<ChurnModelRow> {
  const orgId = started.org_id
  const rows = await churnFeatureRows(
    db,
    orgId,
    { train: started.train_cutoff, validation: started.validation_cutoff, now },
    horizonDays,
    {
      pageSize,
      onProgress: async (customers) => {
        await setChurnTrainingProgress(db, orgId, started.id, customers)
        await onProgress?.(customers)
      },
    },
  )
  const row: ChurnModelRow = { ...started, customers: 0, reason: null }
  if (!enough(rows.train) || !enough(rows.validate)) {
    row.reason = 'not_enough_history'
    await finishChurnModel(db, row)
    return row
  }
  const model = churnModel(rows.train, rows.validate, { l2: L2, names: CHURN_FEATURE_NAMES })
  const scores = rows.current.map((c) => ({
    org_id: orgId,
    customer_id: c.id,
    model_id: row.id,
    unit_id: c.unit_id,
    risk: churnRisk(model, c.row.features),
    features: JSON.stringify(
      Object.fromEntries(
        CHURN_FEATURE_NAMES.map((name, j) => [name, Math.round(c.row.features[j]! * 100) / 100]),
      ),
    ),
    scored_at: now,
  }))
  row.customers = scores.length
  row.model = JSON.stringify(model)
  await finishChurnModel(db, row)
  await replaceChurnScores(db, orgId, scores)
  return row
}

/** The background job: every organisation's model retrained and its customers rescored. */
export async function runChurnScoring(db: Db, now: number): Promise<{ trained: number }> {
  let trained = 0
  for (const org of await listOrganisations(db)) {
    const row = await trainChurnModel(db, org.id, now)
    if (row.model !== null) trained++
  }
  return { trained }
}

/**
 * A training left without an outcome this long ago (its process ended mid-way) is no longer
 * shown as under way. A training reads 2,000 customers a page; hours is far beyond any.
 */
const TRAINING_SHOWN_MS = 6 * 3_600_000

/** The organisation's training under way, with how many customers it has read of how many. */
export async function churnTraining(scope: Scope): Promise<ChurnTraining | null> {
  const row = await runningChurnTraining(scope.db, scope.orgId, scope.now - TRAINING_SHOWN_MS)
  if (!row) return null
  const total = await countChurnCustomers(scope.db, scope.orgId)
  return {
    id: row.id,
    startedAt: row.trained_at,
    customersRead: row.customers,
    customersTotal: Math.max(total, row.customers),
  }
}

/** The newest model of the organisation as the user sees it (null before the first training). */
export async function churnModelSummary(scope: Scope): Promise<ChurnModelSummary | null> {
  const row = await latestChurnModel(scope.db, scope.orgId)
  if (!row) return null
  const model: ChurnModel | null = row.model ? JSON.parse(row.model) : null
  return {
    id: row.id,
    trainedAt: row.trained_at,
    trainCutoff: Number(row.train_cutoff),
    validationCutoff: Number(row.validation_cutoff),
    horizonDays: row.horizon_days,
    customersScored: row.customers,
    reason: row.reason,
    model: model && {
      intercept: model.intercept,
      trainRows: model.trainRows,
      trainChurnRate: model.trainChurnRate,
      features: model.features,
      validation: {
        rows: model.validation.rows,
        churnRate: model.validation.churnRate,
        auc: model.validation.auc.auc,
        aucCi95: model.validation.auc.delong.ci,
        calibration: model.validation.groups,
        hosmerLemeshow: model.validation.hosmerLemeshow,
      },
    },
  }
}

/**
 * Starts training the organisation's model now (the job does so daily) and answers the training
 * under way at once: on a large organisation it takes longer than a request should wait, and the
 * churn page follows it (churnTraining). One already under way is answered instead of a second.
 * `onError` hears a training that failed after the answer (its row then says so).
 */
export async function startChurnTraining(
  scope: Scope,
  onError: (error: unknown) => void,
): Promise<ChurnTraining> {
  const running = await churnTraining(scope)
  if (running) return running
  const validationCutoff = scope.now - CHURN_HORIZON_DAYS * DAY_MS
  const row: ChurnModelRow = {
    id: newId(),
    org_id: scope.orgId,
    trained_at: scope.now,
    train_cutoff: scope.now - 2 * CHURN_HORIZON_DAYS * DAY_MS,
    validation_cutoff: validationCutoff,
    horizon_days: CHURN_HORIZON_DAYS,
    customers: 0,
    model: null,
    reason: CHURN_TRAINING,
  }
  await insertChurnModel(scope.db, row)
  await recordAudit(scope.db, scope, {
    action: 'churn.train',
    entity: 'churn_model',
    entityId: scope.orgId,
  })
  void continueTraining(scope.db, row, scope.now, CHURN_HORIZON_DAYS, CHURN_PAGE_SIZE).catch(
    onError,
  )
  return {
    id: row.id,
    startedAt: row.trained_at,
    customersRead: 0,
    customersTotal: await countChurnCustomers(scope.db, scope.orgId),
  }
}

const FeaturesJson = z.record(z.string(), z.number())

/** Customers by risk, riskiest first, within the reader's units (and `unitId` when given). */
export async function churnRiskList(scope: Scope, query: unknown): Promise<ChurnRiskList> {
  const q = parseInput(ChurnRiskQuerySchema, query, 'query')
  const model = await latestChurnModel(scope.db, scope.orgId)
  const rows = await churnScores(scope.db, scope.orgId, {
    units: recordsWithinUnits(scope),
    ...(q.unitId ? { unitId: q.unitId } : {}),
    minRisk: q.minRisk,
    limit: q.limit,
  })
  return {
    modelId: rows[0]?.model_id ?? model?.id ?? null,
    risks: rows.map((r) => ({
      customerId: r.customer_id,
      unitId: r.unit_id,
      risk: r.risk,
      features: parseStoredJson(FeaturesJson, r.features, 'churn_scores.features'),
      actionPlanId: r.action_plan_id,
      scoredAt: r.scored_at,
    })),
  }
}

/**
 * One customer's risk for their page (a merged customer's is the kept one's): the score and its
 * band, the features it was scored on, and the model that scored it with its validation AUC — or,
 * when the customer is not scored, the newest model (why none could be trained, if so).
 */
export async function customerChurnRisk(scope: Scope, id: string): Promise<CustomerChurnRisk> {
  let customer = await loadCustomer(scope, scope.db, id)
  if (customer.merged_into !== null)
    customer = await loadCustomer(scope, scope.db, customer.merged_into)
  const [score] = await churnScoresOf(scope.db, scope.orgId, [customer.id])
  const row = score
    ? await churnModelById(scope.db, scope.orgId, score.model_id)
    : await latestChurnModel(scope.db, scope.orgId)
  const model: ChurnModel | null = row?.model ? JSON.parse(row.model) : null
  const risk = score ? Number(score.risk) : null
  return {
    customerId: customer.id,
    risk,
    band: risk === null ? null : churnBand(risk),
    scoredAt: score ? Number(score.scored_at) : null,
    features: score ? parseStoredJson(FeaturesJson, score.features, 'churn_scores.features') : null,
    model: row
      ? {
          id: row.id,
          trainedAt: row.trained_at,
          auc: model?.validation.auc.auc ?? null,
          aucCi95: model?.validation.auc.delong.ci ?? null,
          reason: row.reason,
        }
      : null,
  }
}

/** How often the whole transaction is tried again after its plan lost its next number. */
const PLAN_NUMBER_ATTEMPTS = 8

/** What a claimed score holds until its plan is made, in the same transaction (never seen outside). */
const CLAIM_MARK = 'making:retention-plan'

/**
 * Opens one retention action plan for these at-risk customers (of the reader's units): the plan
 * names how many and their mean risk (no personal values), and each customer's score remembers it.
 * A customer is in at most one open retention plan (one closed or abandoned may be followed by a
 * new one): the scores are claimed first, then the plan is made and linked, all in one transaction,
 * so a double request makes one plan (the other gets CHURN_PLAN_ALREADY_OPEN) and a plan that
 * fails leaves neither the plan nor a link behind.
 */
export async function openRetentionPlan(
  scope: Scope,
  input: unknown,
): Promise<{ planId: string; customers: number }> {
  requirePermission(scope.actor, 'plans:write')
  const p = parseInput(RetentionPlanInputSchema, input, 'plan')
  return retryOnUniqueViolation(
    () => scope.db.transaction().execute((trx) => openRetentionPlanIn(trx, scope, p)),
    PLAN_NUMBER_ATTEMPTS,
  )
}

async function openRetentionPlanIn(
  trx: Db,
  scope: Scope,
  p: z.infer<typeof RetentionPlanInputSchema>,
): Promise<{ planId: string; customers: number }> {
  const within = recordsWithinUnits(scope)
  const scores = (await churnScoresOf(trx, scope.orgId, p.customerIds)).filter(
    (s) => within === undefined || (s.unit_id !== null && within.includes(s.unit_id)),
  )
  const missing = p.customerIds.filter((id) => !scores.some((s) => s.customer_id === id))
  if (missing.length > 0)
    throw new NotFoundError(
      'CHURN_SCORE_NOT_FOUND',
      `No churn risk is known for ${missing.length} of these customers.`,
      missing.slice(0, 10).map((id) => ({ path: 'customerIds', reason: `no score for ${id}` })),
    )
  const linked = [...new Set(scores.flatMap((s) => (s.action_plan_id ? [s.action_plan_id] : [])))]
  const open = await openPlanIds(trx, scope.orgId, linked)
  const customerIds = scores.map((s) => s.customer_id)
  const claimed = await claimChurnScores(
    trx,
    scope.orgId,
    customerIds,
    linked.filter((id) => !open.has(id)),
    CLAIM_MARK,
  )
  if (claimed < scores.length) {
    // Either already in an open plan as read, or put in one by a request committed meanwhile.
    const inPlan = scores.filter((s) => s.action_plan_id !== null && open.has(s.action_plan_id))
    throw new ConflictError(
      'CHURN_PLAN_ALREADY_OPEN',
      `${scores.length - claimed} of these customers are already in an open retention plan.`,
      inPlan.slice(0, 10).map((s) => ({
        path: 'customerIds',
        reason: `${s.customer_id} is in plan ${s.action_plan_id}`,
      })),
      { customers: scores.length - claimed },
    )
  }
  const meanRisk = scores.reduce((s, r) => s + Number(r.risk), 0) / scores.length
  const percent = Math.round(meanRisk * 1000) / 10
  const plan = await createPlanInTransaction(trx, scope, {
    title: p.title ?? `客户挽留：${scores.length} 位高流失风险客户`,
    problem: `${scores.length} 位客户的流失风险平均为 ${percent}%（流失模型 ${scores[0]!.model_id}）。客户：${customerIds.join('、')}`,
    causeCategory: 'retention',
    rootCause: '待查明：满意度下降、未补救的投诉或购买间隔拉长。',
    metric: 'nps',
    unitIds: p.unitId ? [p.unitId] : [],
    ownerId: p.ownerId,
    dueAt: p.dueAt,
    evidence: {
      source: 'manual',
      label: 'churn_risk',
      figures: { customers: scores.length, meanRisk },
      link: `/customers/churn${p.unitId ? `?unitId=${encodeURIComponent(p.unitId)}` : ''}`,
    },
  })
  await setChurnActionPlan(trx, scope.orgId, customerIds, plan.id)
  return { planId: plan.id, customers: scores.length }
}
