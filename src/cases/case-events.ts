import type { Db } from '../db/database.js'
import type { Actor } from '../db/scope.js'
import { newId } from '../shared/ids.js'
import { insertCaseEvent, type CaseEventRecord } from './case-event.repository.js'

export interface NewCaseEvent {
  orgId: string
  caseId: string
  type: string
  visibility?: 'internal' | 'customer'
  actor: Pick<Actor, 'type' | 'id'>
  body?: string
  detail?: Record<string, unknown>
  /** For replies to the customer: whether it is being sent (by `detail.via`). */
  delivery?: 'pending' | 'none'
  now: number
}

/** The stored line for a new event (ids ordered by its time). */
export function caseEventRecord(event: NewCaseEvent): CaseEventRecord {
  return {
    id: newId(event.now),
    orgId: event.orgId,
    caseId: event.caseId,
    type: event.type,
    visibility: event.visibility ?? 'internal',
    actorType: event.actor.type,
    actorId: event.actor.id,
    body: event.body ?? null,
    detail: event.detail ?? {},
    delivery: event.delivery ?? null,
    deliveryError: null,
    createdAt: event.now,
  }
}

/** One line of a case's timeline. Written in the same transaction as the change it records. */
export async function addCaseEvent(db: Db, event: NewCaseEvent): Promise<void> {
  await insertCaseEvent(db, caseEventRecord(event))
}

export const SYSTEM_ACTOR = { type: 'system', id: 'manyi' } as const
