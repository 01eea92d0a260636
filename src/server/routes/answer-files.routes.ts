import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AnswerPath } from '../../responses/answer-path.js'
import {
  AnsweredFileListSchema,
  UploadedFileSchema,
} from '../../responses/response-upload.schema.js'
import {
  downloadResponseFile,
  listSurveyFiles,
  uploadAnswerFile,
} from '../../responses/response-upload.service.js'
import { ValidationError } from '../../shared/errors.js'
import { UPLOAD_MAX_MB } from '../../surveys/survey.schema.js'
import type { AppDeps } from '../deps.js'
import { fileResponse } from '../openapi-responses.js'
import { scopeOf } from '../plugins/auth.js'

type UploadRequest = { Params: { slug: string; question: string } }

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function decodedName(value: string | undefined): string {
  if (!value) return 'upload'
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/**
 * The public upload of a file_upload question's file (raw body): answered with the file's id,
 * which the answer then names. Registered in its own context inside the public answer API, so
 * only this route reads raw bytes.
 */
export async function answerUploadRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const path: AnswerPath = {
    store: deps.store,
    openSurveys: deps.caches.openSurveys,
    linkSecrets: deps.caches.linkSecrets,
    writer: deps.responseWriter,
    wakeJobs: deps.wakeJobs,
  }
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_r, body, done) =>
    done(null, body),
  )
  app.post<UploadRequest>(
    '/api/v1/public/surveys/:slug/files/:question',
    {
      config: {
        permission: 'public',
        rateLimit: { max: deps.config.publicRateLimit, timeWindow: '1 minute' },
      },
      // The largest any question may allow; each question's own limit is checked by the service.
      bodyLimit: UPLOAD_MAX_MB * 1024 * 1024,
      schema: {
        tags: ['public'],
        summary:
          "Upload a file for a file upload question (raw body); the answer names the returned id. Idempotent per Idempotency-Key: a retry stores nothing and answers with the file stored first. The file's kind is told by its content.",
        params: z.object({ slug: z.string(), question: z.string() }),
        consumes: ['application/octet-stream'],
        headers: z.object({
          'idempotency-key': z.string().meta({ description: '8–200 of A–Z a–z 0–9 _ . -' }),
          'x-file-name': z.string().optional().meta({ description: 'URI-encoded file name' }),
        }),
        response: { 201: UploadedFileSchema },
      },
    },
    async (request, reply) => {
      const key = headerText(request.headers['idempotency-key'])
      if (!key || !Buffer.isBuffer(request.body))
        throw new ValidationError('VALIDATION_FAILED', 'Send the file with an Idempotency-Key.', [
          !key
            ? { path: 'Idempotency-Key', reason: 'is required' }
            : { path: 'body', reason: 'no file bytes', allowed: 'application/octet-stream' },
        ])
      const now = deps.clock()
      const file = await uploadAnswerFile(
        path,
        request.params.slug,
        {
          questionKey: request.params.question,
          uploadKey: key,
          filename: decodedName(headerText(request.headers['x-file-name'])),
          data: request.body,
        },
        now,
      )
      return reply.status(201).send(file)
    },
  )
}

/** ASCII fallback and RFC 5987 form of a stored (already cleaned) file name. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

/** Administrators' list and download of the files of a survey's answers. */
export function responseFileAdminRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['responses']
  app.get<{ Params: { id: string } }>(
    '/api/v1/surveys/:id/files',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: "The files uploaded with a survey's answers, newest first (at most 200)",
        params: z.object({ id: z.string() }),
        response: { 200: AnsweredFileListSchema },
      },
    },
    async (request) => ({
      files: await listSurveyFiles(scopeOf(deps, request), request.params.id),
    }),
  )
  app.get<{ Params: { id: string } }>(
    '/api/v1/response-files/:id',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'Download a file of an answer (always as an attachment; the download is audited)',
        params: z.object({ id: z.string() }),
        response: { 200: fileResponse('The file as uploaded', ['application/octet-stream']) },
      },
    },
    async (request, reply) => {
      const file = await downloadResponseFile(scopeOf(deps, request), request.params.id)
      // Saved, never shown in the app's origin; even opened directly, nothing in it may run.
      return reply
        .header('content-disposition', contentDisposition(file.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .type(file.contentType)
        .send(file.data)
    },
  )
}
