import { wilsonInterval } from '../analytics/proportion-interval.js'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { OrgScope, Scope } from '../db/scope.js'
import { isUniqueViolation } from '../db/unique-violation.js'
import { findOrganisation, isOrganisationSuspended } from '../organisations/organisation.service.js'
import { ConflictError, NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { listUnits } from '../units/unit.service.js'
import {
  type CommitmentRow,
  clockCounts,
  findCommitmentIdByCode,
  findCommitmentRow,
  insertCommitmentRow,
  listCommitmentRows,
  updateCommitmentRow,
} from './commitment.repository.js'
import {
  type Commitment,
  type CommitmentClock,
  CommitmentInputSchema,
  type CommitmentPerformance,
  CommitmentPerformanceQuerySchema,
  type UnitPerformance,
} from './commitment.schema.js'

export {
  importServiceEventTable,
  recordServiceEvents,
  runCommitmentBreaches,
} from './service-events.js'

const DAY_MS = 86_400_000
/** The public page and the default period: the last 90 days. */
const DEFAULT_PERIOD_DAYS = 90

export function toCommitment(row: CommitmentRow): Commitment {
  return {
    id: row.id,
    code: row.code,
    serviceType: row.serviceType,
    title: row.title,
    startEvent: row.startEvent,
    endEvent: row.endEvent,
    clock: row.clock as CommitmentClock,
    limit: row.limit,
    unitIds: row.unitIds,
    published: row.published,
    updatedAt: new Date(row.updatedAt).toISOString(),
  }
}

export async function listCommitments(scope: Scope): Promise<Commitment[]> {
  requirePermission(scope.actor, 'cases:read')
  return (await listCommitmentRows(scope.db, scope.orgId)).map(toCommitment)
}

/** Every unit named must be the organisation's (UNIT_NOT_FOUND otherwise). */
async function requireUnits(scope: Scope, unitIds: readonly string[]): Promise<void> {
  if (unitIds.length === 0) return
  const known = new Set((await listUnits(scope)).map((u) => u.id))
  const missing = unitIds.find((id) => !known.has(id))
  if (missing !== undefined)
    throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${missing} in this organisation.`, [], {
      id: missing,
    })
}

function codeTaken(code: string): ConflictError {
  return new ConflictError('COMMITMENT_CODE_TAKEN', `A commitment ${code} exists already.`, [
    { path: 'code', reason: 'taken by another commitment' },
  ])
}

/** Publish a new promise. */
export async function createCommitment(scope: Scope, input: unknown): Promise<Commitment> {
  requirePermission(scope.actor, 'cases:configure')
  const body = parseInput(CommitmentInputSchema, input, 'commitment')
  await requireUnits(scope, body.unitIds)
  if (await findCommitmentIdByCode(scope.db, scope.orgId, body.code)) throw codeTaken(body.code)
  const row: CommitmentRow = {
    id: `cmt_${newId(scope.now)}`,
    orgId: scope.orgId,
    ...body,
    unitIds: [...new Set(body.unitIds)],
    createdAt: scope.now,
    updatedAt: scope.now,
  }
  try {
    await scope.db.transaction().execute(async (trx) => {
      await insertCommitmentRow(trx, row)
      await recordAudit(trx, scope, {
        action: 'commitment.create',
        entity: 'commitment',
        entityId: row.id,
        detail: { code: row.code, clock: row.clock, limit: row.limit },
      })
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw codeTaken(body.code)
    throw error
  }
  return toCommitment(row)
}

/**
 * Change a promise. Clocks already started keep the due time they were given (what was promised
 * then); orders started from now on are held to the new terms.
 */
export async function updateCommitment(
  scope: Scope,
  id: string,
  input: unknown,
): Promise<Commitment> {
  requirePermission(scope.actor, 'cases:configure')
  const existing = await findCommitmentRow(scope.db, scope.orgId, id)
  if (!existing) throw new NotFoundError('COMMITMENT_NOT_FOUND', `No commitment ${id}.`, [], { id })
  const body = parseInput(CommitmentInputSchema, input, 'commitment')
  await requireUnits(scope, body.unitIds)
  const other = await findCommitmentIdByCode(scope.db, scope.orgId, body.code)
  if (other && other !== id) throw codeTaken(body.code)
  const row: CommitmentRow = {
    ...existing,
    ...body,
    unitIds: [...new Set(body.unitIds)],
    updatedAt: scope.now,
  }
  await scope.db.transaction().execute(async (trx) => {
    await updateCommitmentRow(trx, row)
    await recordAudit(trx, scope, {
      action: 'commitment.update',
      entity: 'commitment',
      entityId: id,
      detail: { code: row.code, clock: row.clock, limit: row.limit, published: row.published },
    })
  })
  return toCommitment(row)
}

/** kept / (kept + missed) with its Wilson 95% interval; running clocks are not yet measured. */
function performanceOf(
  unitId: string | null,
  counts: { kept: number; missed: number; running: number },
): UnitPerformance {
  const n = counts.kept + counts.missed
  return {
    unitId,
    ...counts,
    keptRate: n === 0 ? null : counts.kept / n,
    interval: wilsonInterval(counts.kept, n),
  }
}

/** The period asked for, or the last 90 days up to now. */
function periodOf(query: { from?: string; to?: string }, now: number): [number, number] {
  const to = query.to ? Date.parse(query.to) : now
  const from = query.from ? Date.parse(query.from) : to - DEFAULT_PERIOD_DAYS * DAY_MS
  return [from, to]
}

/**
 * How each promise is kept, in total and by the unit of the order, over orders whose clock started
 * in the period (default: the last 90 days). Units outside the actor's are left out.
 */
export async function commitmentPerformance(
  scope: Scope,
  query: unknown = {},
): Promise<CommitmentPerformance> {
  requirePermission(scope.actor, 'cases:read')
  const parsed = parseInput(CommitmentPerformanceQuerySchema, query, 'query')
  const [from, to] = periodOf(parsed, scope.now)
  const within = scope.units ? new Set(scope.units) : null
  return performanceBetween(scope, from, to, (unitId) =>
    within === null ? true : unitId !== null && within.has(unitId),
  )
}

async function performanceBetween(
  scope: OrgScope,
  from: number,
  to: number,
  includeUnit: (unitId: string | null) => boolean,
  onlyPublished = false,
): Promise<CommitmentPerformance> {
  const rows = (await listCommitmentRows(scope.db, scope.orgId)).filter(
    (c) => !onlyPublished || c.published,
  )
  const counts = await clockCounts(scope.db, scope.orgId, from, to)
  const zero = () => ({ kept: 0, missed: 0, running: 0 })
  return {
    commitments: rows.map((row) => {
      const total = zero()
      const byUnit = new Map<string | null, ReturnType<typeof zero>>()
      for (const c of counts) {
        if (c.commitmentId !== row.id || !includeUnit(c.unitId)) continue
        const status = c.status as keyof ReturnType<typeof zero>
        const unit = byUnit.get(c.unitId) ?? zero()
        unit[status] += c.n
        total[status] += c.n
        byUnit.set(c.unitId, unit)
      }
      return {
        commitment: toCommitment(row),
        total: performanceOf(null, total),
        units: [...byUnit.entries()]
          .map(([unitId, n]) => performanceOf(unitId, n))
          .sort((a, b) => (a.unitId ?? '').localeCompare(b.unitId ?? '')),
      }
    }),
  }
}

export interface PublicCommitments {
  organisation: { name: string; timezone: string }
  from: number
  to: number
  commitments: Array<{
    commitment: Commitment
    total: UnitPerformance
    units: Array<UnitPerformance & { unitName: { 'zh-CN': string; 'en-US': string | null } }>
  }>
}

/**
 * What the public commitments page shows: the published promises and how each unit kept them
 * over the last 90 days, units by name. Counts only: no order, customer or case.
 */
export async function publicCommitments(scope: OrgScope, now: number): Promise<PublicCommitments> {
  const organisation = await findOrganisation(scope)
  if (!organisation || (await isOrganisationSuspended(scope.db, scope.orgId)))
    throw new NotFoundError('ORGANISATION_NOT_FOUND', 'No commitments at this address.')
  const to = now
  const from = now - DEFAULT_PERIOD_DAYS * DAY_MS
  const performance = await performanceBetween(scope, from, to, () => true, true)
  const units = new Map((await listUnits({ ...scope, now })).map((u) => [u.id, u]))
  return {
    organisation: { name: organisation.name, timezone: organisation.timezone },
    from,
    to,
    commitments: performance.commitments.map((c) => ({
      ...c,
      units: c.units.flatMap((u) => {
        const unit = u.unitId ? units.get(u.unitId) : undefined
        return unit ? [{ ...u, unitName: { 'zh-CN': unit.nameZh, 'en-US': unit.nameEn } }] : []
      }),
    })),
  }
}
