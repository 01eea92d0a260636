import type { Selectable } from 'kysely'
import type { Db } from '../db/database.js'
import type { Actor } from '../db/scope.js'
import type { FeedbackTable } from '../feedback/feedback.table.js'
import { newId } from '../shared/ids.js'
import { truncateText } from '../shared/storable-text.js'
import { addBusinessMinutes } from './business-calendar.js'
import type { CaseConfig } from './case-config.js'
import { addCaseEvent } from './case-events.js'
import { routeFor, type CaseOpening } from './case-rules.js'

/**
 * Open a case for a feedback record: route it to a department and owner,
 * set its SLA deadlines on the organisation's business calendar, and start
 * its timeline. Runs inside the caller's transaction.
 */
export async function openCase(
  db: Db,
  feedback: Selectable<FeedbackTable>,
  opening: CaseOpening,
  config: CaseConfig,
  actor: Pick<Actor, 'type' | 'id'>,
  now: number,
): Promise<string> {
  const topic = feedback.topics?.split(',')[0] || null
  const route = routeFor({ store: feedback.store, channel: feedback.channel, topic }, config)
  const ownerId = await resolveOwner(db, feedback.org_id, route.department, route.owner)
  const target = config.sla[opening.priority]!
  const last = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('org_id', '=', feedback.org_id)
    .executeTakeFirst()
  const id = newId(now)
  await db
    .insertInto('cases')
    .values({
      id,
      org_id: feedback.org_id,
      number: Number(last?.n ?? 0) + 1,
      feedback_id: feedback.id,
      title: caseTitle(feedback.text),
      reason: opening.reason,
      priority: opening.priority,
      status: 'new',
      department: feedback.department ?? route.department,
      owner_id: ownerId,
      customer_ref: feedback.customer_ref,
      store: feedback.store,
      channel: feedback.channel,
      topic,
      cause: null,
      responsibility: null,
      assessed_loss: null,
      first_response_due: addBusinessMinutes(now, target.firstResponseMinutes, config.calendar),
      resolution_due: addBusinessMinutes(now, target.resolutionMinutes, config.calendar),
      first_responded_at: null,
      resolved_at: null,
      followed_up_at: null,
      closed_at: null,
      warned_at: null,
      escalated_at: null,
      escalated_to: null,
      follow_up_invitation_id: null,
      follow_up_response_id: null,
      follow_up_satisfied: null,
      reopened: 0,
      created_at: now,
      updated_at: now,
    })
    .execute()
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
  return id
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
  if (owner !== 'round_robin') {
    // A disabled or deleted owner named in the routing rules sends the case to the queue.
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', '=', owner)
      .where('disabled_at', 'is', null)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    return user?.id ?? null
  }
  const agents = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where('department', '=', department)
    .where('role', 'in', ['agent', 'supervisor'])
    .where('disabled_at', 'is', null)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  if (agents.length === 0) return null
  await db
    .updateTable('case_configs')
    .set((eb) => ({ round_robin: eb('round_robin', '+', 1) }))
    .where('org_id', '=', orgId)
    .execute()
  const turn = await db
    .selectFrom('case_configs')
    .select('round_robin')
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return agents[((turn?.round_robin ?? 1) - 1) % agents.length]!.id
}
