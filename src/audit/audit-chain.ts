import { createHash } from 'node:crypto'

/**
 * The audit log's hash chain. Each organisation's entries form one chain: entry `seq` (from 1)
 * stores the hash of entry `seq − 1` (`prevHash`; GENESIS for the first, or the retention anchor's
 * hash once older entries were purged) and its own hash over the canonical form below. Changing,
 * removing or reordering a stored entry breaks the chain from there on, which `verifyAuditChain`
 * (audit-verify.service.ts) reports. Migration 0019 spells out the same form for the entries it
 * chained; the two must never differ.
 */

/** prevHash of an organisation's first entry. */
export const GENESIS_HASH = '0'.repeat(64)

/** What the hash covers: every stored column of the entry but the hash itself. */
export interface ChainedEntry {
  orgId: string
  seq: number
  id: string
  actorType: string
  actorId: string
  action: string
  entity: string
  entityId: string
  /** The detail as the stored JSON text, byte for byte. */
  detailText: string
  createdAt: number
}

/**
 * SHA-256 (hex) of the UTF-8 JSON array
 * [prevHash, orgId, seq, id, actorType, actorId, action, entity, entityId, detail, createdAt].
 */
export function auditEntryHash(prevHash: string, e: ChainedEntry): string {
  const canonical = JSON.stringify([
    prevHash,
    e.orgId,
    e.seq,
    e.id,
    e.actorType,
    e.actorId,
    e.action,
    e.entity,
    e.entityId,
    e.detailText,
    e.createdAt,
  ])
  return createHash('sha256').update(canonical, 'utf8').digest('hex')
}
