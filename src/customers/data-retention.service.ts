import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import type { DialectFeatures } from '../db/dialect-features.js'
import type { Scope } from '../db/scope.js'
import { parseInput } from '../shared/validation.js'
import { customersByIds } from './customer.repository.js'
import {
  allRetention,
  customersIdleSince,
  replaceRetention,
  retentionOf,
} from './data-rights.repository.js'
import {
  RETENTION_TYPES,
  RetentionInputSchema,
  type RetentionPolicy,
  type RetentionType,
} from './data-rights.schema.js'
import { eraseGathered, type PersonalDataHolder, type RecordExpiry } from './data-rights.service.js'

// Retention periods per type of personal data, set by the organisation and enforced by a
// background job (src/jobs/sweep-jobs.ts, `customer-retention`): customers idle longer than their
// period are erased as by request; answers, feedback and contact-list entries older than theirs
// lose their personal parts. Each run takes a batch per organisation and type, so a large backlog
// is worked off over several runs without holding the store.

const DAY_MS = 86_400_000
/** Records (or customers) per organisation and type in one run of the job. */
export const RETENTION_BATCH = 200

/** Who acts for the retention job (audit entries and customer events name it). */
export const RETENTION_ACTOR = { type: 'system', id: 'customer-retention', role: 'admin' } as const

export async function getRetentionPolicy(scope: Scope): Promise<RetentionPolicy> {
  requirePermission(scope.actor, 'personal-data:export')
  const rows = await retentionOf(scope.db, scope.orgId)
  return {
    policies: rows.map((r) => ({
      dataType: r.data_type as RetentionType,
      days: Number(r.days),
      updatedAt: Number(r.updated_at),
    })),
  }
}

/** Replace the organisation's periods (a type left out is kept until erased by hand); audited. */
export async function setRetentionPolicy(scope: Scope, input: unknown): Promise<RetentionPolicy> {
  requirePermission(scope.actor, 'personal-data:export')
  const { policies } = parseInput(RetentionInputSchema, input)
  await scope.db.transaction().execute(async (trx) => {
    await replaceRetention(
      trx,
      scope.orgId,
      policies.map((p) => ({
        org_id: scope.orgId,
        data_type: p.dataType,
        days: p.days,
        updated_by: scope.actor.id,
        updated_at: scope.now,
      })),
    )
    await recordAudit(trx, scope, {
      action: 'customer.retention',
      entity: 'organisation',
      entityId: scope.orgId,
      detail: Object.fromEntries(policies.map((p) => [p.dataType, p.days])),
    })
  })
  return getRetentionPolicy(scope)
}

/**
 * How many days a backup may be kept: the shortest period any organisation set for any type of
 * personal data (a backup holds every organisation's data, and a record erased by its period must
 * not outlive it in a backup by more than that period); null when no organisation set one.
 */
export async function backupKeepDays(db: Db): Promise<number | null> {
  const days = (await allRetention(db)).map((p) => Number(p.days))
  return days.length === 0 ? null : Math.min(...days)
}

export interface RetentionReport {
  customers: number
  answers: number
  feedback: number
  contacts: number
}

/**
 * One run of the retention job over every organisation with a policy: per type, a batch of what
 * is older than its period erased. Customers are erased one transaction each, audited as
 * `customer.erase` with `by: retention`.
 */
export async function runCustomerRetention(
  deps: { db: Db; features: DialectFeatures },
  now: number,
  parts: { holders: readonly PersonalDataHolder[]; expiry: RecordExpiry },
): Promise<RetentionReport> {
  const report: RetentionReport = { customers: 0, answers: 0, feedback: 0, contacts: 0 }
  for (const policy of await allRetention(deps.db)) {
    const type = policy.data_type as RetentionType
    if (!(RETENTION_TYPES as readonly string[]).includes(type)) continue
    const before = now - Number(policy.days) * DAY_MS
    const orgId = policy.org_id
    if (type !== 'customers') {
      await deps.db.transaction().execute(async (trx) => {
        report[type] += await parts.expiry[type](trx, orgId, before, RETENTION_BATCH)
      })
      continue
    }
    for (const id of await customersIdleSince(deps.db, orgId, before, RETENTION_BATCH)) {
      await deps.db.transaction().execute(async (trx) => {
        const [row] = await customersByIds(trx, orgId, [id])
        if (!row || row.erased_at != null || row.merged_into !== null) return
        const scope: Scope = {
          db: trx,
          features: deps.features,
          orgId,
          actor: RETENTION_ACTOR,
          now,
        }
        const erased = await eraseGathered(trx, scope, row, parts.holders)
        await recordAudit(trx, scope, {
          action: 'customer.erase',
          entity: 'customer',
          entityId: id,
          detail: { by: 'retention', days: Number(policy.days), ...erased.erased },
        })
      })
      report.customers++
    }
  }
  return report
}
