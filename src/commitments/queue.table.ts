/** A queue event of a service hall (migration 0043). */
export interface QueueEventTable {
  id: string
  org_id: string
  /** The sender's id: the same id again is the same event. */
  event_id: string
  /** The hall. */
  unit_id: string
  /** The hall's ticket number (taken, called, served, left); null for counter events. */
  ticket: string | null
  /** The counter (called, served, opened, closed). */
  counter: string | null
  /** taken, called, served, left, opened, closed. */
  type: string
  occurred_at: number
  received_at: number
}
