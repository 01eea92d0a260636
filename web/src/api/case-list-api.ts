import type { z } from 'zod'
import type {
  BulkResultSchema,
  CaseDetailSchema,
  CaseListSchema,
  CaseOwnersSchema,
  SlaBoardSchema,
} from '../../../src/cases/case.schema'
import { api } from './client'

// The case list's calls: a page of cases, whom a case may be given to, and the bulk changes.
// Types inferred from the server's response schemas.

export type CasePage = z.infer<typeof CaseListSchema>
export type CaseOwner = z.infer<typeof CaseOwnersSchema>['owners'][number]
export type BulkResult = z.infer<typeof BulkResultSchema>
export type SlaBoardView = z.infer<typeof SlaBoardSchema>
type CaseDetail = z.infer<typeof CaseDetailSchema>

/** One page of cases; pass the previous page's nextCursor as `cursor`. */
export const fetchCasePage = (params: Record<string, string>) =>
  api<CasePage>('GET', `/cases?${new URLSearchParams(params)}`)

export const fetchCaseOwners = () =>
  api<z.infer<typeof CaseOwnersSchema>>('GET', '/case-owners').then((r) => r.owners)

export const assignCaseTo = (caseId: string, ownerId: string) =>
  api<CaseDetail>('POST', `/cases/${caseId}/assign`, { ownerId })

export const bulkAssignCases = (caseIds: string[], ownerId: string) =>
  api<BulkResult>('POST', '/cases/bulk/assign', { caseIds, ownerId })

export const bulkCloseCases = (caseIds: string[], note?: string) =>
  api<BulkResult>('POST', '/cases/bulk/close', note ? { caseIds, note } : { caseIds })

export const fetchSlaBoardView = () => api<SlaBoardView>('GET', '/sla-board')
