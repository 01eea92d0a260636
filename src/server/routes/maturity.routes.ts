import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { planFromGap } from '../../maturity/maturity-gap-plan.service.js'
import {
  AssessmentCreateSchema,
  AssessmentListQuerySchema,
  AssessmentListSchema,
  AssessmentSchema,
  AssessmentUpdateSchema,
  GapPlanInputSchema,
  GapPlanSchema,
  InstrumentSchema,
} from '../../maturity/maturity.schema.js'
import {
  createAssessment,
  getAssessment,
  listAssessments,
  maturityInstrument,
  updateAssessment,
} from '../../maturity/maturity.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }

/**
 * Service maturity (issue 19): the four-stage self-assessment's questionnaire, assessments of the
 * caller's units over time with their stage and gaps, and a gap turned into an action plan.
 */
export function maturityRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['maturity']

  app.get(
    '/api/v1/maturity/instrument',
    {
      config: { permission: 'units:read' },
      schema: {
        tags,
        summary: 'The questionnaire: stages, dimensions, items and the words of ratings 1–5',
        response: { 200: InstrumentSchema },
      },
    },
    async (request) => maturityInstrument(scopeOf(deps, request)),
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/maturity/assessments',
    {
      config: { permission: 'units:read' },
      schema: {
        tags,
        summary: 'Assessments of the caller’s units, newest first, with stage and gaps; ?unitId=',
        querystring: AssessmentListQuerySchema,
        response: { 200: AssessmentListSchema },
      },
    },
    async (request) => ({
      assessments: await listAssessments(scopeOf(deps, request), request.query),
    }),
  )

  app.post(
    '/api/v1/maturity/assessments',
    {
      config: { permission: 'maturity:assess' },
      schema: {
        tags,
        summary: 'Record a unit’s self-assessment: every item rated 1–5',
        body: AssessmentCreateSchema,
        response: { 201: AssessmentSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createAssessment(scopeOf(deps, request), request.body)),
  )

  app.get<IdRequest>(
    '/api/v1/maturity/assessments/:id',
    {
      config: { permission: 'units:read' },
      schema: {
        tags,
        summary: 'One assessment (MATURITY_ASSESSMENT_NOT_FOUND, also outside the caller’s units)',
        params: IdParams,
        response: { 200: AssessmentSchema },
      },
    },
    async (request) => getAssessment(scopeOf(deps, request), request.params.id),
  )

  app.put<IdRequest>(
    '/api/v1/maturity/assessments/:id',
    {
      config: { permission: 'maturity:assess' },
      schema: {
        tags,
        summary: 'Change an assessment’s ratings, day or note; its stage and gaps follow',
        params: IdParams,
        body: AssessmentUpdateSchema,
        response: { 200: AssessmentSchema },
      },
    },
    async (request) => updateAssessment(scopeOf(deps, request), request.params.id, request.body),
  )

  app.post<{ Params: { id: string; dimension: string } }>(
    '/api/v1/maturity/assessments/:id/gaps/:dimension/plan',
    {
      config: { permission: 'plans:write' },
      schema: {
        tags,
        summary:
          'Turn a dimension’s gap to the next stage into a suggested action plan (once; asking again returns it; MATURITY_GAP_NOT_FOUND)',
        params: z.object({ id: z.string(), dimension: z.string() }),
        body: GapPlanInputSchema.optional(),
        response: { 200: GapPlanSchema, 201: GapPlanSchema },
      },
    },
    async (request, reply) => {
      const made = await planFromGap(
        scopeOf(deps, request),
        request.params.id,
        request.params.dimension,
        request.body,
      )
      return reply.status(made.created ? 201 : 200).send(made)
    },
  )
}
