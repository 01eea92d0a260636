import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import type { OrgScope, Scope } from '../db/scope.js'
import { parseInput } from '../shared/validation.js'
import {
  findAuditChain,
  listAuditChainPolicies,
  purgeAuditRowsBefore,
  setAuditRetentionDays,
  DEFAULT_RETENTION_DAYS,
} from './audit-chain.repository.js'
import { AuditPolicyBodySchema } from './audit.schema.js'
import { recordAudit } from './audit.service.js'

const DAY_MS = 86_400_000

/**
 * The organisation's audit retention policy: entries are kept `auditRetentionDays` days (180 by
 * default, never fewer: 等保 2.0 asks for six months of logs), then the retention job removes them.
 */
export async function auditPolicy(scope: OrgScope): Promise<{ auditRetentionDays: number }> {
  const chain = await findAuditChain(scope.db, scope.orgId)
  return { auditRetentionDays: chain?.retentionDays ?? DEFAULT_RETENTION_DAYS }
}

/** Sets the retention (security administrators: a sign-in and logging policy, not audit work). */
export async function setAuditPolicy(
  scope: Scope,
  body: unknown,
): Promise<{ auditRetentionDays: number }> {
  requirePermission(scope.actor, 'security:manage')
  const { auditRetentionDays } = parseInput(AuditPolicyBodySchema, body, 'audit policy')
  await scope.db.transaction().execute(async (trx) => {
    await setAuditRetentionDays(trx, scope.orgId, auditRetentionDays)
    await recordAudit(trx, scope, {
      action: 'audit.policy',
      entity: 'organisation',
      entityId: scope.orgId,
      detail: { auditRetentionDays },
    })
  })
  return { auditRetentionDays }
}

/** Who purges, in the log: the retention job. */
const RETENTION_ACTOR = { type: 'system', id: 'audit-retention', role: 'viewer' } as const

/**
 * The retention job, across all organisations (takes the store handle): in each, removes the
 * entries older than its policy, oldest first, keeping the chain verifiable from the hash of the
 * last one removed (the anchor), and records the purge itself as an entry.
 */
export async function purgeExpiredAuditEntries(
  db: Db,
  now: number,
): Promise<{ organisations: number; purged: number }> {
  let organisations = 0
  let purged = 0
  for (const { orgId, retentionDays } of await listAuditChainPolicies(db)) {
    const days = Math.max(retentionDays, DEFAULT_RETENTION_DAYS)
    const removed = await purgeAuditRowsBefore(db, orgId, now - days * DAY_MS, now)
    if (removed === 0) continue
    organisations += 1
    purged += removed
    const chain = await findAuditChain(db, orgId)
    await recordAudit(
      db,
      { orgId, actor: RETENTION_ACTOR, now },
      {
        action: 'audit.purge',
        entity: 'organisation',
        entityId: orgId,
        detail: { purged: removed, anchorSeq: chain?.anchorSeq ?? null, retentionDays: days },
      },
    )
  }
  return { organisations, purged }
}
