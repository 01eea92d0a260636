import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { TextConfigSchema } from '../../text/text-config.schema.js'
import { getTextInsights, TextInsightsQuerySchema } from '../../text/text-insights.service.js'
import {
  analyzeOneText,
  FeedbackListQuerySchema,
  getTextConfig,
  listAlerts,
  listFeedback,
  updateTextConfig,
} from '../../text/text.service.js'
import {
  CorrectionInputSchema,
  correctAnalysis,
  getSentimentLearning,
} from '../../text/text-corrections.service.js'
import {
  SentimentLearningSchema,
  TextCorrectionSchema,
} from '../../text/text-corrections.schema.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'
import { FeedbackListSchema } from '../../feedback/feedback.schema.js'
import { AlertListSchema, TextAnalysisSchema, TextInsightsSchema } from '../../text/text.schema.js'

export function textRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['text']

  app.post(
    '/api/v1/text/analyze',
    {
      config: { permission: 'surveys:read' },
      schema: {
        tags,
        summary: 'Language, sentiment, topics and aspect sentiment of one text',
        body: z.object({ text: z.string() }),
        response: { 200: TextAnalysisSchema },
      },
      bodyLimit: 1024 * 1024,
    },
    async (request) =>
      analyzeOneText(scopeOf(deps, request), request.body, deps.caches.textConfigs),
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/text/insights',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'Sentiment, topics with their sentiment, keywords (word cloud), emerging topics and unmatched clusters for a period',
        querystring: TextInsightsQuerySchema,
        response: { 200: TextInsightsSchema },
      },
    },
    async (request) => getTextInsights(scopeOf(deps, request), request.query),
  )

  app.get(
    '/api/v1/text/config',
    {
      config: { permission: 'surveys:read' },
      schema: {
        tags,
        summary: 'The topic taxonomy and dictionary words',
        response: { 200: TextConfigSchema },
      },
    },
    async (request) => getTextConfig(scopeOf(deps, request), deps.caches.textConfigs),
  )
  app.put(
    '/api/v1/text/config',
    {
      config: { permission: 'cases:configure' },
      schema: {
        tags,
        summary:
          'Replace the taxonomy and dictionary words; feedback is analysed again in the background',
        body: TextConfigSchema,
        response: { 200: TextConfigSchema },
      },
    },
    async (request) =>
      updateTextConfig(
        scopeOf(deps, request),
        request.body,
        deps.wakeJobs,
        deps.caches.textConfigs,
      ),
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/feedback',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags: ['feedback'],
        summary: 'Feedback by period, topic, sentiment, channel or keyword (drill-down)',
        querystring: FeedbackListQuerySchema,
        response: { 200: FeedbackListSchema },
      },
    },
    async (request) => ({
      feedback: await listFeedback(scopeOf(deps, request), request.query),
    }),
  )

  app.get(
    '/api/v1/alerts',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: 'Early warnings, e.g. emerging topics',
        response: { 200: AlertListSchema },
      },
    },
    async (request) => ({ alerts: await listAlerts(scopeOf(deps, request)) }),
  )

  app.post<{ Params: { id: string } }>(
    '/api/v1/feedback/:id/text-correction',
    {
      config: { permission: 'cases:work' },
      schema: {
        tags,
        summary:
          "Correct a comment's sentiment and/or topics; the organisation's model learns from it in the background",
        params: z.object({ id: z.string() }),
        body: CorrectionInputSchema,
        response: { 200: TextCorrectionSchema },
      },
    },
    async (request) =>
      correctAnalysis(
        scopeOf(deps, request),
        request.params.id,
        request.body,
        deps.wakeJobs,
        deps.caches.textConfigs,
      ),
  )

  app.get(
    '/api/v1/text/learning',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          "Corrections stored and the organisation's model: accuracy on its corrected comments before and after (cross-validated)",
        response: { 200: SentimentLearningSchema },
      },
    },
    async (request) => getSentimentLearning(scopeOf(deps, request)),
  )
}
