import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  AppraisalComputeSchema,
  AppraisalExportQuerySchema,
  AppraisalFormulaCreateSchema,
  AppraisalFormulaListSchema,
  AppraisalFormulaSchema,
  AppraisalListQuerySchema,
  AppraisalMonthListSchema,
  AppraisalMonthSchema,
  AppraisalPreviewResultSchema,
  AppraisalPreviewSchema,
  AppraisalReviseSchema,
  DisputeAnswerSchema,
  DisputeCreateSchema,
  DisputeSchema,
  MyAppraisalListSchema,
} from '../../appraisal/appraisal.schema.js'
import {
  answerDispute,
  createDispute,
  myAppraisals,
} from '../../appraisal/appraisal-dispute.service.js'
import { exportMonth } from '../../appraisal/appraisal-export.service.js'
import {
  createFormula,
  listFormulas,
  previewFormula,
} from '../../appraisal/appraisal-formula.service.js'
import {
  approveMonth,
  computeMonth,
  getMonth,
  listMonths,
  reviseMonth,
} from '../../appraisal/appraisal-month.service.js'
import { parseInput } from '../../shared/validation.js'
import { TABLE_CONTENT_TYPES } from '../../tabular/table-download.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'
import { fileResponse } from '../openapi-responses.js'
import { sendDownload } from '../send-download.js'

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }

/**
 * Appraisal and incentives (issue 19): the versioned formula and its preview, monthly results of
 * a unit (draft, approved and locked, revised with a reason), the XLSX for payroll, and employees'
 * own results and disputes.
 */
export function appraisalRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['appraisal']

  app.get(
    '/api/v1/appraisal-formulas',
    {
      config: { permission: 'appraisal:manage' },
      schema: {
        tags,
        summary: 'Every version of the organisation’s appraisal formula, newest first',
        response: { 200: AppraisalFormulaListSchema },
      },
    },
    async (request) => ({ formulas: await listFormulas(scopeOf(deps, request)) }),
  )

  app.post(
    '/api/v1/appraisal-formulas',
    {
      config: { permission: 'appraisal:configure' },
      schema: {
        tags,
        summary: 'Save the formula as a new version (no version is ever rewritten)',
        body: AppraisalFormulaCreateSchema,
        response: { 201: AppraisalFormulaSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createFormula(scopeOf(deps, request), request.body)),
  )

  app.post(
    '/api/v1/appraisal-formulas/preview',
    {
      config: { permission: 'appraisal:manage' },
      schema: {
        tags,
        summary:
          'Score a unit’s month (last month by default) with a formula, saved or not; nothing is stored',
        body: AppraisalPreviewSchema,
        response: { 200: AppraisalPreviewResultSchema },
      },
    },
    async (request) => previewFormula(scopeOf(deps, request), request.body),
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/appraisals',
    {
      config: { permission: 'appraisal:manage' },
      schema: {
        tags,
        summary: 'Appraisal months of the caller’s units (every revision); ?unitId=, ?month=',
        querystring: AppraisalListQuerySchema,
        response: { 200: AppraisalMonthListSchema },
      },
    },
    async (request) => ({ months: await listMonths(scopeOf(deps, request), request.query) }),
  )

  app.post(
    '/api/v1/appraisals',
    {
      config: { permission: 'appraisal:manage' },
      schema: {
        tags,
        summary:
          'Score a unit’s month with the current formula as a draft, or recompute the draft (APPRAISAL_APPROVED once approved)',
        body: AppraisalComputeSchema,
        response: { 200: AppraisalMonthSchema },
      },
    },
    async (request) => computeMonth(scopeOf(deps, request), request.body),
  )

  app.get<IdRequest>(
    '/api/v1/appraisals/:id',
    {
      config: { permission: 'appraisal:manage' },
      schema: {
        tags,
        summary:
          'One revision of a month: its formula, every employee’s result with its inputs, disputes',
        params: IdParams,
        response: { 200: AppraisalMonthSchema },
      },
    },
    async (request) => getMonth(scopeOf(deps, request), request.params.id),
  )

  app.post<IdRequest>(
    '/api/v1/appraisals/:id/approve',
    {
      config: { permission: 'appraisal:manage' },
      schema: {
        tags,
        summary: 'Approve a draft: the month locks (APPRAISAL_APPROVED, APPRAISAL_SUPERSEDED)',
        params: IdParams,
        response: { 200: AppraisalMonthSchema },
      },
    },
    async (request) => approveMonth(scopeOf(deps, request), request.params.id),
  )

  app.post<IdRequest>(
    '/api/v1/appraisals/:id/revisions',
    {
      config: { permission: 'appraisal:manage' },
      schema: {
        tags,
        summary:
          'Change an approved month: a new draft revision with the reason, audited (APPRAISAL_NOT_APPROVED, APPRAISAL_SUPERSEDED)',
        params: IdParams,
        body: AppraisalReviseSchema,
        response: { 201: AppraisalMonthSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await reviseMonth(scopeOf(deps, request), request.params.id, request.body)),
  )

  app.get<IdRequest & { Querystring: Record<string, string> }>(
    '/api/v1/appraisals/:id/export',
    {
      config: { permission: 'appraisal:manage' },
      schema: {
        tags,
        summary: 'The month as XLSX for payroll (formula-safe cells; ?locale=zh-CN|en-US); audited',
        params: IdParams,
        querystring: AppraisalExportQuerySchema,
        response: {
          200: fileResponse('The month’s scores as a workbook', [TABLE_CONTENT_TYPES.xlsx]),
        },
      },
    },
    async (request, reply) => {
      const q = parseInput(AppraisalExportQuerySchema, request.query, 'query')
      return sendDownload(
        reply,
        await exportMonth(scopeOf(deps, request), request.params.id, q.locale),
      )
    },
  )

  app.post<IdRequest>(
    '/api/v1/appraisal-disputes/:id/answer',
    {
      config: { permission: 'appraisal:manage' },
      schema: {
        tags,
        summary: 'Answer an employee’s dispute, once (APPRAISAL_DISPUTE_ANSWERED)',
        params: IdParams,
        body: DisputeAnswerSchema,
        response: { 200: DisputeSchema },
      },
    },
    async (request) => answerDispute(scopeOf(deps, request), request.params.id, request.body),
  )

  app.get(
    '/api/v1/me/appraisals',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags,
        summary:
          'The signed-in employee’s own result in each approved month, with their disputes (EMPLOYEE_NOT_FOUND when not an employee)',
        response: { 200: MyAppraisalListSchema },
      },
    },
    async (request) => ({ appraisals: await myAppraisals(scopeOf(deps, request)) }),
  )

  app.post<IdRequest>(
    '/api/v1/me/appraisals/:id/disputes',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags,
        summary:
          'Dispute one’s own result in an approved month (APPRAISAL_NOT_FOUND when it holds none)',
        params: IdParams,
        body: DisputeCreateSchema,
        response: { 201: DisputeSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createDispute(scopeOf(deps, request), request.params.id, request.body)),
  )
}
