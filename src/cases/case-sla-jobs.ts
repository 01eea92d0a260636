import { escalationTarget } from '../auth/user-directory.service.js'
import type { Db } from '../db/database.js'
import { businessMinutesBetween } from './business-calendar.js'
import { loadCaseConfig, type CaseConfig } from './case-config.js'
import { addCaseEvent, SYSTEM_ACTOR } from './case-events.js'
import { casesForSlaTimers, updateCase, type CaseRecord } from './case.repository.js'
import { notifyMembers } from '../notifications/notification.service.js'
import { caseNumber } from './case-summary.js'
import { titleToTell } from './case-withheld.js'

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

export async function runCaseSlaJobs(db: Db, now: number): Promise<SlaReport> {
  const report: SlaReport = { warned: 0, escalated: 0 }
  const cases = await casesForSlaTimers(db, 5000)
  const configs = new Map<string, CaseConfig>()
  for (const c of cases) {
    let config = configs.get(c.orgId)
    if (!config) {
      config = await loadCaseConfig({ db, orgId: c.orgId, now })
      configs.set(c.orgId, config)
    }
    const which = c.firstRespondedAt === null ? 'first_response' : 'resolution'
    const deadline = which === 'first_response' ? c.firstResponseDue : c.resolutionDue
    if (now > deadline) {
      if (c.escalatedAt === null && (await escalate(db, c, which, deadline, now)))
        report.escalated++
    } else if (
      c.warnedAt === null &&
      elapsedShare(c.createdAt, deadline, now, config) >= config.warnAtFraction
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
  c: CaseRecord,
  which: string,
  deadline: number,
  now: number,
): Promise<boolean> {
  if (!(await updateCase(db, c.id, { warnedAt: now }, { unset: 'warnedAt' }))) return false
  await addCaseEvent(db, {
    orgId: c.orgId,
    caseId: c.id,
    type: 'warned',
    actor: SYSTEM_ACTOR,
    now,
    detail: { deadline: which, due: new Date(deadline).toISOString(), ownerId: c.ownerId },
  })
  // The owner is told where they work: in the app, by e-mail if they chose it, and the robots.
  await notifyMembers(
    db,
    { orgId: c.orgId, now },
    {
      kind: 'sla_warning',
      params: {
        caseId: c.id,
        caseNumber: caseNumber(c.number),
        caseTitle: await titleToTell({ db, orgId: c.orgId }, c),
        slaDeadline: which === 'first_response' ? 'first_response' : 'resolution',
        slaDueAt: deadline,
      },
      link: `/app/cases/${c.id}`,
      eventKey: `sla_warning:${c.id}:${which}:${deadline}`,
      memberIds: c.ownerId === null ? [] : [c.ownerId],
    },
  )
  return true
}

async function escalate(
  db: Db,
  c: CaseRecord,
  which: string,
  deadline: number,
  now: number,
): Promise<boolean> {
  const to = await escalationTarget({ db, orgId: c.orgId }, c.ownerId, c.department)
  const claimed = await updateCase(
    db,
    c.id,
    { escalatedAt: now, escalatedTo: to, updatedAt: now },
    { unset: 'escalatedAt' },
  )
  if (!claimed) return false
  await addCaseEvent(db, {
    orgId: c.orgId,
    caseId: c.id,
    type: 'escalated',
    actor: SYSTEM_ACTOR,
    now,
    detail: { deadline: which, due: new Date(deadline).toISOString(), to },
  })
  return true
}
