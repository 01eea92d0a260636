import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { ANALYSIS_FILE_MAX_BYTES } from '../../analyses/analysis.schema.js'
import { exportResponses, ExportQuerySchema } from '../../responses/response-files.service.js'
import { importResponses, ImportOptionsSchema } from '../../responses/response-files.service.js'
import { getImportJob, startImportJob } from '../../responses/import-job.service.js'
import { ValidationError } from '../../shared/errors.js'
import { parseInput } from '../../shared/validation.js'
import { tableFromBytes } from '../../tabular/tabular.service.js'
import {
  inMemoryTableLimitsOf,
  installFileUploadParser,
  isUploadedFile,
  tableLimitsOf,
} from '../../tabular/table-upload.service.js'
import type { AppDeps } from '../deps.js'
import { permissionBeforeBody, scopeOf } from '../plugins/auth.js'
import { sendDownload } from '../send-download.js'
import { ImportJobSchema, ImportReportSchema } from '../../responses/response-files.schema.js'
import { fileResponse, TABLE_FILE_TYPES } from '../openapi-responses.js'

const IdParams = z.object({ id: z.string() })
const ImportBodySchema = z.object({
  file: z.object({
    name: z.string().regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx'),
    contentBase64: z.string().min(1),
  }),
  options: ImportOptionsSchema.default({
    mapping: {},
    mode: 'all-or-nothing',
    channel: 'import',
    segmentColumns: [],
  }),
})

const ImportJobQuerySchema = z.object({
  file: z.string().regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx'),
  /** ImportOptions as JSON (mapping, mode, channel, idColumn, submittedAtColumn, segmentColumns). */
  options: z.string().max(20_000).optional(),
})

export function responseFileRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['responses']

  // The raw file as the body, streamed to a temp file: no base64 inflation, nothing of it held in memory.
  installFileUploadParser(app)

  app.post<{ Params: { id: string }; Querystring: Record<string, string> }>(
    '/api/v1/surveys/:id/responses/import-jobs',
    {
      config: { permission: 'surveys:write' },
      preParsing: permissionBeforeBody('surveys:write'),
      schema: {
        tags,
        summary:
          'Import a large CSV/XLSX file sent as the raw body (application/octet-stream) in the background; answered 202 with a job to poll',
        params: IdParams,
        querystring: ImportJobQuerySchema,
        consumes: ['application/octet-stream'],
        response: { 202: ImportJobSchema },
      },
      // From the configuration (MANYI_IMPORT_MAX_BYTES): the streaming upload parser enforces it with 413 FILE_TOO_LARGE.
      bodyLimit: deps.config.importMaxBytes,
    },
    async (request, reply) => {
      const query = parseInput(ImportJobQuerySchema, request.query, 'query')
      if (!isUploadedFile(request.body) || request.body.bytes === 0) {
        throw new ValidationError(
          'VALIDATION_FAILED',
          'Send the file as the request body with content-type application/octet-stream.',
          [{ path: 'body', reason: 'no file bytes', allowed: 'application/octet-stream' }],
        )
      }
      let options: unknown = {}
      try {
        options = query.options ? JSON.parse(query.options) : {}
      } catch {
        throw new ValidationError('VALIDATION_FAILED', 'The options are not valid JSON.', [
          { path: 'options', reason: 'not valid JSON' },
        ])
      }
      reply.status(202)
      return startImportJob(
        scopeOf(deps, request),
        deps.importJobs,
        request.params.id,
        { name: query.file, path: request.body.claim() },
        options,
        tableLimitsOf(deps.config),
      )
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/import-jobs/:id',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary:
          'Phase (reading, checking, writing, done, failed), rows done of total, and the report when done',
        params: IdParams,
        response: { 200: ImportJobSchema },
      },
    },
    async (request) => getImportJob(scopeOf(deps, request), deps.importJobs, request.params.id),
  )

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>(
    '/api/v1/surveys/:id/responses/export',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary:
          'All answers as CSV (UTF-8 with BOM) or XLSX with zh/en labels; formula-like cells neutralised',
        params: IdParams,
        querystring: ExportQuerySchema,
        response: { 200: fileResponse('The answers as a spreadsheet', TABLE_FILE_TYPES) },
      },
    },
    async (request, reply) =>
      sendDownload(
        reply,
        await exportResponses(scopeOf(deps, request), request.params.id, request.query),
      ),
  )

  app.post<{ Params: { id: string } }>(
    '/api/v1/surveys/:id/responses/import',
    {
      config: { permission: 'surveys:write' },
      preParsing: permissionBeforeBody('surveys:write'),
      schema: {
        tags,
        summary:
          'Import answers from a CSV/XLSX file (base64): mapping, all-or-nothing or skip-invalid, a report per row',
        params: IdParams,
        body: ImportBodySchema,
        response: { 200: ImportReportSchema },
      },
      bodyLimit: Math.ceil(ANALYSIS_FILE_MAX_BYTES * 1.4),
    },
    async (request) => {
      const body = parseInput(ImportBodySchema, request.body, 'import request')
      const table = await tableFromBytes(
        body.file.name,
        Buffer.from(body.file.contentBase64, 'base64'),
        inMemoryTableLimitsOf(deps.config),
      )
      return importResponses(scopeOf(deps, request), request.params.id, table, body.options)
    },
  )
}
