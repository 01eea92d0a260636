import type { FastifyInstance } from 'fastify'
import {
  ChurnModelSummarySchema,
  ChurnRiskListSchema,
  ChurnRiskQuerySchema,
  ChurnTrainingStatusSchema,
  CustomerChurnRiskSchema,
  RetentionPlanInputSchema,
  RetentionPlanResultSchema,
} from '../../customers/churn.schema.js'
import {
  churnModelSummary,
  churnRiskList,
  churnTraining,
  customerChurnRisk,
  openRetentionPlan,
  startChurnTraining,
} from '../../customers/churn.service.js'
import { RetentionQuerySchema, RetentionReportSchema } from '../../customers/retention.schema.js'
import { retentionReport } from '../../customers/retention.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'
import { z } from 'zod'

/** Churn risk: the organisation's model and its validation, the risk list, retention plans. */
export function churnRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['customers']
  app.get(
    '/api/v1/churn/model',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          "The organisation's churn model: coefficients per feature, and its validation on a later window (AUC with DeLong interval, calibration by deciles, Hosmer–Lemeshow); null before the first training",
        response: { 200: ChurnModelSummarySchema.nullable() },
      },
    },
    async (request) => churnModelSummary(scopeOf(deps, request)),
  )
  app.get<{ Params: { id: string } }>(
    '/api/v1/customers/:id/churn-risk',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary:
          "A customer's churn risk for their page: score, band (high from 0.7, medium from 0.4), the features scored, and the model that scored them with its validation AUC",
        params: z.object({ id: z.string() }),
        response: { 200: CustomerChurnRiskSchema },
      },
    },
    async (request) => customerChurnRisk(scopeOf(deps, request), request.params.id),
  )
  app.get(
    '/api/v1/churn/model/training',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'The churn model training under way (by the daily job or a user), with customers read so far of all; null when none is',
        response: { 200: ChurnTrainingStatusSchema },
      },
    },
    async (request) => ({ training: await churnTraining(scopeOf(deps, request)) }),
  )
  app.post(
    '/api/v1/churn/model/train',
    {
      config: { permission: 'analyses:run' },
      schema: {
        tags,
        summary:
          'Start training the churn model now on the organisation history and rescoring every customer (the churn-scoring job does so daily); answers the training under way at once (202), followed with GET /churn/model/training',
        response: { 202: ChurnTrainingStatusSchema },
      },
    },
    async (request, reply) => {
      const training = await startChurnTraining(scopeOf(deps, request), (error) =>
        request.log.error({ err: error }, 'churn model training failed'),
      )
      reply.status(202)
      return { training }
    },
  )
  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/churn/risks',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'Customers by churn risk, riskiest first, within the caller units (or one unit), with the features scored and any retention plan',
        querystring: ChurnRiskQuerySchema,
        response: { 200: ChurnRiskListSchema },
      },
    },
    async (request) => churnRiskList(scopeOf(deps, request), request.query),
  )
  app.post(
    '/api/v1/churn/plans',
    {
      config: { permission: 'plans:write' },
      schema: {
        tags,
        summary:
          'Open one retention action plan for these at-risk customers; each score remembers the plan',
        body: RetentionPlanInputSchema,
        response: { 201: RetentionPlanResultSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await openRetentionPlan(scopeOf(deps, request), request.body)),
  )
  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/customers-retention',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'Cohort retention by month of first purchase, repurchase rate (回头率), complaint rate per 10,000 customers (抱怨率), and repurchase and spend after an answer by NPS group and after a complaint by its recovery, with Wilson and t intervals; per unit (and below) and months',
        querystring: RetentionQuerySchema,
        response: { 200: RetentionReportSchema },
      },
    },
    async (request) => retentionReport(scopeOf(deps, request), request.query),
  )
}
