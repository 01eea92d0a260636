import { z } from 'zod'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { DateRangeSchema } from '../shared/date-range-preset.js'
import { NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { parseInput } from '../shared/validation.js'
import { getSurvey } from '../surveys/survey.service.js'
import type { TableLimits } from '../tabular/tabular.service.js'
import { analysisRunner } from './analysis-runners.js'
import { ANALYSIS_METHODS, AnalysisFilterSchema, AnalysisOptionsSchema } from './analysis.schema.js'
import { analyseRequest } from './analysis.service.js'
import {
  deleteSavedAnalysisRow,
  findSavedAnalysisRow,
  insertSavedAnalysisRow,
  listSavedAnalysisRows,
  type SavedAnalysisRow,
  updateSavedAnalysisRow,
} from './saved-analysis.repository.js'
import {
  RenameAnalysisBodySchema,
  RunSavedAnalysisBodySchema,
  SaveAnalysisBodySchema,
  type SavedAnalysis,
  type SavedAnalysisRun,
  SavedAnalysisSourceSchema,
} from './saved-analysis.schema.js'

export type { SavedAnalysis, SavedAnalysisRun } from './saved-analysis.schema.js'

const StoredSettingsSchema = z.object({
  options: AnalysisOptionsSchema,
  filters: z.array(AnalysisFilterSchema),
  period: DateRangeSchema.optional(),
})
const StoredUnitsSchema = z.array(z.string()).nullable()

const isoOf = (ms: number) => new Date(ms).toISOString()

function toSavedAnalysis(row: SavedAnalysisRow): SavedAnalysis {
  const settings = parseStoredJson(StoredSettingsSchema, row.options, 'saved_analyses.options')
  return {
    id: row.id,
    name: row.name,
    method: row.method,
    source: parseStoredJson(SavedAnalysisSourceSchema, row.source, 'saved_analyses.source'),
    options: settings.options,
    filters: settings.filters,
    ...(settings.period ? { period: settings.period } : {}),
    createdBy: row.createdBy,
    createdAt: isoOf(row.createdAt),
    updatedAt: isoOf(row.updatedAt),
    lastRunAt: row.lastRunAt === null ? null : isoOf(row.lastRunAt),
  }
}

/**
 * Whether the actor may see a saved analysis: anyone of the organisation when neither is limited
 * to units; a member limited to units sees only those saved by someone limited to units within
 * theirs (a definition saved for the whole organisation may name stores outside them).
 */
function isVisible(scope: Scope, row: SavedAnalysisRow): boolean {
  if (scope.units === undefined) return true
  const units = parseStoredJson(StoredUnitsSchema, row.units ?? 'null', 'saved_analyses.units')
  return units?.every((u) => scope.units!.includes(u)) ?? false
}

async function visibleRow(scope: Scope, id: string): Promise<SavedAnalysisRow> {
  const row = await findSavedAnalysisRow(scope.db, scope.orgId, id)
  if (!row || !isVisible(scope, row))
    throw new NotFoundError('SAVED_ANALYSIS_NOT_FOUND', `No saved analysis ${id}.`, [], { id })
  return row
}

/** Keep a workbench analysis (its source, method, options, filters and period) to run again. */
export async function saveAnalysis(scope: Scope, input: unknown): Promise<SavedAnalysis> {
  requirePermission(scope.actor, 'analyses:run')
  const body = parseInput(SaveAnalysisBodySchema, input, 'saved analysis')
  if (
    !analysisRunner(body.method) ||
    !(ANALYSIS_METHODS as readonly string[]).includes(body.method)
  )
    throw new ValidationError(
      'ANALYSIS_METHOD_NOT_FOUND',
      `Unknown analysis method "${body.method}".`,
      [
        {
          path: 'method',
          reason: `unknown method "${body.method}"`,
          allowed: ANALYSIS_METHODS.join(', '),
        },
      ],
    )
  if ('survey' in body.source) await getSurvey(scope, body.source.survey.id)
  const row: SavedAnalysisRow = {
    id: `san_${newId(scope.now)}`,
    orgId: scope.orgId,
    name: body.name,
    method: body.method,
    source: JSON.stringify(body.source),
    options: JSON.stringify({
      options: body.options,
      filters: body.filters,
      ...(body.period ? { period: body.period } : {}),
    }),
    units: scope.units === undefined ? null : JSON.stringify([...scope.units]),
    createdBy: scope.actor.id,
    createdAt: scope.now,
    updatedAt: scope.now,
    lastRunAt: null,
  }
  await scope.db.transaction().execute(async (trx) => {
    await insertSavedAnalysisRow(trx, row)
    await recordAudit(trx, scope, {
      action: 'analysis.save',
      entity: 'saved_analysis',
      entityId: row.id,
      detail: { method: row.method, name: row.name },
    })
  })
  return toSavedAnalysis(row)
}

/** The saved analyses the actor may see, the most recently changed first. */
export async function listSavedAnalyses(scope: Scope): Promise<SavedAnalysis[]> {
  requirePermission(scope.actor, 'analyses:run')
  const rows = await listSavedAnalysisRows(scope.db, scope.orgId)
  return rows.filter((row) => isVisible(scope, row)).map(toSavedAnalysis)
}

export async function renameSavedAnalysis(
  scope: Scope,
  id: string,
  input: unknown,
): Promise<SavedAnalysis> {
  requirePermission(scope.actor, 'analyses:run')
  const { name } = parseInput(RenameAnalysisBodySchema, input, 'rename')
  const row = await visibleRow(scope, id)
  await scope.db.transaction().execute(async (trx) => {
    await updateSavedAnalysisRow(trx, scope.orgId, id, { name, updatedAt: scope.now })
    await recordAudit(trx, scope, {
      action: 'analysis.rename',
      entity: 'saved_analysis',
      entityId: id,
      detail: { from: row.name, to: name },
    })
  })
  return toSavedAnalysis({ ...row, name, updatedAt: scope.now })
}

export async function deleteSavedAnalysis(scope: Scope, id: string): Promise<void> {
  requirePermission(scope.actor, 'analyses:run')
  const row = await visibleRow(scope, id)
  await scope.db.transaction().execute(async (trx) => {
    await deleteSavedAnalysisRow(trx, scope.orgId, id)
    await recordAudit(trx, scope, {
      action: 'analysis.delete',
      entity: 'saved_analysis',
      entityId: id,
      detail: { method: row.method, name: row.name },
    })
  })
}

/**
 * Run a saved analysis again on current data: a survey's answers as they are now (read within
 * the actor's units, as every export is), or the new file a file-based analysis is given; a
 * preset period moves on with the calendar.
 */
export async function runSavedAnalysis(
  scope: Scope,
  id: string,
  input: unknown,
  limits: TableLimits = {},
): Promise<SavedAnalysisRun> {
  requirePermission(scope.actor, 'analyses:run')
  const body = parseInput(RunSavedAnalysisBodySchema, input ?? {}, 'run')
  const row = await visibleRow(scope, id)
  const saved = toSavedAnalysis(row)
  if ('file' in saved.source && !body.file)
    throw new ValidationError(
      'VALIDATION_FAILED',
      `The saved analysis "${saved.name}" reads a file: give the file to run it on.`,
      [
        {
          path: 'file',
          reason: 'required',
          allowed: `a file laid out as ${saved.source.file.name}`,
        },
      ],
    )
  const outcome = await analyseRequest(
    scope,
    saved.method,
    {
      ...('survey' in saved.source ? { survey: saved.source.survey } : { file: body.file! }),
      options: saved.options,
      filters: saved.filters,
      ...(saved.period ? { period: saved.period } : {}),
    },
    limits,
  )
  await scope.db.transaction().execute(async (trx) => {
    await updateSavedAnalysisRow(trx, scope.orgId, id, { lastRunAt: scope.now })
    await recordAudit(trx, scope, {
      action: 'analysis.run',
      entity: 'saved_analysis',
      entityId: id,
      detail: { method: saved.method, rows: outcome.rows },
    })
  })
  return {
    analysis: { ...saved, lastRunAt: isoOf(scope.now) },
    period: outcome.period,
    rows: outcome.rows,
    result: outcome.result as Record<string, unknown>,
  }
}
