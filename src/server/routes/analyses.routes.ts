import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { listAnalysisColumns, runAnalysis } from '../../analyses/analysis.service.js'
import {
  AnalysisColumnsRequestSchema,
  AnalysisColumnsSchema,
  ANALYSIS_FILE_MAX_BYTES,
  ANALYSIS_METHODS,
  AnalysisRequestSchema,
  AnalysisResultSchema,
} from '../../analyses/analysis.schema.js'
import { inMemoryTableLimitsOf } from '../../tabular/table-upload.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

export function analysisRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post(
    '/api/v1/analyses/columns',
    {
      config: { permission: 'analyses:run' },
      schema: {
        tags: ['analyses'],
        summary:
          'The columns of an uploaded file (another tool’s export read in its layout) or of a survey’s answers, named by question, to pick in the workbench',
        body: AnalysisColumnsRequestSchema,
        response: { 200: AnalysisColumnsSchema },
      },
      bodyLimit: Math.ceil(ANALYSIS_FILE_MAX_BYTES * 1.4),
    },
    async (request) =>
      listAnalysisColumns(scopeOf(deps, request), request.body, inMemoryTableLimitsOf(deps.config)),
  )
  app.post<{ Params: { method: string } }>(
    '/api/v1/analyses/:method',
    {
      config: { permission: 'analyses:run' },
      schema: {
        tags: ['analyses'],
        summary: `Analyse an uploaded CSV/XLSX file (base64) or a survey’s answers ({survey: {id}}) with one of: ${ANALYSIS_METHODS.join(', ')}. Options and output as for manyi analyze (docs/cli.md).`,
        params: z.object({ method: z.enum(ANALYSIS_METHODS) }),
        body: AnalysisRequestSchema,
        response: { 200: AnalysisResultSchema },
      },
      // Base64 makes 10 MB of file about 13.4 MB of JSON.
      bodyLimit: Math.ceil(ANALYSIS_FILE_MAX_BYTES * 1.4),
    },
    async (request) =>
      runAnalysis(
        scopeOf(deps, request),
        request.params.method,
        request.body,
        inMemoryTableLimitsOf(deps.config),
      ),
  )
}
