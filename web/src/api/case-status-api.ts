import type { CaseStatusKeyWire } from '../../../src/cases/case-status.schema'
import { api } from './client'

// A case's number and status key with the public lookup page (what staff give the customer).

export type CaseStatusKey = CaseStatusKeyWire

export const fetchCaseStatusKey = (caseId: string) =>
  api<CaseStatusKey>('GET', `/cases/${caseId}/status-key`)
