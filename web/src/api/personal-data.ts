import type { RevealedValue, RevealInput } from '../../../src/cases/case.schema'
import { api } from './client'

/** One personal field of a case's customer, unmasked: the case owner only, with a reason (audited). */
export const revealCaseCustomer = (caseId: string, input: RevealInput) =>
  api<RevealedValue>('POST', `/cases/${caseId}/reveal`, input)
