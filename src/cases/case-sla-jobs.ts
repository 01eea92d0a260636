import type { Db } from '../db/database.js'
import { businessMinutesBetween } from './business-calendar.js'
import { loadCaseConfig, type CaseConfig } from './case-config.js'
import { addCaseEvent, SYSTEM_ACTOR } from './case-events.js'

/**
 * SLA timers: warn the owner when most of the time to the running deadline
 * has passed, and escalate to a supervisor once it is missed. The deadlines
 * live on the case rows, so the timers survive restarts; each warning and
 * escalation is claimed with a conditional UPDATE (… WHERE escalated_at IS
 * NULL), so with several instances on one database it happens exactly once.
 */

export interface SlaReport {
  warned: number
  escalated: number
}

type OpenCase = {
  id: string
  org_id: string
  owner_id: string | null
  department: string | null
  created_at: number
  first_response_due: number
  resolution_due: number
  first_responded_at: number | null
  warned_at: number | null
  escalated_at: number | null
}

export async function runCaseSlaJobs(db: Db, now: number): Promise<SlaReport> {
  const report: SlaReport = { warned: 0, escalated: 0 }
  const cases = await db
    .selectFrom('cases')
    .select([
      'id',
      'org_id',
      'owner_id',
      'department',
      'created_at',
      'first_response_due',
      'resolution_due',
      'first_responded_at',
      'warned_at',
      'escalated_at',
    ])
    .where('status', 'in', ['new', 'acknowledged', 'investigating'])
    .where((eb) => eb.or([eb('warned_at', 'is', null), eb('escalated_at', 'is', null)]))
    .limit(5000)
    .execute()
  const configs = new Map<string, CaseConfig>()
  for (const c of cases) {
    let config = configs.get(c.org_id)
    if (!config) {
      config = await loadCaseConfig(db, c.org_id, now)
      configs.set(c.org_id, config)
    }
    const which = c.first_responded_at === null ? 'first_response' : 'resolution'
    const deadline = Number(which === 'first_response' ? c.first_response_due : c.resolution_due)
    if (now > deadline) {
      if (c.escalated_at === null && (await escalate(db, c, which, deadline, now)))
        report.escalated++
    } else if (
      c.warned_at === null &&
      elapsedShare(Number(c.created_at), deadline, now, config) >= config.warnAtFraction
    ) {
      if (await warn(db, c, which, deadline, now)) report.warned++
    }
  }
  return report
}

/** The share of the working time to the deadline that has passed. */
function elapsedShare(start: number, deadline: number, now: number, config: CaseConfig): number {
  const total = businessMinutesBetween(start, deadline, config.calendar)
  return total <= 0 ? 1 : businessMinutesBetween(start, now, config.calendar) / total
}

async function warn(
  db: Db,
  c: OpenCase,
  which: string,
  deadline: number,
  now: number,
): Promise<boolean> {
  const claimed = await db
    .updateTable('cases')
    .set({ warned_at: now })
    .where('id', '=', c.id)
    .where('warned_at', 'is', null)
    .executeTakeFirst()
  if (Number(claimed.numUpdatedRows) !== 1) return false
  await addCaseEvent(db, {
    orgId: c.org_id,
    caseId: c.id,
    type: 'warned',
    actor: SYSTEM_ACTOR,
    now,
    detail: { deadline: which, due: new Date(deadline).toISOString(), ownerId: c.owner_id },
  })
  return true
}

async function escalate(
  db: Db,
  c: OpenCase,
  which: string,
  deadline: number,
  now: number,
): Promise<boolean> {
  const to = await escalationTarget(db, c)
  const claimed = await db
    .updateTable('cases')
    .set({ escalated_at: now, escalated_to: to, updated_at: now })
    .where('id', '=', c.id)
    .where('escalated_at', 'is', null)
    .executeTakeFirst()
  if (Number(claimed.numUpdatedRows) !== 1) return false
  await addCaseEvent(db, {
    orgId: c.org_id,
    caseId: c.id,
    type: 'escalated',
    actor: SYSTEM_ACTOR,
    now,
    detail: { deadline: which, due: new Date(deadline).toISOString(), to },
  })
  return true
}

/** The owner's supervisor, else a supervisor of the department, else any supervisor, else an administrator. */
async function escalationTarget(db: Db, c: OpenCase): Promise<string | null> {
  // Only people who can still act: a disabled or deleted supervisor is passed over.
  if (c.owner_id) {
    const supervisor = await db
      .selectFrom('users as owner')
      .innerJoin('users as sup', 'sup.id', 'owner.supervisor_id')
      .select('sup.id')
      .where('owner.id', '=', c.owner_id)
      .where('sup.disabled_at', 'is', null)
      .where('sup.deleted_at', 'is', null)
      .executeTakeFirst()
    if (supervisor) return supervisor.id
  }
  const candidates = await db
    .selectFrom('users')
    .select(['id', 'role', 'department'])
    .where('org_id', '=', c.org_id)
    .where('role', 'in', ['supervisor', 'admin'])
    .where('disabled_at', 'is', null)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .execute()
  const pick =
    candidates.find((u) => u.role === 'supervisor' && u.department === c.department) ??
    candidates.find((u) => u.role === 'supervisor') ??
    candidates[0]
  return pick?.id ?? null
}
