import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  getTransactionImportJob,
  startTransactionImportJob,
} from '../../customers/transaction-import-job.service.js'
import {
  TransactionImportJobQuerySchema,
  TransactionImportJobSchema,
} from '../../customers/transaction-import-job.schema.js'
import { ValidationError } from '../../shared/errors.js'
import { parseInput } from '../../shared/validation.js'
import { isUploadedFile, tableLimitsOf } from '../../tabular/table-upload.service.js'
import type { AppDeps } from '../deps.js'
import { permissionBeforeBody, scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })

/**
 * Transaction files of any size imported in the background. The raw file is the body
 * (application/octet-stream, streamed to a temp file by the parser responseFileRoutes installs on
 * the same instance), so nothing of it is held in memory or inflated by base64.
 */
export function transactionImportJobRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['customers']

  app.post<{ Querystring: Record<string, string> }>(
    '/api/v1/customer-transactions/import-jobs',
    {
      config: { permission: 'contacts:write' },
      preParsing: permissionBeforeBody('contacts:write'),
      schema: {
        tags,
        summary:
          'Import a transaction file (CSV/XLSX, a million rows) sent as the raw body in the background: idempotent on the transaction id, all-or-nothing or skip-invalid, answered 202 with a job to poll',
        querystring: TransactionImportJobQuerySchema,
        consumes: ['application/octet-stream'],
        response: { 202: TransactionImportJobSchema },
      },
      // From the configuration (MANYI_IMPORT_MAX_BYTES): the streaming upload parser enforces it with 413 FILE_TOO_LARGE.
      bodyLimit: deps.config.importMaxBytes,
    },
    async (request, reply) => {
      const query = parseInput(TransactionImportJobQuerySchema, request.query, 'query')
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
      return startTransactionImportJob(
        scopeOf(deps, request),
        deps.transactionImports,
        { name: query.file, path: request.body.claim() },
        options,
        tableLimitsOf(deps.config),
      )
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/customer-transactions/import-jobs/:id',
    {
      config: { permission: 'contacts:write' },
      schema: {
        tags,
        summary:
          'A transaction import: phase (reading, checking, writing, done, failed), rows done of total, and the report when done',
        params: IdParams,
        response: { 200: TransactionImportJobSchema },
      },
    },
    async (request) =>
      getTransactionImportJob(scopeOf(deps, request), deps.transactionImports, request.params.id),
  )
}
