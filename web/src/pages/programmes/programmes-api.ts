import { api } from '../../api/client'
import type { ContactRules, SkipCounts } from '../../../../src/distribution/contact-rules.schema'
import type { Programme, ProgrammeRun } from '../../../../src/distribution/programme.schema'

export type { ContactRules, Programme, ProgrammeRun, SkipCounts }

export const fetchContactRules = () => api<ContactRules>('GET', '/contact-rules')
export const saveContactRules = (body: {
  capDays: number | null
  quietFrom: string | null
  quietTo: string | null
}) => api<ContactRules>('PUT', '/contact-rules', body)
export const fetchProgrammes = () =>
  api<{ programmes: Programme[] }>('GET', '/programmes').then((r) => r.programmes)
export const createProgramme = (body: unknown) => api<Programme>('POST', '/programmes', body)
export const setProgrammeStatus = (id: string, status: 'active' | 'paused') =>
  api<Programme>('PUT', `/programmes/${id}/status`, { status })
