import type { SurveyInput } from '../../../src/surveys/survey.schema'
import { api } from './client'
import type {
  Alert,
  CaseConfigView,
  CaseDetail,
  ComplaintAnalyticsView,
  ContactImportReport,
  ContactList,
  DemoResult,
  Distribution,
  FeedbackItem,
  InvitationPage,
  LoginAnswer,
  Me,
  PendingApproval,
  SegmentValues,
  Survey,
  SurveyAnalysis,
  SurveyListItem,
  SurveySummary,
  SurveyWithUrl,
  TextAnalysisView,
  TextConfigView,
  TextInsightsView,
} from './types'

// Type names the pages import from here.
export type {
  CaseConfigView,
  CaseDetail,
  CaseSummary,
  Compensation,
  ComplaintAnalyticsView,
  ContactList,
  Distribution,
  FeedbackItem,
  InvitationView,
  SlaBoardRowView,
  TextAnalysisView,
  TextConfigView,
  TextInsightsView,
} from './types'

export const login = (email: string, password: string) =>
  api<LoginAnswer>('POST', '/auth/login', { email, password })
export const logout = () => api<unknown>('POST', '/auth/logout')
export const fetchMe = () => api<Me>('GET', '/auth/me')

export const fetchSurveys = () =>
  api<{ surveys: SurveyListItem[] }>('GET', '/surveys').then((r) => r.surveys)
export const fetchSurvey = (id: string) => api<SurveyWithUrl>('GET', `/surveys/${id}`)
export const createSurvey = (input: SurveyInput) => api<Survey>('POST', '/surveys', input)
export const updateSurvey = (id: string, input: SurveyInput) =>
  api<Survey>('PUT', `/surveys/${id}`, input)
export const publishSurvey = (id: string) => api<Survey>('POST', `/surveys/${id}/publish`)
export const closeSurvey = (id: string) => api<Survey>('POST', `/surveys/${id}/close`)
export const loadDemo = () => api<DemoResult>('POST', '/demo')

export interface SummaryParams {
  from: string
  to: string
  interval: 'day' | 'week' | 'month'
  channel?: string
  /** FIELD:VALUE */
  segment?: string
  /** A unit id: only that unit and the units below it (within the reader's own). */
  unit?: string
}

export const fetchSummary = (id: string, p: SummaryParams) =>
  api<SurveySummary>('GET', `/surveys/${id}/summary?${summaryQuery(p)}`)

const summaryQuery = (p: SummaryParams) =>
  new URLSearchParams({
    from: p.from,
    to: p.to,
    interval: p.interval,
    ...(p.channel ? { channel: p.channel } : {}),
    ...(p.segment ? { segment: p.segment } : {}),
    ...(p.unit ? { unit: p.unit } : {}),
  })

export const fetchQuestionAnalysis = (
  id: string,
  p: SummaryParams,
  pilot: boolean,
  csiWeights?: 'given' | 'importance' | 'drivers',
) =>
  api<SurveyAnalysis>(
    'GET',
    `/surveys/${id}/analysis?${summaryQuery(p)}${pilot ? '&pilot=only' : ''}${csiWeights ? `&csiWeights=${csiWeights}` : ''}`,
  )

export const fetchSegments = (id: string) =>
  api<{ fields: SegmentValues }>('GET', `/surveys/${id}/segments`).then((r) => r.fields)

export const qrCodeUrl = (id: string, format: 'png' | 'svg') =>
  `/api/v1/surveys/${id}/qr?format=${format}`

export const fetchContactLists = () =>
  api<{ contactLists: ContactList[] }>('GET', '/contact-lists').then((r) => r.contactLists)
export const createContactList = (body: {
  name: string
  skipInvalid: boolean
  file: { name: string; contentBase64: string }
}) => api<ContactImportReport>('POST', '/contact-lists', body)
export const fetchDistributions = (surveyId: string) =>
  api<{ distributions: Distribution[] }>('GET', `/surveys/${surveyId}/distributions`).then(
    (r) => r.distributions,
  )
export const createDistribution = (surveyId: string, body: unknown) =>
  api<Distribution>('POST', `/surveys/${surveyId}/distributions`, body)
export const sendDistribution = (id: string) =>
  api<Distribution>('POST', `/distributions/${id}/send`)
export const fetchInvitations = (id: string) =>
  api<InvitationPage>('GET', `/distributions/${id}/invitations?limit=200`)

export const fetchCase = (id: string) => api<CaseDetail>('GET', `/cases/${id}`)
export const transitionCase = (
  id: string,
  body: { status: string; note?: string; satisfied?: boolean },
) => api<CaseDetail>('POST', `/cases/${id}/transitions`, body)
export const addCaseMessage = (
  id: string,
  body: { visibility: 'internal' | 'customer'; body: string },
) => api<CaseDetail>('POST', `/cases/${id}/messages`, body)
export const recordRecovery = (
  id: string,
  body: { cause?: string; responsibility?: string; assessedLoss?: number },
) => api<CaseDetail>('POST', `/cases/${id}/recovery`, body)
export const grantCompensation = (
  id: string,
  body: { kind: string; amount: number; note?: string; requestApproval?: boolean },
) => api<CaseDetail>('POST', `/cases/${id}/compensations`, body)
export const decideCompensation = (id: string, decision: 'approve' | 'reject') =>
  api<CaseDetail>('POST', `/compensations/${id}/${decision}`)
export const fetchPendingApprovals = () =>
  api<{ compensations: PendingApproval[] }>('GET', '/compensations/pending').then(
    (r) => r.compensations,
  )
export const fetchCaseConfig = () => api<CaseConfigView>('GET', '/case-config')
export const fetchComplaintAnalytics = (from: string, to: string) =>
  api<ComplaintAnalyticsView>('GET', `/case-analytics?from=${from}&to=${to}`)

export const fetchTextInsights = (
  from: string,
  to: string,
  filter: { channel?: string; store?: string } = {},
) =>
  api<TextInsightsView>(
    'GET',
    `/text/insights?${new URLSearchParams({ from, to, ...(filter.channel ? { channel: filter.channel } : {}), ...(filter.store ? { store: filter.store } : {}) })}`,
  )
export const fetchFeedbackList = (params: Record<string, string>) =>
  api<{ feedback: FeedbackItem[] }>('GET', `/feedback?${new URLSearchParams(params)}`).then(
    (r) => r.feedback,
  )
export const analyzeTextNow = (text: string) =>
  api<TextAnalysisView>('POST', '/text/analyze', { text })
export const fetchAlerts = () => api<{ alerts: Alert[] }>('GET', '/alerts').then((r) => r.alerts)
export const fetchTextConfig = () => api<TextConfigView>('GET', '/text/config')
