import type { Db } from '../db/database.js'
import type { OrgScope } from '../db/scope.js'
import { auditEntryHash, GENESIS_HASH } from './audit-chain.js'
import {
  auditRowsAfterSeq,
  findAuditChain,
  listAuditChainPolicies,
} from './audit-chain.repository.js'
import type { AuditVerification } from './audit.schema.js'

const BATCH = 2000

/**
 * Walks the organisation's chain from the retention anchor to the head and reports the first
 * broken link: an entry whose stored hash is not the hash of what it holds (changed), one that
 * does not name the hash of the entry before it (replaced or reordered), a gap in the sequence
 * (removed), or a head the last entry does not reach (newest entries removed).
 */
export async function verifyAuditChain(scope: OrgScope): Promise<AuditVerification> {
  const chain = await findAuditChain(scope.db, scope.orgId)
  const anchorSeq = chain?.anchorSeq ?? 0
  const headSeq = chain?.headSeq ?? 0
  let expectedSeq = anchorSeq + 1
  let prevHash = chain?.anchorHash ?? GENESIS_HASH
  let checked = 0
  const result = (broken: AuditVerification['broken']): AuditVerification => ({
    ok: broken === null,
    checked,
    anchorSeq,
    headSeq,
    broken,
  })
  for (;;) {
    const rows = await auditRowsAfterSeq(scope.db, scope.orgId, expectedSeq - 1, BATCH)
    for (const row of rows) {
      if (row.seq !== expectedSeq) return result({ seq: expectedSeq, id: null, reason: 'missing' })
      const hash = auditEntryHash(row.prevHash, { ...row, orgId: scope.orgId })
      if (hash !== row.hash) return result({ seq: row.seq, id: row.id, reason: 'hash' })
      if (row.prevHash !== prevHash) return result({ seq: row.seq, id: row.id, reason: 'link' })
      checked += 1
      prevHash = row.hash
      expectedSeq += 1
    }
    if (rows.length < BATCH) break
  }
  const reachesHead = expectedSeq - 1 === headSeq && prevHash === (chain?.headHash ?? GENESIS_HASH)
  if (!reachesHead) return result({ seq: expectedSeq, id: null, reason: 'head' })
  return result(null)
}

/** Every organisation's chain, across all organisations (`manyi audit verify` without --org). */
export async function verifyAllAuditChains(
  db: Db,
): Promise<Array<{ orgId: string } & AuditVerification>> {
  const results = []
  for (const { orgId } of await listAuditChainPolicies(db))
    results.push({ orgId, ...(await verifyAuditChain({ db, orgId })) })
  return results
}
