import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { SurveyAnalysisSchema } from '../../responses/question-analysis.schema.js'
import {
  DashboardUnitsSchema,
  SummaryQuerySchema,
  SurveySummarySchema,
} from '../../responses/summary.schema.js'
import {
  analyzeSurveyQuestions,
  listDashboardUnits,
  listSegmentValues,
  summarizeSurvey,
} from '../../responses/summary.service.js'
import { SurveyInputSchema, SurveySchema } from '../../surveys/survey.schema.js'
import {
  LinkSecretSchema,
  SegmentValuesSchema,
  SignedLinkSchema,
  SurveyListSchema,
  SurveyTemplateListSchema,
  SurveyWithUrlSchema,
} from '../../surveys/survey-views.schema.js'
import {
  closeSurvey,
  createSurvey,
  createSurveyFromTemplate,
  getSurvey,
  listSurveysWithCounts,
  publishSurvey,
  updateSurvey,
} from '../../surveys/survey.service.js'
import {
  createSignedLinkToken,
  revealLinkSecret,
  SignedLinkInputSchema,
} from '../../surveys/signed-link.service.js'
import { SURVEY_TEMPLATES } from '../../surveys/survey.service.js'
import { parseInput } from '../../shared/validation.js'
import {
  rebuildWeightsIfChanged,
  surveyRollupRebuild,
} from '../../responses/rollup-rebuild-job.service.js'
import { SurveyRollupRebuildSchema } from '../../responses/rollup-rebuild-job.schema.js'
import { requirePermission } from '../../auth/permission.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'
import { fileResponse } from '../openapi-responses.js'
import { publicSurveyUrl } from '../public-url.js'
import { surveyQrCode } from '../qr-code.js'

const IdParams = z.object({ id: z.string() })
const FromTemplateSchema = z.object({ template: z.string() })
type IdRequest = { Params: { id: string } }

export function surveyRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['surveys']

  app.get(
    '/api/v1/surveys',
    {
      config: { permission: 'surveys:read' },
      schema: {
        tags,
        summary:
          'List the organisation’s surveys, each with its number of answers (pilot answers not counted)',
        response: { 200: SurveyListSchema },
      },
    },
    async (request) => {
      return { surveys: await listSurveysWithCounts(scopeOf(deps, request)) }
    },
  )

  app.get(
    '/api/v1/survey-templates',
    {
      config: { permission: 'surveys:read' },
      schema: {
        tags,
        summary: 'Ready-made surveys from proven instruments',
        response: { 200: SurveyTemplateListSchema },
      },
    },
    async () => ({
      templates: SURVEY_TEMPLATES.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        questions: t.survey.questions.length,
      })),
    }),
  )

  app.post<{ Body: { template?: string } }>(
    '/api/v1/surveys/from-template',
    {
      config: { permission: 'surveys:write' },
      schema: {
        tags,
        summary: 'Create a draft survey from a template',
        body: FromTemplateSchema,
        response: { 201: SurveySchema },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(deps, request)
      // The role first (a viewer learns nothing about the input); then parsed, not String()-ed:
      // an object whose toString is not a function made String() throw (500).
      requirePermission(scope.actor, 'surveys:write')
      const { template } = parseInput(FromTemplateSchema, request.body ?? {}, 'request')
      reply.status(201)
      return createSurveyFromTemplate(scope, template)
    },
  )

  app.post(
    '/api/v1/surveys',
    {
      config: { permission: 'surveys:write' },
      schema: {
        tags,
        summary: 'Create a draft survey',
        body: SurveyInputSchema,
        response: { 201: SurveySchema },
      },
    },
    async (request, reply) => {
      reply.status(201)
      return createSurvey(scopeOf(deps, request), request.body)
    },
  )

  app.post<IdRequest>(
    '/api/v1/surveys/:id/signed-links',
    {
      config: { permission: 'surveys:write' },
      schema: {
        tags,
        summary:
          'A link whose hidden fields (customer id, order id …) are signed and cannot be changed by the respondent',
        params: IdParams,
        body: SignedLinkInputSchema,
        response: { 201: SignedLinkSchema },
      },
    },
    async (request, reply) => {
      const { token, slug } = await createSignedLinkToken(
        scopeOf(deps, request),
        request.params.id,
        request.body,
      )
      reply.status(201)
      return { token, url: `${publicSurveyUrl(deps, request, slug)}?t=${token}` }
    },
  )

  app.get(
    '/api/v1/organisation/link-secret',
    {
      config: { permission: 'tokens:write' },
      schema: {
        tags,
        summary: 'The key for signing survey links in your own systems (administrators)',
        response: { 200: LinkSecretSchema },
      },
    },
    async (request) => revealLinkSecret(scopeOf(deps, request)),
  )

  app.get<IdRequest>(
    '/api/v1/surveys/:id',
    {
      config: { permission: 'surveys:read' },
      schema: {
        tags,
        summary: 'One survey',
        params: IdParams,
        response: { 200: SurveyWithUrlSchema },
      },
    },
    async (request) => {
      const survey = await getSurvey(scopeOf(deps, request), request.params.id)
      return { ...survey, publicUrl: publicSurveyUrl(deps, request, survey.slug) }
    },
  )

  app.put<IdRequest>(
    '/api/v1/surveys/:id',
    {
      config: { permission: 'surveys:write' },
      schema: {
        tags,
        summary: 'Replace title and questions (a new version once published)',
        params: IdParams,
        body: SurveyInputSchema,
        response: { 200: SurveySchema },
      },
    },
    async (request) => {
      const scope = scopeOf(deps, request)
      const before = await getSurvey(scope, request.params.id)
      const survey = await updateSurvey(
        scope,
        request.params.id,
        request.body,
        deps.caches.openSurveys,
      )
      await rebuildWeightsIfChanged(scope, before, survey, deps.wakeJobs)
      return survey
    },
  )

  app.get<IdRequest>(
    '/api/v1/surveys/:id/rollup-rebuild',
    {
      config: { permission: 'surveys:read' },
      schema: {
        tags,
        summary:
          "The latest rebuild of the survey's weighted unit figures (queued when its weight field changes)",
        params: IdParams,
        response: { 200: SurveyRollupRebuildSchema },
      },
    },
    async (request) => surveyRollupRebuild(scopeOf(deps, request), request.params.id),
  )

  app.post<IdRequest>(
    '/api/v1/surveys/:id/publish',
    {
      config: { permission: 'surveys:write' },
      schema: {
        tags,
        summary: 'Publish a draft',
        params: IdParams,
        response: { 200: SurveySchema },
      },
    },
    async (request) =>
      publishSurvey(scopeOf(deps, request), request.params.id, deps.caches.openSurveys),
  )

  app.post<IdRequest>(
    '/api/v1/surveys/:id/close',
    {
      config: { permission: 'surveys:write' },
      schema: {
        tags,
        summary: 'Stop taking answers',
        params: IdParams,
        response: { 200: SurveySchema },
      },
    },
    async (request) =>
      closeSurvey(scopeOf(deps, request), request.params.id, deps.caches.openSurveys),
  )

  app.get<IdRequest & { Querystring: Record<string, string> }>(
    '/api/v1/surveys/:id/summary',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary:
          'Dashboard figures: NPS, CSAT, CES with 95% intervals, distributions, trend, comments',
        params: IdParams,
        querystring: SummaryQuerySchema,
        response: { 200: SurveySummarySchema },
      },
    },
    async (request) => summarizeSurvey(scopeOf(deps, request), request.params.id, request.query),
  )

  app.get<IdRequest & { Querystring: Record<string, string> }>(
    '/api/v1/surveys/:id/analysis',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary:
          'Kano, SERVQUAL, CSM, IPA, choice counts and scale reliability from the survey’s questions',
        params: IdParams,
        querystring: SummaryQuerySchema,
        response: { 200: SurveyAnalysisSchema },
      },
    },
    async (request) =>
      analyzeSurveyQuestions(scopeOf(deps, request), request.params.id, request.query),
  )

  app.get<IdRequest>(
    '/api/v1/surveys/:id/units',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'The units the dashboard may be limited to (?unit=): the reader’s own and below',
        params: IdParams,
        response: { 200: DashboardUnitsSchema },
      },
    },
    async (request) => listDashboardUnits(scopeOf(deps, request), request.params.id),
  )

  app.get<IdRequest>(
    '/api/v1/surveys/:id/segments',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'Segment fields and values in the answers (for filters)',
        params: IdParams,
        response: { 200: SegmentValuesSchema },
      },
    },
    async (request) => ({
      fields: await listSegmentValues(scopeOf(deps, request), request.params.id),
    }),
  )

  app.get<IdRequest & { Querystring: { format?: string } }>(
    '/api/v1/surveys/:id/qr',
    {
      config: { permission: 'surveys:read' },
      schema: {
        tags,
        summary: 'QR code of the public link (PNG, or SVG with ?format=svg)',
        params: IdParams,
        response: { 200: fileResponse('The QR code', ['image/png', 'image/svg+xml']) },
      },
    },
    async (request, reply) => {
      const survey = await getSurvey(scopeOf(deps, request), request.params.id)
      // Answers that come through the QR code are counted under the qr channel.
      const qr = await surveyQrCode(
        `${publicSurveyUrl(deps, request, survey.slug)}?channel=qr`,
        request.query.format,
      )
      reply.header(
        'content-disposition',
        `attachment; filename="survey-${survey.slug}.${qr.extension}"`,
      )
      return reply.type(qr.contentType).send(qr.body)
    },
  )
}
