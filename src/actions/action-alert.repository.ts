import type { Db } from '../db/database.js'

/**
 * The `action_plan_alerts` table (migration 0033) and the reads the plans' background jobs make of
 * `action_plans` and `action_tasks`: which deadlines are near or past, which plans are running.
 */

const OPEN = ['plan', 'do', 'check', 'act'] as const

export interface DueTask {
  taskId: string
  planId: string
  title: string
  ownerId: string
  dueAt: number
}

/** Tasks not done, of open plans, due by `until`. */
export async function openTasksDueBy(db: Db, orgId: string, until: number): Promise<DueTask[]> {
  const rows = await db
    .selectFrom('action_tasks as t')
    .innerJoin('action_plans as p', (j) =>
      j.onRef('p.id', '=', 't.plan_id').onRef('p.org_id', '=', 't.org_id'),
    )
    .select(['t.id', 't.plan_id', 't.title', 't.owner_id', 't.due_at'])
    .where('t.org_id', '=', orgId)
    .where('t.done_at', 'is', null)
    .where('t.due_at', '<=', until)
    .where('p.status', 'in', OPEN)
    .orderBy('t.due_at')
    .orderBy('t.id')
    .limit(5_000)
    .execute()
  return rows.map((r) => ({
    taskId: r.id,
    planId: r.plan_id,
    title: r.title,
    ownerId: r.owner_id,
    dueAt: Number(r.due_at),
  }))
}

export interface JobPlan {
  id: string
  number: number
  title: string
  ownerId: string
  createdBy: string
  department: string | null
  dueAt: number
  status: string
}

function toJobPlan(r: {
  id: string
  number: number
  title: string
  owner_id: string
  created_by: string
  department: string | null
  due_at: number
  status: string
}): JobPlan {
  return {
    id: r.id,
    number: Number(r.number),
    title: r.title,
    ownerId: r.owner_id,
    createdBy: r.created_by,
    department: r.department,
    dueAt: Number(r.due_at),
    status: r.status,
  }
}

const PLAN_COLUMNS = [
  'id',
  'number',
  'title',
  'owner_id',
  'created_by',
  'department',
  'due_at',
  'status',
] as const

/** Open plans due by `until`. */
export async function openPlansDueBy(db: Db, orgId: string, until: number): Promise<JobPlan[]> {
  const rows = await db
    .selectFrom('action_plans')
    .select(PLAN_COLUMNS)
    .where('org_id', '=', orgId)
    .where('status', 'in', OPEN)
    .where('due_at', '<=', until)
    .orderBy('due_at')
    .orderBy('id')
    .limit(5_000)
    .execute()
  return rows.map(toJobPlan)
}

/** The organisation's plans by id (those of the tasks a job tells about). */
export async function jobPlansByIds(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, JobPlan>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('action_plans')
    .select(PLAN_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', 'in', [...new Set(ids)])
    .execute()
  return new Map(rows.map((r) => [r.id, toJobPlan(r)]))
}

/** Plans whose action has taken effect and that are not yet closed: do, check, act. */
export async function runningPlans(db: Db, orgId: string): Promise<JobPlan[]> {
  const rows = await db
    .selectFrom('action_plans')
    .select(PLAN_COLUMNS)
    .where('org_id', '=', orgId)
    .where('status', 'in', ['do', 'check', 'act'])
    .where('action_at', 'is not', null)
    .orderBy('number')
    .limit(5_000)
    .execute()
  return rows.map(toJobPlan)
}

/** Which of these events were told already. */
export async function toldKeys(
  db: Db,
  orgId: string,
  keys: readonly string[],
): Promise<Set<string>> {
  const told = new Set<string>()
  const unique = [...new Set(keys)]
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('action_plan_alerts')
      .select('dedupe_key')
      .where('org_id', '=', orgId)
      .where('dedupe_key', 'in', unique.slice(i, i + 500))
      .execute()
    for (const r of rows) told.add(r.dedupe_key)
  }
  return told
}

export interface PlanAlertRow {
  id: string
  orgId: string
  planId: string
  taskId: string | null
  kind: 'task_due' | 'task_overdue' | 'plan_due' | 'plan_overdue' | 'verdict'
  dedupeKey: string
  verdict: string | null
  recipients: readonly string[]
  createdAt: number
}

/**
 * Records an event as told, once: false when it was recorded already (by this or another
 * instance; on PostgreSQL a concurrent insert of the same key waits for the first and then
 * inserts nothing).
 */
export async function recordAlertOnce(db: Db, a: PlanAlertRow): Promise<boolean> {
  const result = await db
    .insertInto('action_plan_alerts')
    .values({
      id: a.id,
      org_id: a.orgId,
      plan_id: a.planId,
      task_id: a.taskId,
      kind: a.kind,
      dedupe_key: a.dedupeKey,
      verdict: a.verdict,
      recipients: JSON.stringify(a.recipients),
      created_at: a.createdAt,
    })
    .onConflict((oc) => oc.columns(['org_id', 'dedupe_key']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

/** The latest verdict recorded for each plan. */
export async function latestVerdicts(
  db: Db,
  orgId: string,
): Promise<Map<string, { id: string; verdict: string }>> {
  const rows = await db
    .selectFrom('action_plan_alerts')
    .select(['id', 'plan_id', 'verdict'])
    .where('org_id', '=', orgId)
    .where('kind', '=', 'verdict')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const latest = new Map<string, { id: string; verdict: string }>()
  for (const r of rows) latest.set(r.plan_id, { id: r.id, verdict: r.verdict ?? 'not_enough_data' })
  return latest
}

/** Verdict lines of one plan, oldest first (for the plan's page and tests). */
export async function planVerdictHistory(
  db: Db,
  orgId: string,
  planId: string,
): Promise<Array<{ verdict: string; createdAt: number }>> {
  const rows = await db
    .selectFrom('action_plan_alerts')
    .select(['verdict', 'created_at'])
    .where('org_id', '=', orgId)
    .where('plan_id', '=', planId)
    .where('kind', '=', 'verdict')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    verdict: r.verdict ?? 'not_enough_data',
    createdAt: Number(r.created_at),
  }))
}
