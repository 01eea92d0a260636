import { activeDepartmentAgents, activeUserId } from '../auth/user-directory.service.js'
import type { Db } from '../db/database.js'
import type { Actor } from '../db/scope.js'
import { newId } from '../shared/ids.js'
import { truncateText } from '../shared/storable-text.js'
import { addBusinessMinutes } from './business-calendar.js'
import type { CaseConfig } from './case-config.js'
import { addCaseEvent } from './case-events.js'
import { routeFor, type CaseOpening } from './case-rules.js'
import { insertCase, nextCaseNumber } from './case.repository.js'
import { advanceRoundRobin } from './case-config.repository.js'

/** A case just opened: what the one who filed the feedback is told (number, first answer due). */
export interface OpenedCase {
  id: string
  number: number
  firstResponseDue: number
}

/** What opening a case reads of its feedback record (as feedback stores it). */
export interface FeedbackToOpen {
  id: string
  org_id: string
  text: string
  /** Comma-separated topic keys; the first routes the case. */
  topics: string | null
  store: string | null
  channel: string
  department: string | null
  customer_ref: string | null
}

/**
 * Open a case for a feedback record: route it to a department and owner,
 * set its SLA deadlines on the organisation's business calendar, and start
 * its timeline. Runs inside the caller's transaction.
 */
export async function openCase(
  db: Db,
  feedback: FeedbackToOpen,
  opening: CaseOpening,
  config: CaseConfig,
  actor: Pick<Actor, 'type' | 'id'>,
  now: number,
): Promise<OpenedCase> {
  const topic = feedback.topics?.split(',')[0] || null
  const route = routeFor({ store: feedback.store, channel: feedback.channel, topic }, config)
  const ownerId = await resolveOwner(db, feedback.org_id, route.department, route.owner)
  const target = config.sla[opening.priority]!
  const id = newId(now)
  const number = await nextCaseNumber(db, feedback.org_id)
  const firstResponseDue = addBusinessMinutes(now, target.firstResponseMinutes, config.calendar)
  await insertCase(db, {
    id,
    orgId: feedback.org_id,
    number,
    feedbackId: feedback.id,
    title: caseTitle(feedback.text),
    reason: opening.reason,
    priority: opening.priority,
    status: 'new',
    department: feedback.department ?? route.department,
    ownerId,
    customerRef: feedback.customer_ref,
    store: feedback.store,
    channel: feedback.channel,
    topic,
    cause: null,
    responsibility: null,
    assessedLoss: null,
    firstResponseDue,
    resolutionDue: addBusinessMinutes(now, target.resolutionMinutes, config.calendar),
    firstRespondedAt: null,
    resolvedAt: null,
    followedUpAt: null,
    closedAt: null,
    warnedAt: null,
    escalatedAt: null,
    escalatedTo: null,
    followUpInvitationId: null,
    followUpResponseId: null,
    followUpSatisfied: null,
    reopened: 0,
    createdAt: now,
    updatedAt: now,
  })
  await addCaseEvent(db, {
    orgId: feedback.org_id,
    caseId: id,
    type: 'created',
    actor,
    detail: {
      reason: opening.reason,
      priority: opening.priority,
      department: route.department,
      ownerId,
    },
    now,
  })
  return { id, number, firstResponseDue }
}

function caseTitle(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 60 ? `${truncateText(line, 60)}…` : line || '—'
}

/** A named owner of this organisation, the next agent of the department in turn, or nobody (the queue). */
async function resolveOwner(
  db: Db,
  orgId: string,
  department: string,
  owner: string | null,
): Promise<string | null> {
  if (owner === null) return null
  // A disabled or deleted owner named in the routing rules sends the case to the queue.
  if (owner !== 'round_robin') return activeUserId({ db, orgId }, owner)
  const agents = await activeDepartmentAgents({ db, orgId }, department)
  if (agents.length === 0) return null
  const turn = await advanceRoundRobin(db, orgId)
  return agents[(turn - 1) % agents.length]!
}
