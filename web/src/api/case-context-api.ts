import type { z } from 'zod'
import type { CaseContextSchema } from '../../../src/cases/case-context.schema'
import { api } from './client'

// The case page's surroundings of a case. Types inferred from the server's response schema.

export type CaseContext = z.infer<typeof CaseContextSchema>

export const fetchCaseContext = (caseId: string) =>
  api<CaseContext>('GET', `/cases/${caseId}/context`)
