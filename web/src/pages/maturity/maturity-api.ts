import type { Assessment, Instrument } from '../../../../src/maturity/maturity.schema'
import { api } from '../../api/client'

/** The service maturity API (src/server/routes/maturity.routes.ts). */

export type { Assessment, Instrument }

export const fetchInstrument = () => api<Instrument>('GET', '/maturity/instrument')
export const fetchAssessments = () =>
  api<{ assessments: Assessment[] }>('GET', '/maturity/assessments').then((r) => r.assessments)

export interface AssessmentInput {
  assessedOn: string
  ratings: Record<string, number>
  note?: string
}

export const createAssessment = (input: AssessmentInput & { unitId: string }) =>
  api<Assessment>('POST', '/maturity/assessments', input)
export const updateAssessment = (id: string, input: AssessmentInput) =>
  api<Assessment>('PUT', `/maturity/assessments/${encodeURIComponent(id)}`, input)
export const planFromGap = (id: string, dimension: string, locale: 'zh-CN' | 'en-US') =>
  api<{ planId: string; created: boolean }>(
    'POST',
    `/maturity/assessments/${encodeURIComponent(id)}/gaps/${encodeURIComponent(dimension)}/plan`,
    { locale },
  )
