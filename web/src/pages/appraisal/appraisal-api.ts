import type {
  AppraisalFormula,
  AppraisalFormulaSpec,
  AppraisalMonth,
  AppraisalMonthSummary,
  AppraisalResult,
  Dispute,
} from '../../../../src/appraisal/appraisal.schema'
import { api } from '../../api/client'

/** The appraisal API (src/server/routes/appraisal.routes.ts). */

export type {
  AppraisalFormula,
  AppraisalFormulaSpec,
  AppraisalMonth,
  AppraisalMonthSummary,
  AppraisalResult,
  Dispute,
}

export interface Preview {
  unitId: string
  month: string
  results: AppraisalResult[]
}

export interface MyAppraisal {
  id: string
  month: string
  revision: number
  formulaVersion: number
  approvedAt: number | null
  result: AppraisalResult
  disputes: Dispute[]
}

export const fetchFormulas = () =>
  api<{ formulas: AppraisalFormula[] }>('GET', '/appraisal-formulas').then((r) => r.formulas)
export const saveFormula = (spec: AppraisalFormulaSpec, note?: string) =>
  api<AppraisalFormula>('POST', '/appraisal-formulas', { spec, ...(note ? { note } : {}) })
export const previewFormula = (spec: AppraisalFormulaSpec, unitId: string, month?: string) =>
  api<Preview>('POST', '/appraisal-formulas/preview', { spec, unitId, ...(month ? { month } : {}) })

export const fetchMonths = (unitId: string) =>
  api<{ months: AppraisalMonthSummary[] }>(
    'GET',
    `/appraisals?${new URLSearchParams({ unitId })}`,
  ).then((r) => r.months)
export const fetchMonth = (id: string) => api<AppraisalMonth>('GET', `/appraisals/${id}`)
export const computeMonth = (unitId: string, month: string) =>
  api<AppraisalMonth>('POST', '/appraisals', { unitId, month })
export const approveMonth = (id: string) => api<AppraisalMonth>('POST', `/appraisals/${id}/approve`)
export const reviseMonth = (id: string, reason: string) =>
  api<AppraisalMonth>('POST', `/appraisals/${id}/revisions`, { reason })
export const exportUrl = (id: string, locale: string) =>
  `/api/v1/appraisals/${id}/export?${new URLSearchParams({ locale })}`
export const answerDispute = (id: string, answer: string) =>
  api<Dispute>('POST', `/appraisal-disputes/${id}/answer`, { answer })

export const fetchMyAppraisals = () =>
  api<{ appraisals: MyAppraisal[] }>('GET', '/me/appraisals').then((r) => r.appraisals)
export const disputeMine = (id: string, text: string) =>
  api<Dispute>('POST', `/me/appraisals/${id}/disputes`, { text })

/** The last `count` months as YYYY-MM, newest first, from the given one (UTC, as the server counts). */
export function recentMonths(now: number, count: number): string[] {
  const d = new Date(now)
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1)).toISOString().slice(0, 7),
  )
}
