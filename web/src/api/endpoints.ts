import type {
  CaseDetail,
  CaseSummary,
  Compensation,
  ComplaintAnalytics as ComplaintAnalyticsView,
  SlaBoardRow as SlaBoardRowView,
} from '../../../src/cases/case.schema'
export type { CaseDetail, CaseSummary, Compensation, ComplaintAnalyticsView, SlaBoardRowView }
import type {
  ContactList,
  Distribution,
  InvitationView,
} from '../../../src/distribution/distribution.schema'
export type { ContactList, Distribution, InvitationView }
import type {
  TextAnalysis as TextAnalysisView,
  TextInsights as TextInsightsView,
} from '../../../src/text/text.schema'
export type { TextAnalysisView, TextInsightsView }
import type { QuestionAnalysis } from '../../../src/responses/question-analysis'
import type { SurveyInput } from '../../../src/surveys/survey.schema'
import { api } from './client'
import type { Me, Survey, SurveySummary } from './types'

export const login = (email: string, password: string) =>
  api<unknown>('POST', '/auth/login', { email, password })
export const logout = () => api<unknown>('POST', '/auth/logout')
export const fetchMe = () => api<Me>('GET', '/auth/me')

export const fetchSurveys = () =>
  api<{ surveys: Survey[] }>('GET', '/surveys').then((r) => r.surveys)
export const fetchSurvey = (id: string) =>
  api<Survey & { publicUrl: string }>('GET', `/surveys/${id}`)
export const createSurvey = (input: SurveyInput) => api<Survey>('POST', '/surveys', input)
export const updateSurvey = (id: string, input: SurveyInput) =>
  api<Survey>('PUT', `/surveys/${id}`, input)
export const publishSurvey = (id: string) => api<Survey>('POST', `/surveys/${id}/publish`)
export const closeSurvey = (id: string) => api<Survey>('POST', `/surveys/${id}/close`)
export const loadDemo = () => api<{ responses: number }>('POST', '/demo')

export interface SummaryParams {
  from: string
  to: string
  interval: 'day' | 'week' | 'month'
  channel?: string
  /** FIELD:VALUE */
  segment?: string
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
  })

export const fetchQuestionAnalysis = (id: string, p: SummaryParams, pilot: boolean) =>
  api<QuestionAnalysis & { quality: { speeders: number; straightLiners: number } }>(
    'GET',
    `/surveys/${id}/analysis?${summaryQuery(p)}${pilot ? '&pilot=only' : ''}`,
  )

export const fetchSegments = (id: string) =>
  api<{ fields: Record<string, string[]> }>('GET', `/surveys/${id}/segments`).then((r) => r.fields)

export const qrCodeUrl = (id: string, format: 'png' | 'svg') =>
  `/api/v1/surveys/${id}/qr?format=${format}`

export const fetchContactLists = () =>
  api<{ contactLists: ContactList[] }>('GET', '/contact-lists').then((r) => r.contactLists)
export const createContactList = (body: {
  name: string
  skipInvalid: boolean
  file: { name: string; contentBase64: string }
}) =>
  api<{
    list: ContactList
    imported: number
    skipped: number
    issues: Array<{ path: string; reason: string }>
  }>('POST', '/contact-lists', body)
export const fetchDistributions = (surveyId: string) =>
  api<{ distributions: Distribution[] }>('GET', `/surveys/${surveyId}/distributions`).then(
    (r) => r.distributions,
  )
export const createDistribution = (surveyId: string, body: unknown) =>
  api<Distribution>('POST', `/surveys/${surveyId}/distributions`, body)
export const sendDistribution = (id: string) =>
  api<Distribution>('POST', `/distributions/${id}/send`)
export const fetchInvitations = (id: string) =>
  api<{ total: number; items: InvitationView[] }>(
    'GET',
    `/distributions/${id}/invitations?limit=200`,
  )

export interface CaseConfigView {
  causes: Array<{ key: string; label: { 'zh-CN': string; 'en-US'?: string } }>
  authority: { agent: number | null; supervisor: number | null; admin: number | null }
  publicFormKey?: string
}

export const fetchCases = (params: Record<string, string>) =>
  api<{ cases: CaseSummary[] }>('GET', `/cases?${new URLSearchParams(params)}`).then((r) => r.cases)
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
  api<{ compensations: Array<Compensation & { caseId: string; caseNumber: string }> }>(
    'GET',
    '/compensations/pending',
  ).then((r) => r.compensations)
export const fetchSlaBoard = () =>
  api<{ rows: SlaBoardRowView[] }>('GET', '/sla-board').then((r) => r.rows)
export const fetchCaseConfig = () => api<CaseConfigView>('GET', '/case-config')
export const fetchComplaintAnalytics = (from: string, to: string) =>
  api<ComplaintAnalyticsView>('GET', `/case-analytics?from=${from}&to=${to}`)

export interface FeedbackItem {
  id: string
  channel: string
  kind: string
  text: string
  sentiment: string | null
  score: number | null
  topics: string[]
  language: string | null
  store: string | null
  receivedAt: string
}

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
export const fetchAlerts = () =>
  api<{
    alerts: Array<{ id: string; kind: string; key: string; title: string; createdAt: string }>
  }>('GET', '/alerts').then((r) => r.alerts)
export const fetchTextConfig = () =>
  api<{ topics: Array<{ key: string; label: { 'zh-CN': string; 'en-US'?: string } }> }>(
    'GET',
    '/text/config',
  )
