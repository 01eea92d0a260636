import { escalationTarget } from '../auth/user-directory.service.js'
import type { Db } from '../db/database.js'
import type { DialectFeatures } from '../db/dialect-features.js'
import type { Scope } from '../db/scope.js'
import { notifyMembers } from '../notifications/notification.service.js'
import type { NotificationKind } from '../notifications/notification.schema.js'
import { listOrganisations } from '../organisations/organisation.service.js'
import { newId } from '../shared/ids.js'
import {
  type JobPlan,
  jobPlansByIds,
  latestVerdicts,
  openPlansDueBy,
  openTasksDueBy,
  type PlanAlertRow,
  recordAlertOnce,
  runningPlans,
  toldKeys,
} from './action-alert.repository.js'
import { planEffect } from './action-effect.service.js'
import { planNumber } from './action-plan.service.js'

/**
 * The action plans' background jobs: reminders before a task's or plan's deadline, escalation once
 * it has passed, and a word to the owner when a plan's effect verdict changes after new data.
 *
 * Each event is told once however many instances run the jobs and however often: the event is
 * recorded under its name (`action_plan_alerts.dedupe_key`, unique in the organisation) in the
 * same transaction as its notifications, and only the transaction that recorded it tells anyone.
 * The sweep runs under a lease (src/jobs/leased-sweeps.ts), so normally one instance runs it;
 * the record is what keeps an event told once when a lease is lost mid-run or two runs overlap.
 */

/** How long before a deadline its owner is reminded. */
export const REMIND_BEFORE_MS = 24 * 3_600_000

interface Told {
  reminders: number
  escalations: number
}

type AlertKind = PlanAlertRow['kind']

interface Candidate {
  kind: AlertKind
  key: string
  plan: JobPlan
  taskId: string | null
  taskTitle: string | null
  dueAt: number
  /** Who is told (duplicates are fine). */
  recipients: () => Promise<string[]>
}

const NOTIFICATION_KIND: Record<Exclude<AlertKind, 'verdict'>, NotificationKind> = {
  task_due: 'plan_task_due',
  plan_due: 'plan_task_due',
  task_overdue: 'plan_overdue',
  plan_overdue: 'plan_overdue',
}

/** Records the event and tells its recipients in one transaction; false when it was told before. */
async function tellOnce(
  db: Db,
  orgId: string,
  now: number,
  c: Candidate,
  kind: NotificationKind,
  params: Record<string, unknown>,
  recipients: string[],
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const first = await recordAlertOnce(trx, {
      id: newId(now),
      orgId,
      planId: c.plan.id,
      taskId: c.taskId,
      kind: c.kind,
      dedupeKey: c.key,
      verdict: (params.verdict as string | undefined) ?? null,
      recipients,
      createdAt: now,
    })
    if (!first) return false
    // Recorded for no one (a plan's first "not enough data yet"): no member and no robot is told.
    if (recipients.length === 0) return true
    await notifyMembers(
      trx,
      { orgId, now },
      {
        kind,
        params,
        link: `/app/plans?plan=${c.plan.id}`,
        eventKey: `plan:${c.key}`,
        memberIds: recipients,
      },
    )
    return true
  })
}

/**
 * Reminders and escalations of every organisation at `now`:
 * - a task not done, due within REMIND_BEFORE_MS: its owner is reminded (plan_task_due);
 * - a task past its date: its owner, the plan's owner and the task owner's supervisor are told
 *   (plan_overdue, naming the task);
 * - an open plan due within REMIND_BEFORE_MS: its owner is reminded;
 * - an open plan past its deadline: its owner, the owner's supervisor and the plan's creator are
 *   told (plan_overdue).
 * A deadline passed before any reminder went out is escalated without a late reminder.
 */
export async function runPlanReminders(db: Db, now: number): Promise<Told> {
  const told: Told = { reminders: 0, escalations: 0 }
  for (const org of await listOrganisations(db)) {
    const orgScope = { db, orgId: org.id }
    const tasks = await openTasksDueBy(db, org.id, now + REMIND_BEFORE_MS)
    const plans = await openPlansDueBy(db, org.id, now + REMIND_BEFORE_MS)
    const plansOfTasks = await jobPlansByIds(
      db,
      org.id,
      tasks.map((t) => t.planId),
    )
    const candidates: Candidate[] = []
    for (const t of tasks) {
      const plan = plansOfTasks.get(t.planId)
      if (!plan) continue
      const late = t.dueAt < now
      candidates.push({
        kind: late ? 'task_overdue' : 'task_due',
        key: `${late ? 'task_overdue' : 'task_due'}:${t.taskId}:${t.dueAt}`,
        plan,
        taskId: t.taskId,
        taskTitle: t.title,
        dueAt: t.dueAt,
        recipients: async () =>
          late
            ? [
                t.ownerId,
                plan.ownerId,
                ...nonNull(await escalationTarget(orgScope, t.ownerId, plan.department)),
              ]
            : [t.ownerId],
      })
    }
    for (const plan of plans) {
      const late = plan.dueAt < now
      candidates.push({
        kind: late ? 'plan_overdue' : 'plan_due',
        key: `${late ? 'plan_overdue' : 'plan_due'}:${plan.id}:${plan.dueAt}`,
        plan,
        taskId: null,
        taskTitle: null,
        dueAt: plan.dueAt,
        recipients: async () =>
          late
            ? [
                plan.ownerId,
                plan.createdBy,
                ...nonNull(await escalationTarget(orgScope, plan.ownerId, plan.department)),
              ]
            : [plan.ownerId],
      })
    }
    const already = await toldKeys(
      db,
      org.id,
      candidates.map((c) => c.key),
    )
    for (const c of candidates) {
      if (already.has(c.key)) continue
      const kind = c.kind as Exclude<AlertKind, 'verdict'>
      const params = {
        planId: c.plan.id,
        planNumber: planNumber(c.plan.number),
        planTitle: c.plan.title,
        ...(c.taskTitle === null ? {} : { taskTitle: c.taskTitle }),
        dueAt: c.dueAt,
      }
      const recipients = [...new Set(await c.recipients())]
      if (await tellOnce(db, org.id, now, c, NOTIFICATION_KIND[kind], params, recipients)) {
        if (kind === 'task_due' || kind === 'plan_due') told.reminders++
        else told.escalations++
      }
    }
  }
  return told
}

function nonNull(id: string | null): string[] {
  return id === null ? [] : [id]
}

/**
 * Each running plan's (do, check, act) effect verdict, measured again on the data as it is now
 * (action-effect.service.ts). The first verdict is recorded; its owner is told when it is a
 * judgement (effective or not effective) rather than "not enough data yet". Every later change
 * is recorded and told to the owner. The change is named after the verdict it follows, so two
 * instances seeing the same change record and tell it once.
 */
export async function runPlanVerdicts(
  store: { db: Db; features: DialectFeatures },
  now: number,
): Promise<{ measured: number; told: number }> {
  const { db } = store
  let measured = 0
  let toldCount = 0
  for (const org of await listOrganisations(db)) {
    const plans = await runningPlans(db, org.id)
    if (plans.length === 0) continue
    const latest = await latestVerdicts(db, org.id)
    const scope: Scope = {
      db,
      features: store.features,
      orgId: org.id,
      actor: { type: 'system', id: 'plan-verdicts', role: 'admin' },
      now,
    }
    for (const plan of plans) {
      const { verdict } = await planEffect(scope, plan.id)
      measured++
      const before = latest.get(plan.id)
      if (before?.verdict === verdict) continue
      const recipients = before || verdict !== 'not_enough_data' ? [plan.ownerId] : []
      const told = await tellOnce(
        db,
        org.id,
        now,
        {
          kind: 'verdict',
          key: `verdict:${plan.id}:${before ? before.id : 'first'}`,
          plan,
          taskId: null,
          taskTitle: null,
          dueAt: plan.dueAt,
          recipients: async () => recipients,
        },
        'plan_verdict',
        {
          planId: plan.id,
          planNumber: planNumber(plan.number),
          planTitle: plan.title,
          verdict,
          ...(before ? { previousVerdict: before.verdict } : {}),
        },
        recipients,
      )
      if (told && recipients.length > 0) toldCount++
    }
  }
  return { measured, told: toldCount }
}
