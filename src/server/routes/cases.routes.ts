import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  getCaseConfig,
  rotatePublicFormKey,
  updateCaseConfig,
} from '../../cases/case-config.service.js'
import { CaseConfigSchema } from '../../cases/case-config.schema.js'
import {
  AdoptInputSchema,
  AssignInputSchema,
  CaseDetailSchema,
  DeclineInputSchema,
  PassOnInputSchema,
  RewardInputSchema,
  CaseListQuerySchema,
  CaseListSchema,
  ComplaintAnalyticsSchema,
  PendingApprovalsSchema,
  PublicFormKeySchema,
  SlaBoardSchema,
  CompensationInputSchema,
  MessageInputSchema,
  RecoveryInputSchema,
  TransitionInputSchema,
} from '../../cases/case.schema.js'
import {
  addCaseMessage,
  adoptSuggestion,
  assignCase,
  declineSuggestion,
  passOnPraise,
  rewardSuggestion,
  decideCompensation,
  getCase,
  grantCompensation,
  listCases,
  listPendingApprovals,
  recordRecovery,
  transitionCase,
} from '../../cases/case.service.js'
import { CaseExportQuerySchema, exportCases } from '../../cases/case.service.js'
import { analyzeComplaints, ComplaintQuerySchema } from '../../cases/case.service.js'
import { slaBoard } from '../../cases/case.service.js'
import type { AppDeps } from '../deps.js'
import { caseBulkRoutes } from './case-bulk.routes.js'
import { caseContextRoutes } from './case-context.routes.js'
import { caseStatusRoutes } from './case-status.routes.js'
import { scopeOf } from '../plugins/auth.js'
import { sendDownload } from '../send-download.js'
import { fileResponse, TABLE_FILE_TYPES } from '../openapi-responses.js'

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }

export function caseRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['cases']
  caseContextRoutes(app, deps)
  caseStatusRoutes(app, deps)

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/cases',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'Cases: mine, the queue by SLA urgency, or all newest first, with filters; one page at a time (pass nextCursor as cursor)',
        querystring: CaseListQuerySchema,
        response: { 200: CaseListSchema },
      },
    },
    async (request) => listCases(scopeOf(deps, request), request.query),
  )

  caseBulkRoutes(app, deps)

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/cases/export',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'The cases of a period as XLSX or CSV (UTF-8 with BOM): handling, deadlines, outcome, compensation; formula-like cells neutralised',
        querystring: CaseExportQuerySchema,
        response: { 200: fileResponse('The cases as a spreadsheet', TABLE_FILE_TYPES) },
      },
    },
    async (request, reply) =>
      sendDownload(reply, await exportCases(scopeOf(deps, request), request.query)),
  )

  app.get<IdRequest>(
    '/api/v1/cases/:id',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: 'A case with its timeline, compensation and the feedback behind it',
        params: IdParams,
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => getCase(scopeOf(deps, request), request.params.id),
  )

  app.post<IdRequest>(
    '/api/v1/cases/:id/transitions',
    {
      config: { permission: 'cases:work' },
      schema: {
        tags,
        summary:
          'Move a case along new → acknowledged → investigating → resolved → followed_up → closed (or reopen); 409 lists the allowed next states',
        params: IdParams,
        body: TransitionInputSchema,
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => {
      return transitionCase(scopeOf(deps, request), request.params.id, request.body, deps.wakeJobs)
    },
  )

  app.post<IdRequest>(
    '/api/v1/cases/:id/messages',
    {
      config: { permission: 'cases:work' },
      schema: {
        tags,
        summary:
          'An internal note, or a reply to the customer (e-mailed when they left an address)',
        params: IdParams,
        body: MessageInputSchema,
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => {
      return addCaseMessage(scopeOf(deps, request), request.params.id, request.body, deps.wakeJobs)
    },
  )

  app.post<IdRequest>(
    '/api/v1/cases/:id/assign',
    {
      config: { permission: 'cases:work' },
      schema: {
        tags,
        summary: 'Give the case to an owner (and department)',
        params: IdParams,
        body: AssignInputSchema,
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => assignCase(scopeOf(deps, request), request.params.id, request.body),
  )

  app.post<IdRequest>(
    '/api/v1/cases/:id/recovery',
    {
      config: { permission: 'cases:work' },
      schema: {
        tags,
        summary: 'Cause, responsibility, assessed loss, priority',
        params: IdParams,
        body: RecoveryInputSchema,
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => recordRecovery(scopeOf(deps, request), request.params.id, request.body),
  )

  const decisions = [
    {
      path: 'adopt',
      permission: 'cases:supervise',
      summary:
        'Adopt a suggestion: link an existing action plan (planId) or make one from it (plan); the suggestion is resolved',
      body: AdoptInputSchema,
      run: adoptSuggestion,
    },
    {
      path: 'decline',
      permission: 'cases:supervise',
      summary: 'Decline a suggestion with the reason; the suggestion is resolved',
      body: DeclineInputSchema,
      run: declineSuggestion,
    },
    {
      path: 'reward',
      permission: 'cases:supervise',
      summary:
        "Reward an adopted suggestion: points to its customer's loyalty ledger, once (the same request again posts nothing)",
      body: RewardInputSchema,
      run: rewardSuggestion,
    },
    {
      path: 'pass-on',
      permission: 'cases:work',
      summary:
        'Acknowledge praise and pass it on to the employee who served; the praise is resolved',
      body: PassOnInputSchema,
      run: passOnPraise,
    },
  ] as const
  for (const d of decisions)
    app.post<IdRequest>(
      `/api/v1/cases/:id/${d.path}`,
      {
        config: { permission: d.permission },
        schema: {
          tags,
          summary: d.summary,
          params: IdParams,
          body: d.body,
          response: { 200: CaseDetailSchema },
        },
      },
      async (request) => d.run(scopeOf(deps, request), request.params.id, request.body),
    )

  app.post<IdRequest>(
    '/api/v1/cases/:id/compensations',
    {
      config: { permission: 'cases:work' },
      schema: {
        tags,
        summary:
          'Grant compensation within your authority; above it 403 names the limit, or requestApproval asks the next level',
        params: IdParams,
        body: CompensationInputSchema,
        response: { 201: CaseDetailSchema },
      },
    },
    async (request, reply) => {
      reply.status(201)
      return grantCompensation(scopeOf(deps, request), request.params.id, request.body)
    },
  )

  app.get(
    '/api/v1/compensations/pending',
    {
      config: { permission: 'cases:supervise' },
      schema: {
        tags,
        summary: 'Compensation waiting for approval',
        response: { 200: PendingApprovalsSchema },
      },
    },
    async (request) => ({ compensations: await listPendingApprovals(scopeOf(deps, request)) }),
  )

  for (const decision of ['approve', 'reject'] as const) {
    app.post<IdRequest>(
      `/api/v1/compensations/:id/${decision}`,
      {
        config: { permission: 'cases:supervise' },
        schema: {
          tags,
          summary: `${decision === 'approve' ? 'Approve' : 'Reject'} a compensation above its requester's authority`,
          params: IdParams,
          response: { 200: CaseDetailSchema },
        },
      },
      async (request) =>
        decideCompensation(scopeOf(deps, request), request.params.id, decision === 'approve'),
    )
  }

  app.get(
    '/api/v1/sla-board',
    {
      config: { permission: 'cases:supervise' },
      schema: {
        tags,
        summary: 'Open cases per department and owner: open, at risk, breached, escalated',
        response: { 200: SlaBoardSchema },
      },
    },
    async (request) => slaBoard(scopeOf(deps, request)),
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/case-analytics',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'Complaint patterns: Pareto of causes, repeat customers, response and resolution times, SLA compliance, recovery rate, compensation cost',
        querystring: ComplaintQuerySchema,
        response: { 200: ComplaintAnalyticsSchema },
      },
    },
    async (request) => analyzeComplaints(scopeOf(deps, request), request.query),
  )

  app.get(
    '/api/v1/case-config',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'Case rules, routing, SLA policies, business calendar, causes, authority limits, follow-up',
        response: { 200: CaseConfigSchema },
      },
    },
    async (request) => getCaseConfig(scopeOf(deps, request), deps.caches.caseConfigs),
  )
  app.put(
    '/api/v1/case-config',
    {
      config: { permission: 'cases:configure' },
      schema: {
        tags,
        summary:
          'Replace the case configuration (administrators); publicFormKey is read-only (leave it out or send the current one)',
        body: CaseConfigSchema,
        response: { 200: CaseConfigSchema },
      },
    },
    async (request) =>
      updateCaseConfig(scopeOf(deps, request), request.body, deps.caches.caseConfigs),
  )
  app.post(
    '/api/v1/case-config/public-form-key/rotate',
    {
      config: { permission: 'cases:configure' },
      schema: {
        tags,
        summary:
          'A new address for the public complaint form (administrators); the old one stops working at once',
        response: { 200: PublicFormKeySchema },
      },
    },
    async (request) => rotatePublicFormKey(scopeOf(deps, request), deps.caches.caseConfigs),
  )
}
