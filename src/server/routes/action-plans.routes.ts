import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { makePlanStandard, planEffect } from '../../actions/action-effect.service.js'
import {
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
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
const TaskParams = z.object({ id: z.string(), taskId: z.string() })
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
}
