import type { Survey } from '../../../src/surveys/survey.schema'

export type { Survey }

export interface Me {
  user: { id: string; email: string; displayName: string; locale: string } | null
  role: 'admin' | 'supervisor' | 'analyst' | 'agent' | 'viewer'
  /** What the caller may do (src/auth/roles.ts): the app shows only what works. */
  permissions: string[]
  organisation: { id: string; name: string; timezone: string }
}

export type { CesResult as CesFigures } from '../../../src/analytics/ces'
export type { CsatResult as CsatFigures } from '../../../src/analytics/csat'
export type { NpsResult as NpsFigures } from '../../../src/analytics/nps'
import type { CesResult as CesFigures } from '../../../src/analytics/ces'
import type { CsatResult as CsatFigures } from '../../../src/analytics/csat'
import type { NpsResult as NpsFigures } from '../../../src/analytics/nps'

export interface MetricSet {
  responses: number
  nps: NpsFigures | null
  csat: CsatFigures | null
  ces: CesFigures | null
}

export interface SurveySummary {
  surveyId: string
  from: string
  to: string
  interval: 'day' | 'week' | 'month'
  timezone: string
  metrics: { nps: boolean; csat: boolean; ces: boolean }
  totals: MetricSet
  distributions: { nps: number[] | null; csat: number[] | null; ces: number[] | null }
  trend: Array<MetricSet & { period: string }>
  previousPeriod: {
    from: string
    to: string
    changes: Record<
      'nps' | 'csat' | 'ces',
      { difference: number; pValue: number; isSignificant: boolean } | null
    >
  }
  channels: Array<{
    segment: string
    nps: NpsFigures
    vsRest: { difference: number; pValue: number; isSignificant: boolean } | null
  }>
  detractorControl: {
    dates: string[]
    chart: {
      center: number
      points: Array<{ value: number; lcl: number; ucl: number }>
      signals: number[]
    }
  } | null
  latestComments: Array<{
    id: string
    text: string
    nps: number | null
    csat: number | null
    channel: string
    submittedAt: string
  }>
}
