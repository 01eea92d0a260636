import { cascadeTargetValues } from '../analytics/target-cascade.js'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { listUnits, unitById, type UnitRecord } from '../units/unit.service.js'
import { periodDays, periodType, previousPeriod } from './target-period.js'
import {
  deleteTargetRow,
  findTargetRow,
  listTargetRows,
  type TargetRow,
  upsertTargetRow,
} from './target.repository.js'
import {
  CascadeInputSchema,
  METRIC_RANGES,
  type TargetInput,
  TargetInputSchema,
  TargetListQuerySchema,
  type TargetMetric,
  type TargetRecord,
} from './target.schema.js'
import { rollupFigures, type UnitFigureReader } from './unit-figures.js'

export type { TargetRecord } from './target.schema.js'

/** Target ids are `tgt_` and a UUIDv7. */
function newTargetId(now: number): string {
  return `tgt_${newId(now)}`
}

export function toTargetRecord(row: TargetRow): TargetRecord {
  return {
    id: row.id,
    unitId: row.unitId,
    metric: row.metric as TargetMetric,
    periodType: row.periodType as TargetRecord['periodType'],
    period: row.period,
    value: row.value,
    origin: row.origin as TargetRecord['origin'],
    cascadedFrom: row.cascadedFrom,
    updatedAt: row.updatedAt,
  }
}

/** A target value the metric cannot reach is refused (NPS −100…100, CSAT 0…100, CES 1…7). */
function requireInRange(metric: TargetMetric, value: number): void {
  const [lo, hi] = METRIC_RANGES[metric]
  if (!(Number.isFinite(value) && value >= lo && value <= hi)) {
    throw new ValidationError(
      'TARGET_OUT_OF_RANGE',
      `A ${metric} target must lie within ${lo}…${hi}, got ${value}.`,
      [
        {
          path: 'value',
          reason: `must lie within ${lo}…${hi}`,
          allowed: `${lo}–${hi}`,
          rule: 'invalid',
        },
      ],
      { metric, min: lo, max: hi },
    )
  }
}

/** The unit, if it exists in this organisation and within the actor's units; else UNIT_NOT_FOUND. */
async function requireUnitInScope(scope: Scope, unitId: string): Promise<UnitRecord> {
  const unit = await unitById(scope, unitId)
  if (!unit || !isRecordWithinUnits(scope, unit.id)) {
    throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${unitId} in this organisation.`, [], {
      id: unitId,
    })
  }
  return unit
}

/** Set (or replace) a unit's target for one metric and period by hand. */
export async function setTarget(scope: Scope, input: unknown): Promise<TargetRecord> {
  requirePermission(scope.actor, 'targets:write')
  const body = parseInput(TargetInputSchema, input, 'target')
  requireInRange(body.metric, body.value)
  await requireUnitInScope(scope, body.unitId)
  return scope.db.transaction().execute(async (trx) => {
    const row = await upsertTargetRow(trx, {
      id: newTargetId(scope.now),
      orgId: scope.orgId,
      unitId: body.unitId,
      metric: body.metric,
      periodType: periodType(body.period),
      period: body.period,
      value: body.value,
      origin: 'manual',
      cascadedFrom: null,
      createdBy: scope.actor.id,
      createdAt: scope.now,
      updatedAt: scope.now,
    })
    await recordAudit(trx, scope, {
      action: 'target.set',
      entity: 'target',
      entityId: row.id,
      detail: { unitId: row.unitId, metric: row.metric, period: row.period, value: row.value },
    })
    return toTargetRecord(row)
  })
}

/** Targets, optionally of one period, metric or unit; only those of units within the actor's. */
export async function listTargets(scope: Scope, query: unknown = {}): Promise<TargetRecord[]> {
  requirePermission(scope.actor, 'responses:read')
  const filter = parseInput(TargetListQuerySchema, query, 'query')
  const rows = await listTargetRows(scope.db, scope.orgId, {
    period: filter.period,
    metric: filter.metric,
    unitIds: filter.unitId ? [filter.unitId] : undefined,
  })
  return rows.filter((row) => isRecordWithinUnits(scope, row.unitId)).map(toTargetRecord)
}

async function requireTarget(scope: Scope, id: string): Promise<TargetRow> {
  const row = await findTargetRow(scope.db, scope.orgId, id)
  if (!row || !isRecordWithinUnits(scope, row.unitId)) {
    throw new NotFoundError('TARGET_NOT_FOUND', `No target ${id} in this organisation.`, [], { id })
  }
  return row
}

export async function deleteTarget(scope: Scope, id: string): Promise<void> {
  requirePermission(scope.actor, 'targets:write')
  const row = await requireTarget(scope, id)
  await scope.db.transaction().execute(async (trx) => {
    await deleteTargetRow(trx, scope.orgId, id)
    await recordAudit(trx, scope, {
      action: 'target.delete',
      entity: 'target',
      entityId: id,
      detail: { unitId: row.unitId, metric: row.metric, period: row.period },
    })
  })
}

/**
 * Cascade a target to the units below its unit (the tree as it stands now): `same` gives each
 * child the parent's value; `weighted` gives children targets that keep their spread in the
 * previous period and whose volume-weighted mean equals the parent's (target-cascade.ts), level
 * by level. `depth: 'children'` stops after one level. Children's existing targets for that
 * metric and period are replaced; returns the targets written, parent first.
 */
export async function cascadeTarget(
  scope: Scope,
  targetId: string,
  input: unknown,
  figures: UnitFigureReader = rollupFigures,
): Promise<TargetRecord[]> {
  requirePermission(scope.actor, 'targets:write')
  const options = parseInput(CascadeInputSchema, input ?? {}, 'cascade')
  const root = await requireTarget(scope, targetId)
  const metric = root.metric as TargetMetric
  const units = await listUnits(scope, { at: scope.now })
  const children = new Map<string, UnitRecord[]>()
  for (const unit of units) {
    if (unit.parentId === null || unit.closedAt !== null) continue
    const list = children.get(unit.parentId)
    if (list) list.push(unit)
    else children.set(unit.parentId, [unit])
  }
  let baselines = new Map<string, { value: number | null; n: number }>()
  if (options.mode === 'weighted') {
    const { fromDay, toDay } = periodDays(previousPeriod(root.period))
    const figureByUnit = await figures(scope, {
      metric,
      fromDay,
      toDay,
      unitIds: units.filter((u) => u.closedAt === null && u.parentId !== null).map((u) => u.id),
    })
    baselines = new Map([...figureByUnit].map(([id, f]) => [id, { value: f.value, n: f.n }]))
  }
  const written: TargetRow[] = [root]
  await scope.db.transaction().execute(async (trx) => {
    const queue: Array<{ row: TargetRow; level: number }> = [{ row: root, level: 0 }]
    while (queue.length > 0) {
      const { row: parent, level } = queue.shift()!
      if (options.depth === 'children' && level >= 1) continue
      const kids = (children.get(parent.unitId) ?? []).filter((u) =>
        isRecordWithinUnits(scope, u.id),
      )
      if (kids.length === 0) continue
      const values = cascadeTargetValues(
        parent.value,
        kids.map((kid) => {
          const b = baselines.get(kid.id)
          return { baseline: b?.value ?? null, weight: b?.n ?? 0 }
        }),
        METRIC_RANGES[metric],
        options.mode,
      )
      for (const [i, kid] of kids.entries()) {
        const row = await upsertTargetRow(trx, {
          id: newTargetId(scope.now),
          orgId: scope.orgId,
          unitId: kid.id,
          metric,
          periodType: parent.periodType,
          period: parent.period,
          value: values[i]!,
          origin: 'cascade',
          cascadedFrom: parent.id,
          createdBy: scope.actor.id,
          createdAt: scope.now,
          updatedAt: scope.now,
        })
        written.push(row)
        queue.push({ row, level: level + 1 })
      }
    }
    await recordAudit(trx, scope, {
      action: 'target.cascade',
      entity: 'target',
      entityId: root.id,
      detail: { mode: options.mode, depth: options.depth, written: written.length - 1 },
    })
  })
  return written.map(toTargetRecord)
}

export type { TargetInput }
