import { api } from '../../api/client'
import type {
  CustomerPage,
  CustomerRecord,
  TimelineEntry,
} from '../../../../src/customers/customer.schema'

export type { CustomerPage, CustomerRecord, TimelineEntry }

export const searchCustomers = (q: string) =>
  api<{ customers: CustomerRecord[] }>('GET', `/customers?q=${encodeURIComponent(q)}`).then(
    (r) => r.customers,
  )
export const fetchCustomerPage = (id: string) => api<CustomerPage>('GET', `/customers/${id}`)
export const customerOfRecord = (kind: 'answer' | 'feedback' | 'case', id: string) =>
  api<{ customerId: string }>('GET', `/customers/of/${kind}/${encodeURIComponent(id)}`)
export const unmergeCustomer = (id: string, eventId: string) =>
  api<unknown>('POST', `/customers/${id}/unmerge`, { eventId })
export const mergeCustomer = (id: string, sourceId: string) =>
  api<unknown>('POST', `/customers/${id}/merge`, { sourceId })
