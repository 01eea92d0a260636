import { type MaturityResult, scoreMaturity } from '../analytics/maturity-stage.js'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import { isRecordWithinUnits, recordsWithinUnits, type Scope } from '../db/scope.js'
import { NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { listUnitOutline, unitById } from '../units/unit.service.js'
import {
  MATURITY_DIMENSIONS,
  MATURITY_INSTRUMENT_VERSION,
  MATURITY_STAGE_NAMES,
} from './maturity-instrument.js'
import {
  type AssessmentRow,
  findAssessmentRow,
  insertAssessmentRow,
  listAssessmentRows,
  swapAssessmentPlans,
  updateAssessmentRow,
} from './maturity.repository.js'
import {
  type Assessment,
  AssessmentCreateSchema,
  AssessmentListQuerySchema,
  AssessmentUpdateSchema,
  type Instrument,
} from './maturity.schema.js'

/**
 * Service maturity self-assessments of units (issue 19): taken and edited by those who manage a
 * unit (maturity:assess), read within the caller's units (a unit manager sees their subtree),
 * kept per unit over time. The stage and gaps come from analytics/maturity-stage.ts.
 */

const STAGED = MATURITY_DIMENSIONS.map((d) => ({ key: d.key, items: d.items.map((i) => i.key) }))

export function scoreRatings(ratings: Readonly<Record<string, number>>): MaturityResult {
  return scoreMaturity(STAGED, ratings)
}

export function maturityInstrument(scope: Scope): Instrument {
  requirePermission(scope.actor, 'units:read')
  return {
    version: MATURITY_INSTRUMENT_VERSION,
    stages: ([1, 2, 3, 4] as const).map((stage) => ({ stage, name: MATURITY_STAGE_NAMES[stage] })),
    dimensions: MATURITY_DIMENSIONS.map((d) => ({
      key: d.key,
      name: d.name,
      items: d.items.map((i) => ({ key: i.key, title: i.title, anchors: [...i.anchors] })),
    })),
  }
}

type UnitNames = Map<string, Assessment['unit']>

async function unitNames(scope: Scope): Promise<UnitNames> {
  const units = await listUnitOutline(scope)
  return new Map(units.map((u) => [u.id, { code: u.code, nameZh: u.nameZh, nameEn: u.nameEn }]))
}

export function toAssessment(row: AssessmentRow, names: UnitNames): Assessment {
  const result = scoreRatings(row.ratings)
  return {
    id: row.id,
    unitId: row.unitId,
    unit: names.get(row.unitId) ?? { code: '', nameZh: row.unitId, nameEn: null },
    instrument: row.instrument,
    assessedOn: row.assessedOn,
    ratings: row.ratings,
    note: row.note,
    stage: result.stage,
    nextStage: result.nextStage,
    dimensions: result.dimensions,
    gaps: result.gaps.map((g) => ({ ...g, planId: madePlanId(row.plans[g.dimension]) })),
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

export function assessmentNotFound(id: string): NotFoundError {
  return new NotFoundError('MATURITY_ASSESSMENT_NOT_FOUND', `No maturity assessment ${id}.`, [], {
    id,
  })
}

/** An assessment the caller may see (MATURITY_ASSESSMENT_NOT_FOUND otherwise, also outside their units). */
export async function requireAssessment(db: Db, scope: Scope, id: string): Promise<AssessmentRow> {
  const row = await findAssessmentRow(db, scope.orgId, id)
  if (!row || !isRecordWithinUnits(scope, row.unitId)) throw assessmentNotFound(id)
  return row
}

async function requireUnit(scope: Scope, unitId: string): Promise<void> {
  const unit = await unitById(scope, unitId)
  if (!unit || !isRecordWithinUnits(scope, unitId)) {
    throw new ValidationError(
      'UNIT_NOT_FOUND',
      `No unit ${unitId}.`,
      [{ path: 'unitId', reason: 'no such unit', rule: 'invalid' }],
      { id: unitId },
    )
  }
}

/** The assessments of the caller's units (or of one of them), newest first. */
export async function listAssessments(scope: Scope, query: unknown): Promise<Assessment[]> {
  requirePermission(scope.actor, 'units:read')
  const q = parseInput(AssessmentListQuerySchema, query, 'query')
  const within = recordsWithinUnits(scope)
  const unitIds = q.unitId ? (within && !within.includes(q.unitId) ? [''] : [q.unitId]) : within
  const [rows, names] = await Promise.all([
    listAssessmentRows(scope.db, scope.orgId, unitIds),
    unitNames(scope),
  ])
  return rows.map((r) => toAssessment(r, names))
}

export async function getAssessment(scope: Scope, id: string): Promise<Assessment> {
  requirePermission(scope.actor, 'units:read')
  const row = await requireAssessment(scope.db, scope, id)
  return toAssessment(row, await unitNames(scope))
}

export async function createAssessment(scope: Scope, input: unknown): Promise<Assessment> {
  requirePermission(scope.actor, 'maturity:assess')
  const body = parseInput(AssessmentCreateSchema, input, 'assessment')
  await requireUnit(scope, body.unitId)
  const result = scoreRatings(body.ratings)
  const row: AssessmentRow = {
    id: `mat_${newId(scope.now)}`,
    orgId: scope.orgId,
    unitId: body.unitId,
    instrument: MATURITY_INSTRUMENT_VERSION,
    assessedOn: body.assessedOn,
    ratings: body.ratings,
    stage: result.stage,
    note: body.note || null,
    plans: {},
    createdBy: scope.actor.id,
    createdAt: scope.now,
    updatedBy: scope.actor.id,
    updatedAt: scope.now,
  }
  await scope.db.transaction().execute(async (trx) => {
    await insertAssessmentRow(trx, row)
    await recordAudit(trx, scope, {
      action: 'maturity.assessment.create',
      entity: 'maturity_assessment',
      entityId: row.id,
      detail: { unitId: row.unitId, assessedOn: row.assessedOn, stage: row.stage },
    })
  })
  return toAssessment(row, await unitNames(scope))
}

/** New ratings (and day, note) for an assessment; its stage and gaps follow them. */
export async function updateAssessment(
  scope: Scope,
  id: string,
  input: unknown,
): Promise<Assessment> {
  requirePermission(scope.actor, 'maturity:assess')
  const body = parseInput(AssessmentUpdateSchema, input, 'assessment')
  const row = await scope.db.transaction().execute(async (trx) => {
    const stored = await requireAssessment(trx, scope, id)
    const changed: AssessmentRow = {
      ...stored,
      instrument: MATURITY_INSTRUMENT_VERSION,
      assessedOn: body.assessedOn ?? stored.assessedOn,
      ratings: body.ratings,
      stage: scoreRatings(body.ratings).stage,
      note: body.note === undefined ? stored.note : body.note || null,
      updatedBy: scope.actor.id,
      updatedAt: scope.now,
    }
    await updateAssessmentRow(trx, changed)
    await recordAudit(trx, scope, {
      action: 'maturity.assessment.update',
      entity: 'maturity_assessment',
      entityId: id,
      detail: { stageBefore: stored.stage, stage: changed.stage },
    })
    return changed
  })
  return toAssessment(row, await unitNames(scope))
}

/**
 * A gap's plan is made once (issue 19), also when "make a plan" is asked twice at once: the
 * request that makes it claims the gap in the assessment's plans column first, by compare-and-swap
 * (swapAssessmentPlans: of two requests reading the same column, one changes it), and makes the
 * plan and writes its id in the same transaction (maturity-gap-plan.service.ts). The claim is
 * never seen outside that transaction; a value with this prefix can only be one left by an older
 * version that claimed outside a transaction, and counts as no plan.
 */
const CLAIM_PREFIX = 'making:'

/** The id of the plan made from a gap, or null (none, or a claim left by an older version). */
export function madePlanId(value: string | undefined): string | null {
  return value && !value.startsWith(CLAIM_PREFIX) ? value : null
}

function stored(row: AssessmentRow): string {
  return row.storedPlans ?? JSON.stringify(row.plans)
}

/**
 * In the caller's transaction: the gap's plan already made (its id), or the gap claimed by this
 * transaction (claimed: true; settle it with settleGapPlan in the same transaction), or null: the
 * column changed since `row` was read (another gap's or this gap's plan was written meanwhile),
 * read the assessment again. On PostgreSQL the claim holds the row: a second request claiming
 * waits for the first to commit and then finds the column changed.
 */
export async function claimGapPlan(
  trx: Db,
  scope: Scope,
  row: AssessmentRow,
  dimension: string,
): Promise<{ planId: string } | { claimed: true } | null> {
  const made = madePlanId(row.plans[dimension])
  if (made) return { planId: made }
  const next = { ...row.plans, [dimension]: CLAIM_PREFIX }
  const won = await swapAssessmentPlans(trx, scope.orgId, row.id, stored(row), next)
  return won ? { claimed: true } : null
}

/** Replaces this transaction's claim on a gap with the plan made from it. */
export async function settleGapPlan(
  trx: Db,
  scope: Scope,
  row: AssessmentRow,
  dimension: string,
  planId: string,
): Promise<void> {
  const claimed = JSON.stringify({ ...row.plans, [dimension]: CLAIM_PREFIX })
  const next = { ...row.plans, [dimension]: planId }
  // The claim holds the row until the transaction ends: nothing else can have changed it.
  if (!(await swapAssessmentPlans(trx, scope.orgId, row.id, claimed, next)))
    throw new Error(`The claim on gap ${dimension} of assessment ${row.id} was lost.`)
}
