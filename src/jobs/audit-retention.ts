import { purgeExpiredAuditEntries } from '../audit/audit-retention.service.js'
import type { Db } from '../db/database.js'
import type { JobDefinition } from './job-registry.js'

const HOUR_MS = 3_600_000

/**
 * The named job that keeps each organisation's audit log to its retention policy
 * (src/audit/audit-retention.service.ts). Entries expire by the day: an hourly look removes each
 * at most an hour late.
 */
export function auditRetentionJob(db: Db): JobDefinition {
  return {
    name: 'audit-retention',
    everyMs: HOUR_MS,
    run: (now) => purgeExpiredAuditEntries(db, now),
  }
}
