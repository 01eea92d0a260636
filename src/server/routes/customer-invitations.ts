import { customerAddresses } from '../../customers/customer-addresses.service.js'
import type { CustomerPage, TimelineEntry } from '../../customers/customer.schema.js'
import { recordsWithinUnits, type Scope } from '../../db/scope.js'
import { invitationsOfAddresses } from '../../distribution/invitation-history.service.js'

/**
 * The customer page with the invitations sent to the customer's addresses, each with its funnel
 * (sent, opened, started, completed) and the furthest stage it reached as its status. Invitations
 * to contacts outside the reader's units are left out, as every other record.
 */
export async function withInvitations(scope: Scope, page: CustomerPage): Promise<CustomerPage> {
  const addresses = await customerAddresses(scope, page.customer.id)
  const within = recordsWithinUnits(scope)
  const shown = new Set(page.timeline.map((e) => `${e.kind}:${e.id}`))
  const invitations: TimelineEntry[] = (
    await invitationsOfAddresses(scope.db, scope.orgId, addresses)
  )
    .filter((i) => within === undefined || (i.unitId !== null && within.includes(i.unitId)))
    .filter((i) => !shown.has(`invitation:${i.id}`))
    .map((i) => ({
      kind: 'invitation',
      id: i.id,
      at: i.at,
      unitId: i.unitId,
      facts: { surveyId: i.surveyId, channel: i.channel, status: i.stage, funnel: i.funnel },
    }))
  if (invitations.length === 0) return page
  const timeline = [...page.timeline, ...invitations].sort(
    (a, b) => b.at - a.at || (a.id < b.id ? 1 : -1),
  )
  return { ...page, timeline }
}
