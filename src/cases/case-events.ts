import type { Db } from '../db/database.js'
import type { Actor } from '../db/scope.js'
import { newId } from '../shared/ids.js'

export interface NewCaseEvent {
  orgId: string
  caseId: string
  type: string
  visibility?: 'internal' | 'customer'
  actor: Pick<Actor, 'type' | 'id'>
  body?: string
  detail?: Record<string, unknown>
  /** For replies to the customer: whether (and how far) it is being e-mailed. */
  delivery?: 'pending' | 'none'
  now: number
}

/** One line of a case's timeline. Written in the same transaction as the change it records. */
export async function addCaseEvent(db: Db, event: NewCaseEvent): Promise<void> {
  await db
    .insertInto('case_events')
    .values({
      id: newId(event.now),
      org_id: event.orgId,
      case_id: event.caseId,
      type: event.type,
      visibility: event.visibility ?? 'internal',
      actor_type: event.actor.type,
      actor_id: event.actor.id,
      body: event.body ?? null,
      detail: JSON.stringify(event.detail ?? {}),
      delivery: event.delivery ?? null,
      created_at: event.now,
    })
    .execute()
}

export const SYSTEM_ACTOR = { type: 'system', id: 'manyi' } as const
