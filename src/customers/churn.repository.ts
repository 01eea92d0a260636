import { PostgresAdapter, sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { ChurnModelTable, ChurnScoreTable } from './churn.table.js'

/**
 * The only code querying churn_models and churn_scores (migration 0039), and the reads of the
 * customer tables the churn model trains on. Every query names its organisation.
 */

export type ChurnModelRow = ChurnModelTable
export type ChurnScoreRow = ChurnScoreTable

/** What the churn model reads of an organisation's customers (merged ones left out). */
export interface ChurnInputs {
  customers: { id: string; unit_id: string | null }[]
  transactions: { customer_id: string; occurred_at: number; amount: number; is_refund: number }[]
  /** Answer and case links: when, and the facts (JSON) or the case id. */
  links: {
    customer_id: string
    kind: string
    source_id: string
    occurred_at: number
    facts: string
  }[]
}

export async function churnInputs(db: Db, orgId: string): Promise<ChurnInputs> {
  const customers = await db
    .selectFrom('customers')
    .select(['id', 'unit_id'])
    .where('org_id', '=', orgId)
    .where('merged_into', 'is', null)
    .execute()
  const transactions = await db
    .selectFrom('customer_transactions')
    .select(['customer_id', 'occurred_at', 'amount', 'is_refund'])
    .where('org_id', '=', orgId)
    .execute()
  const links = await db
    .selectFrom('customer_links')
    .select(['customer_id', 'kind', 'source_id', 'occurred_at', 'facts'])
    .where('org_id', '=', orgId)
    .where('kind', 'in', ['answer', 'case'])
    .execute()
  return {
    customers,
    transactions: transactions.map((t) => ({
      ...t,
      occurred_at: Number(t.occurred_at),
      amount: Number(t.amount),
      is_refund: Number(t.is_refund),
    })),
    links: links.map((l) => ({ ...l, occurred_at: Number(l.occurred_at) })),
  }
}

/** A page of customers with their purchases summed up to each cutoff, and their answer and case links. */
export interface ChurnFeaturePage {
  customers: {
    id: string
    unit_id: string | null
    /** Per cutoff, in the order given: purchases at or before it (count, latest, total) and after it. */
    atCutoffs: { count: number; last: number; total: number; boughtInHorizon: boolean }[]
  }[]
  links: ChurnInputs['links']
}

/**
 * The next `limit` unmerged customers after `afterId` (by id), each with their purchases (not
 * refunds, amount above 0) aggregated in SQL at each cutoff (ms) and whether they bought in
 * (cutoff, cutoff + horizonMs], and their answer and case links: the trainer pages through an
 * organisation without holding its transactions.
 */
export async function churnFeaturePage(
  db: Db,
  orgId: string,
  cutoffs: readonly number[],
  horizonMs: number,
  afterId: string | null,
  limit: number,
): Promise<ChurnFeaturePage> {
  const at = (i: number) => sql.lit(cutoffs[i]!)
  const until = (i: number) => sql.lit(cutoffs[i]! + horizonMs)
  const columns = cutoffs.map(
    (_, i) => sql`sum(case when t.occurred_at <= ${at(i)} then 1 else 0 end) as ${sql.ref(`n${i}`)},
      max(case when t.occurred_at <= ${at(i)} then t.occurred_at end) as ${sql.ref(`last${i}`)},
      sum(case when t.occurred_at <= ${at(i)} then t.amount else 0 end) as ${sql.ref(`total${i}`)},
      max(case when t.occurred_at > ${at(i)} and t.occurred_at <= ${until(i)} then 1 else 0 end) as ${sql.ref(`next${i}`)}`,
  )
  const { rows } = await sql<Record<string, string | number | null>>`
    select c.id as id, c.unit_id as unit_id, ${sql.join(columns)}
    from (
      select id, unit_id from customers
      where org_id = ${orgId} and merged_into is null ${afterId === null ? sql`` : sql`and id > ${afterId}`}
      order by id limit ${limit}
    ) c
    left join customer_transactions t
      on t.customer_id = c.id and t.org_id = ${orgId} and t.is_refund = 0 and t.amount > 0
    group by c.id, c.unit_id
    order by c.id`.execute(db)
  const customers = rows.map((r) => ({
    id: String(r.id),
    unit_id: r.unit_id === null ? null : String(r.unit_id),
    atCutoffs: cutoffs.map((_, i) => ({
      count: Number(r[`n${i}`] ?? 0),
      last: Number(r[`last${i}`] ?? 0),
      total: Number(r[`total${i}`] ?? 0),
      boughtInHorizon: Number(r[`next${i}`] ?? 0) === 1,
    })),
  }))
  if (customers.length === 0) return { customers, links: [] }
  const links = await db
    .selectFrom('customer_links')
    .select(['customer_id', 'kind', 'source_id', 'occurred_at', 'facts'])
    .where('org_id', '=', orgId)
    .where('kind', 'in', ['answer', 'case'])
    .where(
      'customer_id',
      'in',
      customers.map((c) => c.id),
    )
    .orderBy('customer_id')
    .orderBy('occurred_at')
    .execute()
  return { customers, links: links.map((l) => ({ ...l, occurred_at: Number(l.occurred_at) })) }
}

/**
 * `reason` of a training under way: the row is written when a training starts, `customers`
 * counts the customers whose features have been read so far, and the finished training
 * overwrites it (finishChurnModel). A training that failed is marked CHURN_TRAINING_FAILED.
 * Neither is a model: latestChurnModel passes over both.
 */
export const CHURN_TRAINING = 'training'
export const CHURN_TRAINING_FAILED = 'training_failed'

export async function insertChurnModel(db: Db, row: ChurnModelRow): Promise<void> {
  await db.insertInto('churn_models').values(row).execute()
}

/** A training's progress: how many customers' features it has read. */
export async function setChurnTrainingProgress(
  db: Db,
  orgId: string,
  id: string,
  customers: number,
): Promise<void> {
  await db
    .updateTable('churn_models')
    .set({ customers })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('reason', '=', CHURN_TRAINING)
    .execute()
}

/** The training's row replaced by its outcome (the model, or why none). */
export async function finishChurnModel(db: Db, row: ChurnModelRow): Promise<void> {
  const { id, org_id, ...values } = row
  await db
    .updateTable('churn_models')
    .set(values)
    .where('org_id', '=', org_id)
    .where('id', '=', id)
    .execute()
}

/** The newest training under way (started after `since`), if any. */
export async function runningChurnTraining(
  db: Db,
  orgId: string,
  since: number,
): Promise<ChurnModelRow | undefined> {
  const row = await db
    .selectFrom('churn_models')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('reason', '=', CHURN_TRAINING)
    .where('trained_at', '>', since)
    .orderBy('trained_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row && { ...row, trained_at: Number(row.trained_at) }
}

/** The organisation's unmerged customers: all a training reads. */
export async function countChurnCustomers(db: Db, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .where('merged_into', 'is', null)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

export async function latestChurnModel(db: Db, orgId: string): Promise<ChurnModelRow | undefined> {
  const row = await db
    .selectFrom('churn_models')
    .selectAll()
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb('reason', 'is', null),
        eb('reason', 'not in', [CHURN_TRAINING, CHURN_TRAINING_FAILED]),
      ]),
    )
    .orderBy('trained_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row && { ...row, trained_at: Number(row.trained_at) }
}

/** Scores written (and stale ones removed) per transaction by replaceChurnScores. */
export const CHURN_SCORE_PAGE = 500

/**
 * Row locks exist on PostgreSQL only; SQLite needs none (its writer holds the whole store). Read
 * from the handle itself: the plan path passes its transaction alone.
 */
const rowLocks = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter

/**
 * Holds these customers' scores until the caller's transaction ends, taken in the store's order
 * of customer ids. Every writer of several scores (a rescore's page, a retention plan's claim)
 * locks them this way first, so two of them never hold one score each and wait for the other's.
 */
async function lockChurnScores(
  trx: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<void> {
  if (customerIds.length === 0 || !rowLocks(trx)) return
  await trx
    .selectFrom('churn_scores')
    .select('customer_id')
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', [...customerIds])
    .orderBy('customer_id')
    .forUpdate()
    .execute()
}

/**
 * Makes `rows` the organisation's scores: each customer's score is written over in place and the
 * scores of customers not in `rows` are removed, a page of customers per transaction. A score's
 * retention plan (action_plan_id) is never written here, so a plan linked before or during the
 * rescore keeps its link (deleting and inserting the scores again lost a link committed between
 * reading the links and the delete). Pages keep each transaction's locks short: a plan for
 * customers of the page being written waits for that page only, not for the whole rescore.
 * A score written by a later scoring (scored_at) than `rows` is left as it is, so two rescores
 * at once leave the later one's scores.
 */
export async function replaceChurnScores(
  db: Db,
  orgId: string,
  rows: readonly Omit<ChurnScoreRow, 'action_plan_id'>[],
  pageSize = CHURN_SCORE_PAGE,
): Promise<void> {
  const byCustomer = [...rows].sort((a, b) => compareIds(a.customer_id, b.customer_id))
  for (let i = 0; i < byCustomer.length; i += pageSize) {
    const page = byCustomer.slice(i, i + pageSize)
    await db.transaction().execute(async (trx) => {
      await lockChurnScores(
        trx,
        orgId,
        page.map((r) => r.customer_id),
      )
      await trx
        .insertInto('churn_scores')
        .values(page.map((r) => ({ ...r, action_plan_id: null })))
        .onConflict((oc) =>
          oc
            .columns(['org_id', 'customer_id'])
            .doUpdateSet((eb) => ({
              model_id: eb.ref('excluded.model_id'),
              unit_id: eb.ref('excluded.unit_id'),
              risk: eb.ref('excluded.risk'),
              features: eb.ref('excluded.features'),
              scored_at: eb.ref('excluded.scored_at'),
            }))
            .where('churn_scores.scored_at', '<=', (eb) => eb.ref('excluded.scored_at')),
        )
        .execute()
    })
  }
  // Customers no longer scored (merged, or without a purchase as of now) lose their score.
  const scored = new Set(rows.map((r) => r.customer_id))
  const latest = rows.reduce((m, r) => Math.max(m, r.scored_at), Number.NEGATIVE_INFINITY)
  const stale = (
    await db.selectFrom('churn_scores').select('customer_id').where('org_id', '=', orgId).execute()
  )
    .map((r) => r.customer_id)
    .filter((id) => !scored.has(id))
    .sort(compareIds)
  for (let i = 0; i < stale.length; i += pageSize) {
    const page = stale.slice(i, i + pageSize)
    await db.transaction().execute(async (trx) => {
      await lockChurnScores(trx, orgId, page)
      let del = trx
        .deleteFrom('churn_scores')
        .where('org_id', '=', orgId)
        .where('customer_id', 'in', page)
      if (Number.isFinite(latest)) del = del.where('scored_at', '<=', latest)
      await del.execute()
    })
  }
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Scores of an organisation, riskiest first, within `units` (undefined: all), from `minRisk`. */
export async function churnScores(
  db: Db,
  orgId: string,
  options: {
    units: readonly string[] | undefined
    unitId?: string
    minRisk: number
    limit: number
  },
): Promise<ChurnScoreRow[]> {
  let query = db
    .selectFrom('churn_scores')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('risk', '>=', options.minRisk)
  if (options.units !== undefined) query = query.where('unit_id', 'in', [...options.units])
  if (options.unitId !== undefined) query = query.where('unit_id', '=', options.unitId)
  const rows = await query
    .orderBy('risk', 'desc')
    .orderBy('customer_id')
    .limit(options.limit)
    .execute()
  return rows.map((r) => ({ ...r, risk: Number(r.risk), scored_at: Number(r.scored_at) }))
}

export async function churnScoresOf(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<ChurnScoreRow[]> {
  if (customerIds.length === 0) return []
  return db
    .selectFrom('churn_scores')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', [...customerIds])
    .execute()
}

/**
 * Claims these customers' scores for a retention plan being made in the caller's transaction:
 * marks each whose action_plan_id is still null or one of `replaceable` (plans closed or
 * abandoned), and answers how many it marked. On PostgreSQL the marked rows stay held until the
 * transaction ends, so a second claim of the same customers waits, then finds them linked to the
 * first plan and marks fewer. The caller replaces the mark with the plan (setChurnActionPlan).
 */
export async function claimChurnScores(
  trx: Db,
  orgId: string,
  customerIds: readonly string[],
  replaceable: readonly string[],
  mark: string,
): Promise<number> {
  await lockChurnScores(trx, orgId, customerIds)
  const result = await trx
    .updateTable('churn_scores')
    .set({ action_plan_id: mark })
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', [...customerIds])
    .where((eb) =>
      replaceable.length === 0
        ? eb('action_plan_id', 'is', null)
        : eb.or([eb('action_plan_id', 'is', null), eb('action_plan_id', 'in', [...replaceable])]),
    )
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function setChurnActionPlan(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
  planId: string,
): Promise<void> {
  if (customerIds.length === 0) return
  await db
    .updateTable('churn_scores')
    .set({ action_plan_id: planId })
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', [...customerIds])
    .execute()
}

export async function churnModelById(
  db: Db,
  orgId: string,
  id: string,
): Promise<ChurnModelRow | undefined> {
  const row = await db
    .selectFrom('churn_models')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row && { ...row, trained_at: Number(row.trained_at) }
}
