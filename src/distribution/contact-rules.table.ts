import type { ColumnType } from 'kysely'

/** An organisation's contact rules (migration 0050): frequency cap and quiet hours. */
export interface ContactRulesTable {
  org_id: string
  /** No contact or customer asked again within this many days; null = no cap. */
  cap_days: number | null
  /** Minutes after local midnight (the organisation's time zone); null = no quiet hours. */
  quiet_from: number | null
  quiet_to: number | null
  updated_at: number
}

/** An invitation sent, once per identity it reached (migration 0050): what the cap reads. */
export interface ContactTouchTable {
  id: string
  org_id: string
  /** customer:<id>, email:<blind index> or phone:<blind index> (the value itself without keys). */
  identity: string
  invitation_id: string
  sent_at: ColumnType<number, number, number>
}
