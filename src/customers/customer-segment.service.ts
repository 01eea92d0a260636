import { requirePermission } from '../auth/permission.service.js'
import { recordAudit } from '../audit/audit.service.js'
import type { OrgScope, Scope } from '../db/scope.js'
import { customersHoldingTiers } from '../loyalty/loyalty-tiers.service.js'
import { ConflictError, NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { unitById, unitSubtreeIds } from '../units/unit.service.js'
import {
  type CustomerContact,
  customerContactsInUnits,
  customerContactsOf,
} from './customer-contacts.service.js'
import {
  type CustomerSegmentRow,
  findSegment,
  insertSegment,
  listSegments,
} from './customer-segment.repository.js'
import { type CustomerSegment, CustomerSegmentInputSchema } from './customer-segment.schema.js'

// Saved customer segments (issue 18): a named selection of customers — first met in a unit and
// the units below it, holding one of some loyalty tiers, or both — that a recurring programme
// can ask. Membership is read when it is used (a programme's run), so it follows tier changes.

function tiersOf(row: CustomerSegmentRow): string[] {
  return JSON.parse(row.tiers) as string[]
}

/** The segment's members now, with their first phone and e-mail (unreachable ones left out). */
async function membersOf(
  scope: Pick<Scope, 'db' | 'orgId' | 'now'>,
  row: CustomerSegmentRow,
): Promise<CustomerContact[]> {
  const tiers = tiersOf(row)
  const holding = tiers.length > 0 ? new Set(await customersHoldingTiers(scope, tiers)) : null
  if (row.unit_id === null) return customerContactsOf(scope, [...(holding ?? [])])
  const inUnits = await customerContactsInUnits(scope, await unitSubtreeIds(scope, [row.unit_id]))
  return holding ? inUnits.filter((c) => holding.has(c.customerId)) : inUnits
}

export async function segmentMembers(
  scope: Pick<Scope, 'db' | 'orgId' | 'now'>,
  segmentId: string,
): Promise<CustomerContact[]> {
  return membersOf(scope, await requireSegment(scope, segmentId))
}

export async function requireSegment(
  scope: OrgScope,
  segmentId: string,
): Promise<CustomerSegmentRow> {
  const row = await findSegment(scope.db, scope.orgId, segmentId)
  if (!row)
    throw new NotFoundError('SEGMENT_NOT_FOUND', `No customer segment ${segmentId}.`, [
      { path: 'segmentId', reason: 'unknown segment' },
    ])
  return row
}

/** A segment on the wire, with its reachable members counted now. */
export async function customerSegmentOf(
  scope: Scope,
  row: CustomerSegmentRow,
): Promise<CustomerSegment> {
  return {
    id: row.id,
    name: row.name,
    unitId: row.unit_id,
    tiers: tiersOf(row),
    members: (await membersOf(scope, row)).length,
    createdAt: Number(row.created_at),
  }
}

export async function createCustomerSegment(
  scope: Scope,
  input: unknown,
): Promise<CustomerSegment> {
  requirePermission(scope.actor, 'distributions:write')
  const parsed = parseInput(CustomerSegmentInputSchema, input, 'segment')
  if (parsed.unitId !== null && !(await unitById(scope, parsed.unitId)))
    throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${parsed.unitId}.`, [
      { path: 'unitId', reason: 'unknown unit' },
    ])
  const row: CustomerSegmentRow = {
    id: newId(scope.now),
    org_id: scope.orgId,
    name: parsed.name,
    unit_id: parsed.unitId,
    tiers: JSON.stringify(parsed.tiers),
    created_at: scope.now,
  }
  if (!(await insertSegment(scope.db, row)))
    throw new ConflictError('SEGMENT_NAME_TAKEN', `A segment named ${parsed.name} exists.`, [
      { path: 'name', reason: 'taken' },
    ])
  await recordAudit(scope.db, scope, {
    action: 'segment.create',
    entity: 'customer_segment',
    entityId: row.id,
    detail: { unitId: row.unit_id, tiers: parsed.tiers },
  })
  return customerSegmentOf(scope, row)
}

export async function listCustomerSegments(scope: Scope): Promise<CustomerSegment[]> {
  requirePermission(scope.actor, 'distributions:read')
  const rows = await listSegments(scope.db, scope.orgId)
  return Promise.all(rows.map((r) => customerSegmentOf(scope, r)))
}
