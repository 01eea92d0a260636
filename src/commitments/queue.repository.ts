import type { Db } from '../db/database.js'

/** The table of migration 0043: queue_events. */

export interface QueueEventRow {
  id: string
  orgId: string
  eventId: string
  unitId: string
  ticket: string | null
  counter: string | null
  type: string
  occurredAt: number
  receivedAt: number
}

export async function storedQueueEventIds(
  db: Db,
  orgId: string,
  eventIds: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < eventIds.length; i += 500) {
    const rows = await db
      .selectFrom('queue_events')
      .select('event_id')
      .where('org_id', '=', orgId)
      .where('event_id', 'in', eventIds.slice(i, i + 500))
      .execute()
    for (const row of rows) found.add(row.event_id)
  }
  return found
}

/** Inserts; an event id stored meanwhile (another instance) is left as it is. */
export async function insertQueueEventRows(db: Db, rows: readonly QueueEventRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('queue_events')
      .values(
        rows.slice(i, i + 200).map((r) => ({
          id: r.id,
          org_id: r.orgId,
          event_id: r.eventId,
          unit_id: r.unitId,
          ticket: r.ticket,
          counter: r.counter,
          type: r.type,
          occurred_at: r.occurredAt,
          received_at: r.receivedAt,
        })),
      )
      .onConflict((oc) => oc.columns(['org_id', 'event_id']).doNothing())
      .execute()
  }
}

/** A hall's events in [from, to), in time order (unitIds null: every hall). */
export async function queueEventsBetween(
  db: Db,
  orgId: string,
  unitIds: readonly string[] | null,
  from: number,
  to: number,
): Promise<QueueEventRow[]> {
  if (unitIds !== null && unitIds.length === 0) return []
  let query = db
    .selectFrom('queue_events')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<', to)
  if (unitIds !== null) query = query.where('unit_id', 'in', unitIds)
  const rows = await query.orderBy('occurred_at').orderBy('id').execute()
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    eventId: r.event_id,
    unitId: r.unit_id,
    ticket: r.ticket,
    counter: r.counter,
    type: r.type,
    occurredAt: Number(r.occurred_at),
    receivedAt: Number(r.received_at),
  }))
}
