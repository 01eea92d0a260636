import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { ANALYSIS_FILE_MAX_BYTES } from '../../analyses/analysis.schema.js'
import { exportResponses, ExportQuerySchema } from '../../responses/response-export.js'
import { importResponses, ImportOptionsSchema } from '../../responses/response-import.js'
import { parseInput } from '../../shared/validation.js'
import { tableFromBytes } from '../../tabular/read-table.js'
import type { AppDeps } from '../app.js'
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
const ImportBodySchema = z.object({
  file: z.object({ name: z.string().regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx'), contentBase64: z.string().min(1) }),
  options: ImportOptionsSchema.default({ mapping: {}, mode: 'all-or-nothing', channel: 'import', segmentColumns: [] }),
})

export function responseFileRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['responses']

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>(
    '/api/v1/surveys/:id/responses/export',
    { schema: { tags, summary: 'All answers as CSV (UTF-8 with BOM) or XLSX with zh/en labels; formula-like cells neutralised', params: IdParams, querystring: ExportQuerySchema } },
    async (request, reply) => {
      const result = await exportResponses(scopeOf(deps, request), request.params.id, request.query)
      reply.header('content-disposition', `attachment; filename="${result.filename}"`)
      return reply.type(result.contentType).send(result.body)
    },
  )

  app.post<{ Params: { id: string } }>(
    '/api/v1/surveys/:id/responses/import',
    {
      schema: { tags, summary: 'Import answers from a CSV/XLSX file (base64): mapping, all-or-nothing or skip-invalid, a report per row', params: IdParams, body: ImportBodySchema },
      bodyLimit: Math.ceil(ANALYSIS_FILE_MAX_BYTES * 1.4),
    },
    async (request) => {
      const body = parseInput(ImportBodySchema, request.body, 'import request')
      const table = await tableFromBytes(body.file.name, Buffer.from(body.file.contentBase64, 'base64'))
      return importResponses(scopeOf(deps, request), request.params.id, table, body.options)
    },
  )
}
