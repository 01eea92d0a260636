import type { Db } from '../db/database.js'
import {
  clearServiceEventCustomerReferences,
  serviceEventsOfCustomerReferences,
} from './commitment.repository.js'

// A customer's data-rights request on service events (src/customers/data-rights.service.ts drives
// it): the events whose customer reference is one of the customer's account, member or external
// numbers. The copy lists them; the erasure clears the reference and keeps the event, so every
// commitment's kept/missed count and every wait is what it was.

export interface ServiceEventExport {
  eventId: string
  orderRef: string
  serviceType: string
  type: string
  at: number
  customerRef: string | null
}

export async function exportServiceEvents(
  db: Db,
  orgId: string,
  references: readonly string[],
): Promise<ServiceEventExport[]> {
  return (await serviceEventsOfCustomerReferences(db, orgId, references)).map((e) => ({
    eventId: e.eventId,
    orderRef: e.orderRef,
    serviceType: e.serviceType,
    type: e.type,
    at: e.occurredAt,
    customerRef: e.customerRef,
  }))
}

/** Clears the customer's references from service events; returns how many events changed. */
export async function eraseServiceEventReferences(
  db: Db,
  orgId: string,
  references: readonly string[],
): Promise<number> {
  return clearServiceEventCustomerReferences(db, orgId, references)
}
