import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { makePlanStandard, planEffect } from '../../actions/action-effect.service.js'
import {
  attachToPlan,
  downloadPlanAttachment,
  removePlanAttachment,
} from '../../actions/action-plan-attachment.service.js'
import {
  decidePlanApproval,
  planSettings,
  requestPlanApproval,
  setPlanSettings,
} from '../../actions/action-plan-approval.service.js'
import {
  ApprovalDecisionSchema,
  ApprovalRequestSchema,
  AttachmentInputSchema,
  PLAN_ATTACHMENT_MAX_BYTES,
  PlanAttachmentSchema,
  PlanSettingsSchema,
  CommentInputSchema,
  CopyPlanSchema,
  PlanDetailSchema,
  PlanEffectSchema,
  PlanInputSchema,
  PlanListQuerySchema,
  PlanListSchema,
  PlanTransitionSchema,
  TaskInputSchema,
} from '../../actions/action-plan.schema.js'
import {
  addTask,
  commentOnPlan,
  copyPlan,
  createPlan,
  finishTask,
  getPlan,
  listPlans,
  transitionPlan,
} from '../../actions/action-plan.service.js'
import type { AppDeps } from '../deps.js'
import { fileResponse, NO_CONTENT } from '../openapi-responses.js'
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
const TaskParams = z.object({ id: z.string(), taskId: z.string() })
const AttachmentParams = z.object({ id: z.string(), attachmentId: z.string() })
type AttachmentRequest = { Params: { id: string; attachmentId: string } }

/** ASCII fallback and RFC 5987 form of a stored (already cleaned) file name. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}
type IdRequest = { Params: { id: string } }

/** Action plans (PDCA): from a finding to a measured effect. */
export function actionPlanRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['action plans']

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/plans',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary:
          'Action plans (newest first), by status or open/closed; only those touching the caller’s units',
        querystring: PlanListQuerySchema,
        response: { 200: PlanListSchema },
      },
    },
    async (request) => listPlans(scopeOf(deps, request), request.query),
  )
  app.post(
    '/api/v1/plans',
    {
      config: { permission: 'plans:write' },
      schema: {
        tags,
        summary:
          'Create an action plan from a finding, with its evidence as it was (source, filters, period, figures), root cause, metric, units, owner and deadline',
        body: PlanInputSchema,
        response: { 201: PlanDetailSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createPlan(scopeOf(deps, request), request.body)),
  )
  app.get<IdRequest>(
    '/api/v1/plans/:id',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'An action plan with its tasks and history',
        params: IdParams,
        response: { 200: PlanDetailSchema },
      },
    },
    async (request) => getPlan(scopeOf(deps, request), request.params.id),
  )
  app.get<IdRequest>(
    '/api/v1/plans/:id/effect',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary:
          'Did the plan work: before/after in its units and the difference in differences against matched units without the action, the control chart’s step, and a verdict (effective, not effective, not enough data with the answers still needed)',
        params: IdParams,
        response: { 200: PlanEffectSchema },
      },
    },
    async (request) => planEffect(scopeOf(deps, request), request.params.id),
  )
  app.post<IdRequest>(
    '/api/v1/plans/:id/transitions',
    {
      config: { permission: 'plans:write' },
      schema: {
        tags,
        summary:
          'Move the plan: plan → do → check → act → closed, check → do, or abandoned (with a reason)',
        params: IdParams,
        body: PlanTransitionSchema,
        response: { 200: PlanDetailSchema },
      },
    },
    async (request) => transitionPlan(scopeOf(deps, request), request.params.id, request.body),
  )
  app.post<IdRequest>(
    '/api/v1/plans/:id/tasks',
    {
      config: { permission: 'plans:write' },
      schema: {
        tags,
        summary: 'Add a task with its owner and date',
        params: IdParams,
        body: TaskInputSchema,
        response: { 201: PlanDetailSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addTask(scopeOf(deps, request), request.params.id, request.body)),
  )
  app.post<{ Params: { id: string; taskId: string } }>(
    '/api/v1/plans/:id/tasks/:taskId/done',
    {
      config: { permission: 'plans:work' },
      schema: {
        tags,
        summary: 'Mark a task done (its owner, the plan’s owner, or whoever may write plans)',
        params: TaskParams,
        response: { 200: PlanDetailSchema },
      },
    },
    async (request) => finishTask(scopeOf(deps, request), request.params.id, request.params.taskId),
  )
  app.post<IdRequest>(
    '/api/v1/plans/:id/comments',
    {
      config: { permission: 'plans:work' },
      schema: {
        tags,
        summary: 'Comment on a plan (people on it, or whoever may write plans)',
        params: IdParams,
        body: CommentInputSchema,
        response: { 201: PlanDetailSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await commentOnPlan(scopeOf(deps, request), request.params.id, request.body)),
  )
  app.post<IdRequest>(
    '/api/v1/plans/:id/standard',
    {
      config: { permission: 'plans:write' },
      schema: {
        tags,
        summary:
          'Make a plan in act (or closed) whose verdict is effective the standard way of working',
        params: IdParams,
        response: { 200: PlanDetailSchema },
      },
    },
    async (request) => makePlanStandard(scopeOf(deps, request), request.params.id),
  )
  app.post<IdRequest>(
    '/api/v1/plans/:id/copies',
    {
      config: { permission: 'plans:write' },
      schema: {
        tags,
        summary: 'Copy a plan to other units (a new plan in "plan")',
        params: IdParams,
        body: CopyPlanSchema,
        response: { 201: PlanDetailSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await copyPlan(scopeOf(deps, request), request.params.id, request.body)),
  )
  planAttachmentRoutes(app, deps)
  planApprovalRoutes(app, deps)
}

/** Files attached to a plan: images and PDF, told by their bytes, at most 10 MB. */
function planAttachmentRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['action plans']
  app.post<IdRequest>(
    '/api/v1/plans/:id/attachments',
    {
      config: { permission: 'plans:work' },
      // base64 of at most 10 MB, with room for the JSON around it.
      bodyLimit: Math.ceil(PLAN_ATTACHMENT_MAX_BYTES / 3) * 4 + 64 * 1024,
      schema: {
        tags,
        summary:
          'Attach a file to a plan (base64; PNG, JPEG, GIF, WebP, HEIC or PDF by its bytes, at most 10 MB; audited)',
        params: IdParams,
        body: AttachmentInputSchema,
        response: { 201: PlanAttachmentSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await attachToPlan(scopeOf(deps, request), request.params.id, request.body)),
  )
  app.get<AttachmentRequest>(
    '/api/v1/plans/:id/attachments/:attachmentId',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'Download a plan’s attachment (always as an attachment; audited)',
        params: AttachmentParams,
        response: { 200: fileResponse('The file as attached', ['application/octet-stream']) },
      },
    },
    async (request, reply) => {
      const file = await downloadPlanAttachment(
        scopeOf(deps, request),
        request.params.id,
        request.params.attachmentId,
      )
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
  app.delete<AttachmentRequest>(
    '/api/v1/plans/:id/attachments/:attachmentId',
    {
      config: { permission: 'plans:work' },
      schema: {
        tags,
        summary: 'Remove a plan’s attachment (its uploader, or whoever may write plans)',
        params: AttachmentParams,
        response: { 204: NO_CONTENT },
      },
    },
    async (request, reply) => {
      await removePlanAttachment(
        scopeOf(deps, request),
        request.params.id,
        request.params.attachmentId,
      )
      return reply.code(204).send()
    },
  )
}

/** Approval of plans, where the organisation wants it. */
function planApprovalRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['action plans']
  app.get(
    '/api/v1/plan-settings',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'Whether plans need approval before they are carried out',
        response: { 200: PlanSettingsSchema },
      },
    },
    async (request) => planSettings(scopeOf(deps, request)),
  )
  app.put(
    '/api/v1/plan-settings',
    {
      config: { permission: 'organisation:write' },
      schema: {
        tags,
        summary: 'Require (or stop requiring) approval of plans before they move to "do"',
        body: PlanSettingsSchema,
        response: { 200: PlanSettingsSchema },
      },
    },
    async (request) => setPlanSettings(scopeOf(deps, request), request.body),
  )
  app.post<IdRequest>(
    '/api/v1/plans/:id/approval-request',
    {
      config: { permission: 'plans:write' },
      schema: {
        tags,
        summary:
          'Ask a named member (not oneself) to approve a plan not yet carried out; they are told',
        params: IdParams,
        body: ApprovalRequestSchema,
        response: { 200: PlanDetailSchema },
      },
    },
    async (request) => requestPlanApproval(scopeOf(deps, request), request.params.id, request.body),
  )
  app.post<IdRequest>(
    '/api/v1/plans/:id/approval-decision',
    {
      config: { permission: 'plans:work' },
      schema: {
        tags,
        summary:
          'The member asked approves or rejects the plan, with a note; the requester is told',
        params: IdParams,
        body: ApprovalDecisionSchema,
        response: { 200: PlanDetailSchema },
      },
    },
    async (request) => decidePlanApproval(scopeOf(deps, request), request.params.id, request.body),
  )
}
