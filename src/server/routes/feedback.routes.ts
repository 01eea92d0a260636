import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { importFeedback } from '../../feedback/feedback-intake.service.js'
import {
  FeedbackImportReportSchema,
  IMPORT_SOURCES,
  FeedbackInputSchema,
  FeedbackSchema,
  StoredFeedbackSchema,
} from '../../feedback/feedback.schema.js'
import { createFeedback, getAttachment, getFeedback } from '../../feedback/feedback.service.js'
import { parseInput } from '../../shared/validation.js'
import { tableFromBytes } from '../../tabular/tabular.service.js'
import { inMemoryTableLimitsOf } from '../../tabular/table-upload.service.js'
import type { AppDeps } from '../deps.js'
import { permissionBeforeBody, scopeOf } from '../plugins/auth.js'
import { fileResponse } from '../openapi-responses.js'

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }

const FeedbackImportSchema = z.object({
  /** The file's layout: Manyi's own, a platform's review export or a hotline's work orders (docs/feedback-imports.md). */
  source: z.enum(IMPORT_SOURCES).default('generic'),
  /** Manyi's own layout only: platform files are stored as social (reviews) or hotline (work orders). */
  channel: z.enum(['hotline', 'social']).default('hotline'),
  skipInvalid: z.boolean().default(false),
  file: z.object({
    name: z.string().regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx'),
    contentBase64: z.string().min(1),
  }),
})

export function feedbackRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['feedback']

  app.post(
    '/api/v1/feedback',
    {
      config: { permission: 'feedback:write' },
      schema: {
        tags,
        summary:
          'Feedback from any channel (a complaint opens a case); idempotent per channel and externalId',
        body: FeedbackInputSchema,
        response: { 200: StoredFeedbackSchema, 201: StoredFeedbackSchema },
      },
      bodyLimit: 8 * 1024 * 1024,
    },
    async (request, reply) => {
      const stored = await createFeedback(scopeOf(deps, request), request.body, {
        caseHorizonDays: deps.config.caseHorizonDays,
      })
      reply.status(stored.created ? 201 : 200)
      return stored
    },
  )

  app.post(
    '/api/v1/feedback/import',
    {
      config: { permission: 'feedback:write' },
      preParsing: permissionBeforeBody('feedback:write'),
      schema: {
        tags,
        summary:
          'Hotline records, social-media posts, Ctrip / Meituan-Dianping reviews or 95598 / 12345 work orders from CSV/XLSX; idempotent by the platform id; a report per row',
        body: FeedbackImportSchema,
        response: { 200: FeedbackImportReportSchema },
      },
      bodyLimit: 14 * 1024 * 1024,
    },
    async (request) => {
      const body = parseInput(FeedbackImportSchema, request.body, 'feedback import')
      const table = await tableFromBytes(
        body.file.name,
        Buffer.from(body.file.contentBase64, 'base64'),
        inMemoryTableLimitsOf(deps.config),
      )
      return importFeedback(scopeOf(deps, request), body.channel, table, {
        skipInvalid: body.skipInvalid,
        source: body.source,
        caseHorizonDays: deps.config.caseHorizonDays,
      })
    },
  )

  app.get<IdRequest>(
    '/api/v1/feedback/:id',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: 'One feedback record',
        params: IdParams,
        response: { 200: FeedbackSchema },
      },
    },
    async (request) => getFeedback(scopeOf(deps, request), request.params.id),
  )

  app.get<IdRequest>(
    '/api/v1/attachments/:id',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: 'Download an attachment',
        params: IdParams,
        response: {
          200: fileResponse('The attachment as it was uploaded', ['application/octet-stream']),
        },
      },
    },
    async (request, reply) => {
      const file = await getAttachment(scopeOf(deps, request), request.params.id)
      // Always a download, never rendered in the app's origin.
      reply
        .header(
          'content-disposition',
          `attachment; filename="${encodeURIComponent(file.filename)}"`,
        )
        .header('x-content-type-options', 'nosniff')
      return reply.type(file.contentType).send(file.data)
    },
  )
}
