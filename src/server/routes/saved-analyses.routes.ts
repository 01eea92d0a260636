import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { exportAnalysisResult } from '../../analyses/analysis-export.service.js'
import { AnalysisExportBodySchema } from '../../analyses/analysis-export.schema.js'
import { ANALYSIS_FILE_MAX_BYTES } from '../../analyses/analysis.schema.js'
import {
  deleteSavedAnalysis,
  listSavedAnalyses,
  renameSavedAnalysis,
  runSavedAnalysis,
  saveAnalysis,
} from '../../analyses/saved-analysis.service.js'
import {
  RenameAnalysisBodySchema,
  RunSavedAnalysisBodySchema,
  SaveAnalysisBodySchema,
  SavedAnalysisListSchema,
  SavedAnalysisRunSchema,
  SavedAnalysisSchema,
} from '../../analyses/saved-analysis.schema.js'
import { setUserPreferences, userPreferences } from '../../auth/user-preference.service.js'
import {
  UserPreferencesBodySchema,
  UserPreferencesSchema,
} from '../../auth/user-preference.schema.js'
import { inMemoryTableLimitsOf } from '../../tabular/table-upload.service.js'
import type { AppDeps } from '../deps.js'
import { fileResponse, NO_CONTENT } from '../openapi-responses.js'
import { scopeOf } from '../plugins/auth.js'
import { sendDownload } from '../send-download.js'

const tags = ['analyses']
const IdParams = z.object({ id: z.string().min(1).max(64) })
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Saved workbench analyses, the workbench's XLSX export, and each person's preferences. */
export function savedAnalysisRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/v1/saved-analyses',
    {
      config: { permission: 'analyses:run' },
      schema: {
        tags,
        summary: 'The saved analyses the caller may see, the most recently changed first',
        response: { 200: SavedAnalysisListSchema },
      },
    },
    async (request) => ({ analyses: await listSavedAnalyses(scopeOf(deps, request)) }),
  )
  app.post(
    '/api/v1/saved-analyses',
    {
      config: { permission: 'analyses:run' },
      schema: {
        tags,
        summary: 'Save a workbench analysis (source, method, options, filters, period)',
        body: SaveAnalysisBodySchema,
        response: { 201: SavedAnalysisSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await saveAnalysis(scopeOf(deps, request), request.body)),
  )
  app.patch<{ Params: { id: string } }>(
    '/api/v1/saved-analyses/:id',
    {
      config: { permission: 'analyses:run' },
      schema: {
        tags,
        summary: 'Rename a saved analysis',
        params: IdParams,
        body: RenameAnalysisBodySchema,
        response: { 200: SavedAnalysisSchema },
      },
    },
    async (request) => renameSavedAnalysis(scopeOf(deps, request), request.params.id, request.body),
  )
  app.delete<{ Params: { id: string } }>(
    '/api/v1/saved-analyses/:id',
    {
      config: { permission: 'analyses:run' },
      schema: {
        tags,
        summary: 'Delete a saved analysis',
        params: IdParams,
        response: { 204: NO_CONTENT },
      },
    },
    async (request, reply) => {
      await deleteSavedAnalysis(scopeOf(deps, request), request.params.id)
      return reply.status(204).send()
    },
  )
  app.post<{ Params: { id: string } }>(
    '/api/v1/saved-analyses/:id/run',
    {
      config: { permission: 'analyses:run' },
      schema: {
        tags,
        summary:
          'Run a saved analysis again on current data (a survey’s answers now; a file-based one on the file given)',
        params: IdParams,
        body: RunSavedAnalysisBodySchema,
        response: { 200: SavedAnalysisRunSchema },
      },
      bodyLimit: Math.ceil(ANALYSIS_FILE_MAX_BYTES * 1.4),
    },
    async (request) =>
      runSavedAnalysis(
        scopeOf(deps, request),
        request.params.id,
        request.body ?? {},
        inMemoryTableLimitsOf(deps.config),
      ),
  )
  app.post(
    '/api/v1/analyses/export',
    {
      config: { permission: 'analyses:run' },
      schema: {
        tags,
        summary:
          'An analysis’s result tables (as the workbench shows them) as an XLSX workbook; formula-like cells neutralised',
        body: AnalysisExportBodySchema,
        response: { 200: fileResponse('The result tables as a workbook', [XLSX]) },
      },
      bodyLimit: 8 * 1024 * 1024,
    },
    async (request, reply) =>
      sendDownload(reply, await exportAnalysisResult(scopeOf(deps, request), request.body)),
  )
  app.get(
    '/api/v1/me/preferences',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['account'],
        summary: 'The caller’s preferences in this organisation (the shared date range)',
        response: { 200: UserPreferencesSchema },
      },
    },
    async (request) => userPreferences(scopeOf(deps, request)),
  )
  app.put(
    '/api/v1/me/preferences',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['account'],
        summary: 'Keep the caller’s preferences given (others stay as they were)',
        body: UserPreferencesBodySchema,
        response: { 200: UserPreferencesSchema },
      },
    },
    async (request) => setUserPreferences(scopeOf(deps, request), request.body),
  )
}
