import type { z } from 'zod'
import type { AuditPageSchema } from '../audit/audit.schema.js'
import type { pageAudit } from '../audit/audit.service.js'
import type {
  CreatedTokenSchema,
  MeSchema,
  TokenSummarySchema,
  UserSummarySchema,
} from '../auth/auth.schema.js'
import type { createApiToken, listApiTokens } from '../auth/token.service.js'
import type { listUsers } from '../auth/user.service.js'
import type { DemoResultSchema } from '../demo/demo.schema.js'
import type { loadDemoData } from '../demo/demo.js'
import type { importContactList } from '../distribution/contact-list.service.js'
import type { ContactImportReportSchema } from '../distribution/distribution.schema.js'
import type { importFeedback } from '../feedback/feedback-import.js'
import type {
  FeedbackImportReportSchema,
  FeedbackItemSchema,
  StoredFeedbackSchema,
} from '../feedback/feedback.schema.js'
import type { createFeedback } from '../feedback/feedback.service.js'
import type { findOrganisation } from '../organisations/organisation.service.js'
import type { getImportJob } from '../responses/import-job.service.js'
import type { SurveyAnalysisSchema } from '../responses/question-analysis.schema.js'
import type { ImportJobSchema, ImportReportSchema } from '../responses/response-files.schema.js'
import type { importResponses } from '../responses/response-import.js'
import type { submitResponse } from '../responses/response.service.js'
import type { SurveySummarySchema } from '../responses/summary.schema.js'
import type { analyzeSurveyQuestions, summarizeSurvey } from '../responses/summary.service.js'
import type { SameShape } from '../shared/wire-schema.js'
import type { revealLinkSecret } from '../surveys/signed-link.service.js'
import type {
  LinkSecretSchema,
  SubmitResultSchema,
  SurveyListSchema,
} from '../surveys/survey-views.schema.js'
import type { listSurveysWithCounts } from '../surveys/survey.service.js'
import type { AlertListSchema } from '../text/text.schema.js'
import type { listAlerts, listFeedback } from '../text/text.service.js'

/**
 * Compile-time half of the wire contract: what each service declares it returns
 * has the shape of the response schema its route answers with, so a field
 * added to a result without its schema fails `npm run typecheck` instead of
 * being dropped by the serializer. (Types declared in the schema files are
 * z.infer of their schema already.)
 */

type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>
type Is<A, B> = SameShape<A, B>

export type ServiceResultsHaveTheirSchemasShape = [
  Is<Result<typeof listUsers>, z.infer<typeof UserSummarySchema>[]>,
  Is<Result<typeof listApiTokens>, z.infer<typeof TokenSummarySchema>[]>,
  Is<Result<typeof createApiToken>, z.infer<typeof CreatedTokenSchema>>,
  Is<NonNullable<Result<typeof findOrganisation>>, z.infer<typeof MeSchema>['organisation']>,
  Is<Result<typeof pageAudit>, z.infer<typeof AuditPageSchema>>,
  Is<Result<typeof loadDemoData>, z.infer<typeof DemoResultSchema>>,
  Is<Result<typeof importContactList>, z.infer<typeof ContactImportReportSchema>>,
  Is<Result<typeof importFeedback>, z.infer<typeof FeedbackImportReportSchema>>,
  Is<Result<typeof createFeedback>, z.infer<typeof StoredFeedbackSchema>>,
  Is<Result<typeof listFeedback>, z.infer<typeof FeedbackItemSchema>[]>,
  Is<Result<typeof listAlerts>, z.infer<typeof AlertListSchema>['alerts']>,
  Is<Result<typeof getImportJob>, z.infer<typeof ImportJobSchema>>,
  Is<Result<typeof importResponses>, z.infer<typeof ImportReportSchema>>,
  Is<Result<typeof submitResponse>, z.infer<typeof SubmitResultSchema>>,
  Is<Result<typeof summarizeSurvey>, z.infer<typeof SurveySummarySchema>>,
  Is<Result<typeof analyzeSurveyQuestions>, z.infer<typeof SurveyAnalysisSchema>>,
  Is<Result<typeof revealLinkSecret>, z.infer<typeof LinkSecretSchema>>,
  Is<Result<typeof listSurveysWithCounts>, z.infer<typeof SurveyListSchema>['surveys']>,
]

/** Fails to compile when any check above is false. */
export const SERVICE_RESULTS_CHECKED: ServiceResultsHaveTheirSchemasShape extends true[]
  ? true
  : never = true
