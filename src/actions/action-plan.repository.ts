import type { Db } from '../db/database.js'
import type { ActionPlanTable } from './action-plan.table.js'

/** The `action_plans`, `action_tasks` and `action_events` tables (migration 0030). */

export type PlanRow = ActionPlanTable

function toPlanRow(r: ActionPlanTable): PlanRow {
  return {
    ...r,
    number: Number(r.number),
    minimum_effect: Number(r.minimum_effect),
    due_at: Number(r.due_at),
    action_at: r.action_at === null ? null : Number(r.action_at),
    is_standard: Number(r.is_standard),
    created_at: Number(r.created_at),
    updated_at: Number(r.updated_at),
    approval_requested_at:
      r.approval_requested_at === null ? null : Number(r.approval_requested_at),
    approval_decided_at: r.approval_decided_at === null ? null : Number(r.approval_decided_at),
  }
}

/** The next plan number of the organisation (inside the inserting transaction). */
export async function nextPlanNumber(db: Db, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('action_plans')
    .select((eb) => eb.fn.max<number | string | null>('number').as('last'))
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return Number(row?.last ?? 0) + 1
}

export async function insertPlan(db: Db, row: PlanRow): Promise<void> {
  await db.insertInto('action_plans').values(row).execute()
}

export async function findPlan(db: Db, orgId: string, id: string): Promise<PlanRow | undefined> {
  const row = await db
    .selectFrom('action_plans')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toPlanRow(row) : undefined
}

export async function listPlanRows(
  db: Db,
  orgId: string,
  filter: { status?: string; open?: boolean },
): Promise<PlanRow[]> {
  let query = db.selectFrom('action_plans').selectAll().where('org_id', '=', orgId)
  if (filter.status) query = query.where('status', '=', filter.status)
  if (filter.open === true) query = query.where('status', 'not in', ['closed', 'abandoned'])
  if (filter.open === false) query = query.where('status', 'in', ['closed', 'abandoned'])
  const rows = await query.orderBy('number', 'desc').limit(1000).execute()
  return rows.map(toPlanRow)
}

/** Of these plans of the organisation, the ones not closed or abandoned. */
export async function openPlanIdsAmong(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('action_plans')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', 'in', [...ids])
    .where('status', 'not in', ['closed', 'abandoned'])
    .execute()
  return rows.map((r) => r.id)
}

/** Updates a plan if it is still in `expectedStatus`; false when someone changed it meanwhile. */
export async function updatePlan(
  db: Db,
  orgId: string,
  id: string,
  expectedStatus: string,
  changes: Partial<Omit<PlanRow, 'id' | 'org_id' | 'number'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('action_plans')
    .set(changes)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', expectedStatus)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export interface TaskRow {
  id: string
  orgId: string
  planId: string
  title: string
  ownerId: string
  dueAt: number
  doneAt: number | null
  createdAt: number
}

export async function insertTask(db: Db, t: TaskRow): Promise<void> {
  await db
    .insertInto('action_tasks')
    .values({
      id: t.id,
      org_id: t.orgId,
      plan_id: t.planId,
      title: t.title,
      owner_id: t.ownerId,
      due_at: t.dueAt,
      done_at: t.doneAt,
      created_at: t.createdAt,
    })
    .execute()
}

export async function listTasks(db: Db, orgId: string, planId: string): Promise<TaskRow[]> {
  const rows = await db
    .selectFrom('action_tasks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('plan_id', '=', planId)
    .orderBy('due_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    planId: r.plan_id,
    title: r.title,
    ownerId: r.owner_id,
    dueAt: Number(r.due_at),
    doneAt: r.done_at === null ? null : Number(r.done_at),
    createdAt: Number(r.created_at),
  }))
}

/** Marks a task done once; false when it was done already or is not the plan's. */
export async function completeTask(
  db: Db,
  orgId: string,
  planId: string,
  taskId: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('action_tasks')
    .set({ done_at: now })
    .where('org_id', '=', orgId)
    .where('plan_id', '=', planId)
    .where('id', '=', taskId)
    .where('done_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export interface PlanEventRow {
  id: string
  orgId: string
  planId: string
  type: string
  actorId: string
  body: string | null
  /** JSON text. */
  detail: string
  createdAt: number
}

export async function insertPlanEvent(db: Db, e: PlanEventRow): Promise<void> {
  await db
    .insertInto('action_events')
    .values({
      id: e.id,
      org_id: e.orgId,
      plan_id: e.planId,
      type: e.type,
      actor_id: e.actorId,
      body: e.body,
      detail: e.detail,
      created_at: e.createdAt,
    })
    .execute()
}

export async function listPlanEvents(
  db: Db,
  orgId: string,
  planId: string,
): Promise<PlanEventRow[]> {
  const rows = await db
    .selectFrom('action_events')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('plan_id', '=', planId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    planId: r.plan_id,
    type: r.type,
    actorId: r.actor_id,
    body: r.body,
    detail: r.detail,
    createdAt: Number(r.created_at),
  }))
}
