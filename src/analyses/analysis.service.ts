import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { NotFoundError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { tableFromBytes, type TableLimits } from '../tabular/tabular.service.js'
import type { AnalyzeOptions } from './analysis-options.js'
import { analysisRunner } from './analysis-runners.js'
import { ANALYSIS_METHODS, AnalysisRequestSchema } from './analysis.schema.js'

/** Run one analysis on an uploaded CSV/XLSX file; nothing is stored. */
export async function runAnalysis(
  scope: Scope,
  method: string,
  body: unknown,
  limits: TableLimits = {},
): Promise<unknown> {
  requirePermission(scope.actor, 'analyses:run')
  const run = analysisRunner(method)
  if (!run) {
    throw new NotFoundError('ANALYSIS_METHOD_NOT_FOUND', `Unknown analysis method "${method}".`, [
      {
        path: 'method',
        reason: `unknown method "${method}"`,
        allowed: ANALYSIS_METHODS.join(', '),
      },
    ])
  }
  const request = parseInput(AnalysisRequestSchema, body, 'analysis request')
  const options = Object.fromEntries(
    Object.entries(request.options).map(([key, value]) => [
      key,
      typeof value === 'number' || typeof value === 'boolean' ? String(value) : value,
    ]),
  ) as unknown as AnalyzeOptions
  const table = await tableFromBytes(
    request.file.name,
    Buffer.from(request.file.contentBase64, 'base64'),
    { encoding: options.encoding, sheet: options.sheet, ...limits },
  )
  // No readModelFile: over HTTP a model comes inline, never as a path on the server.
  return run(table, options, {})
}
