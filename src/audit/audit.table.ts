import type { ColumnType } from 'kysely'

/** Chain columns are optional to insert only so tests can write rows of databases before 0019. */
type Chained<T> = ColumnType<T, T | undefined, T>

export interface AuditLogTable {
  id: string
  org_id: string
  actor_type: string
  actor_id: string
  action: string
  entity: string
  entity_id: string
  /** The detail object as JSON text, hashed as stored. */
  detail: string
  created_at: number
  /** Place in the organisation's chain, from 1 (migration 0019). */
  seq: Chained<number>
  /** `hash` of the entry before it; 64 zeros for the first. */
  prev_hash: Chained<string>
  /** SHA-256 of the canonical form (src/audit/audit-chain.ts). */
  hash: Chained<string>
}

/** One row per organisation: the chain's head, the retention anchor and the retention policy. */
export interface AuditChainTable {
  org_id: string
  /** seq and hash of the newest entry (0 and the genesis hash while there is none). */
  head_seq: number
  head_hash: string
  /** seq and hash of the last entry the retention job purged (0 and genesis before any). */
  anchor_seq: number
  anchor_hash: string
  retention_days: number
  purged_at: number | null
}
