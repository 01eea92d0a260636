import { requirePermission } from '../auth/permission.service.js'
import { recordAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { programmesAskingSegment } from '../distribution/programme-audience.service.js'
import { ConflictError, NotFoundError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { unitById } from '../units/unit.service.js'
import {
  deleteSegment,
  findSegment,
  segmentNameTaken,
  updateSegment,
} from './customer-segment.repository.js'
import { type CustomerSegment, CustomerSegmentInputSchema } from './customer-segment.schema.js'
import { customerSegmentOf, requireSegment } from './customer-segment.service.js'

// Editing and deleting a saved customer segment (issue 18). A programme reads its segment's
// members at each run, so an edit takes effect at the next run; a segment a programme asks
// (active or paused) is not deleted: SEGMENT_IN_USE names the programmes to change first.

/** Rename a segment or change its rules (unit subtree, tiers); audited with before and after. */
export async function updateCustomerSegment(
  scope: Scope,
  segmentId: string,
  input: unknown,
): Promise<CustomerSegment> {
  requirePermission(scope.actor, 'distributions:write')
  const parsed = parseInput(CustomerSegmentInputSchema, input, 'segment')
  const before = await requireSegment(scope, segmentId)
  if (parsed.unitId !== null && !(await unitById(scope, parsed.unitId)))
    throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${parsed.unitId}.`, [
      { path: 'unitId', reason: 'unknown unit' },
    ])
  const values = { name: parsed.name, unit_id: parsed.unitId, tiers: JSON.stringify(parsed.tiers) }
  await scope.db.transaction().execute(async (trx) => {
    if (await segmentNameTaken(trx, scope.orgId, parsed.name, segmentId))
      throw new ConflictError('SEGMENT_NAME_TAKEN', `A segment named ${parsed.name} exists.`, [
        { path: 'name', reason: 'taken' },
      ])
    if (!(await updateSegment(trx, scope.orgId, segmentId, values)))
      throw new NotFoundError('SEGMENT_NOT_FOUND', `No customer segment ${segmentId}.`, [
        { path: 'segmentId', reason: 'unknown segment' },
      ])
    await recordAudit(trx, scope, {
      action: 'segment.update',
      entity: 'customer_segment',
      entityId: segmentId,
      // Flat, as the audit page reads a detail: the rules now and before, ids and codes only.
      detail: {
        renamed: before.name !== parsed.name,
        unitId: parsed.unitId,
        tiers: parsed.tiers,
        previousUnitId: before.unit_id,
        previousTiers: JSON.parse(before.tiers) as string[],
      },
    })
  })
  const after = await findSegment(scope.db, scope.orgId, segmentId)
  return customerSegmentOf(scope, after ?? { ...before, ...values })
}

/** Delete a segment no programme asks; SEGMENT_IN_USE (409) with the programmes otherwise. */
export async function deleteCustomerSegment(scope: Scope, segmentId: string): Promise<void> {
  requirePermission(scope.actor, 'distributions:write')
  await scope.db.transaction().execute(async (trx) => {
    const row = await requireSegment({ db: trx, orgId: scope.orgId }, segmentId)
    const programmes = await programmesAskingSegment({ db: trx, orgId: scope.orgId }, segmentId)
    if (programmes.length > 0)
      throw new ConflictError(
        'SEGMENT_IN_USE',
        `The segment ${row.name} is the audience of ${programmes.length} programme(s): ${programmes.map((p) => p.name).join(', ')}.`,
        [{ path: 'segmentId', reason: 'a programme asks this segment' }],
        { programmes },
      )
    await deleteSegment(trx, scope.orgId, segmentId)
    await recordAudit(trx, scope, {
      action: 'segment.delete',
      entity: 'customer_segment',
      entityId: segmentId,
      detail: { unitId: row.unit_id, tiers: JSON.parse(row.tiers) as string[] },
    })
  })
}
