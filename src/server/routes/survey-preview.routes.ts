import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { pageBranding } from '../../organisations/organisation-profile.service.js'
import { LocaleSchema } from '../../surveys/survey.schema.js'
import { previewDraftSurvey } from '../../surveys/survey-preview.service.js'
import type { AppDeps } from '../deps.js'
import { parseInput } from '../../shared/validation.js'
import { scopeOf } from '../plugins/auth.js'
import { surveyFormPage } from '../pages/survey-page.js'

const PreviewQuerySchema = z.object({ lang: LocaleSchema.optional() })
const PreviewSchema = z.object({
  /** The respondent page's HTML, rendered by the page's own renderer (shown in a sandboxed frame). */
  html: z.string(),
})

/** The survey editor's live preview of the unsaved draft. */
export function surveyPreviewRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Querystring: { lang?: string } }>(
    '/api/v1/surveys/preview',
    {
      config: { permission: 'surveys:write' },
      schema: {
        tags: ['surveys'],
        summary:
          'The respondent page of an unsaved draft survey, as HTML, for the editor’s preview; nothing is stored',
        querystring: PreviewQuerySchema,
        body: z.unknown(),
        response: { 200: PreviewSchema },
      },
    },
    async (request) => {
      const scope = scopeOf(deps, request)
      const survey = previewDraftSurvey(scope, request.body)
      const { lang } = parseInput(PreviewQuerySchema, request.query, 'query')
      // Every question on one page, so the whole draft is seen while it is edited.
      const onePage = {
        ...survey,
        questions: survey.questions.map((q) => ({ ...q, pageBreak: false })),
      }
      const html = surveyFormPage(
        onePage,
        lang ?? survey.defaultLocale,
        {
          values: {},
          issues: [],
          clientResponseId: 'preview',
          page: 0,
          pageCount: 1,
          preview: true,
        },
        await pageBranding({ db: scope.db, orgId: scope.orgId }),
      )
      return { html }
    },
  )
}
