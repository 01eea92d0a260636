import type { z } from 'zod'
import type { AuditPageSchema, AuditRecordSchema } from '../../../src/audit/audit.schema'
import type {
  CreatedTokenSchema,
  LoginAnswerSchema,
  MeSchema,
  TokenSummarySchema,
  UserSummarySchema,
} from '../../../src/auth/auth.schema'
import type { CaseConfigSchema } from '../../../src/cases/case-config.schema'
import type {
  CaseDetailSchema,
  CaseSummarySchema,
  CompensationSchema,
  ComplaintAnalyticsSchema,
  PendingApprovalsSchema,
  SlaBoardRowSchema,
} from '../../../src/cases/case.schema'
import type { DemoResultSchema } from '../../../src/demo/demo.schema'
import type {
  ContactImportReportSchema,
  ContactListSchema,
  DistributionSchema,
  InvitationPageSchema,
  InvitationViewSchema,
} from '../../../src/distribution/distribution.schema'
import type {
  FeedbackImportReportSchema,
  FeedbackItemSchema,
} from '../../../src/feedback/feedback.schema'
import type { SurveyAnalysisSchema } from '../../../src/responses/question-analysis.schema'
import type {
  ImportJobSchema,
  ImportReportSchema,
} from '../../../src/responses/response-files.schema'
import type {
  CesFiguresSchema,
  CsatFiguresSchema,
  MetricSetSchema,
  NpsFiguresSchema,
  SurveySummarySchema,
} from '../../../src/responses/summary.schema'
import type { Role } from '../../../src/shared/role'
import type { SurveySchema } from '../../../src/surveys/survey.schema'
import type {
  SegmentValuesSchema,
  SurveyListSchema,
  SurveyTemplateListSchema,
  SurveyWithUrlSchema,
} from '../../../src/surveys/survey-views.schema'
import type { TextConfigSchema } from '../../../src/text/text-config.schema'
import type {
  AlertListSchema,
  TextAnalysisSchema,
  TextInsightsSchema,
} from '../../../src/text/text.schema'

/**
 * The API's answers as the admin app sees them: each type is inferred from the
 * response schema the server sends it with (src/<domain>/*.schema.ts), so the
 * two cannot drift apart. Type-only imports: nothing of the server reaches the bundle.
 */

export type { Role }

// Auth, users, tokens, audit
export type Me = z.infer<typeof MeSchema>
export type LoginAnswer = z.infer<typeof LoginAnswerSchema>
export type UserSummary = z.infer<typeof UserSummarySchema>
export type TokenSummary = z.infer<typeof TokenSummarySchema>
export type CreatedToken = z.infer<typeof CreatedTokenSchema>
export type AuditEntry = z.infer<typeof AuditRecordSchema>
export type AuditLogPage = z.infer<typeof AuditPageSchema>
export type DemoResult = z.infer<typeof DemoResultSchema>

// Surveys and their figures
export type Survey = z.infer<typeof SurveySchema>
export type SurveyWithUrl = z.infer<typeof SurveyWithUrlSchema>
export type SurveyListItem = z.infer<typeof SurveyListSchema>['surveys'][number]
export type SegmentValues = z.infer<typeof SegmentValuesSchema>['fields']
export type NpsFigures = z.infer<typeof NpsFiguresSchema>
export type CsatFigures = z.infer<typeof CsatFiguresSchema>
export type CesFigures = z.infer<typeof CesFiguresSchema>
export type MetricSet = z.infer<typeof MetricSetSchema>
export type SurveySummary = z.infer<typeof SurveySummarySchema>
export type SurveyAnalysis = z.infer<typeof SurveyAnalysisSchema>
export type SurveyTemplateList = z.infer<typeof SurveyTemplateListSchema>
export type ImportReport = z.infer<typeof ImportReportSchema>
export type ImportJob = z.infer<typeof ImportJobSchema>

// Distribution
export type ContactList = z.infer<typeof ContactListSchema>
export type ContactImportReport = z.infer<typeof ContactImportReportSchema>
export type Distribution = z.infer<typeof DistributionSchema>
export type InvitationView = z.infer<typeof InvitationViewSchema>
export type InvitationPage = z.infer<typeof InvitationPageSchema>

// Cases
export type CaseSummary = z.infer<typeof CaseSummarySchema>
export type CaseDetail = z.infer<typeof CaseDetailSchema>
export type Compensation = z.infer<typeof CompensationSchema>
export type PendingApproval = z.infer<typeof PendingApprovalsSchema>['compensations'][number]
export type SlaBoardRowView = z.infer<typeof SlaBoardRowSchema>
export type ComplaintAnalyticsView = z.infer<typeof ComplaintAnalyticsSchema>
export type CaseConfigView = z.infer<typeof CaseConfigSchema>

// Feedback and text
export type FeedbackItem = z.infer<typeof FeedbackItemSchema>
export type FeedbackImportReport = z.infer<typeof FeedbackImportReportSchema>
export type TextConfigView = z.infer<typeof TextConfigSchema>
export type Alert = z.infer<typeof AlertListSchema>['alerts'][number]
export type TextAnalysisView = z.infer<typeof TextAnalysisSchema>
export type TextInsightsView = z.infer<typeof TextInsightsSchema>
