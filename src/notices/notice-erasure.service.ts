import type { Db } from '../db/database.js'
import { maskPersonal } from '../personal-data/personal-view.service.js'
import { openSecret } from '../personal-data/sealed-secret.service.js'
import {
  eraseNoticeMessageAddresses,
  type NoticeMessageRow,
  noticeMessagesForErasure,
} from './notice.repository.js'

// A customer's data-rights request on proactive notices (src/customers/data-rights.service.ts
// drives it): the messages sent or queued to the customer — by customer id for an area's
// customers; for a listed recipient by the address while the message holds it, and once it is
// settled (the address cleared) by its masked form, which may also blank the masked form of
// someone else's message that masks alike: a display value, never a count. The erasure clears the
// address and its masked form and stops a message still queued; the notice's counts stay as they
// were.

/** Whether an address (as stored) is one of the customer's, by the customers domain's normalisation. */
export type AddressMatch = (kind: 'phone' | 'email', address: string) => boolean

/** The customer's (normalised) addresses. */
export interface CustomerAddresses {
  phones: readonly string[]
  emails: readonly string[]
}

/** Each address masked as a message stores it, as given or (phones) with the country code. */
function maskedForms(addresses: CustomerAddresses): Set<string> {
  const forms = [
    ...addresses.phones.flatMap((p) => [
      maskPersonal('phone', p),
      maskPersonal('phone', `+86${p}`),
    ]),
    ...addresses.emails.map((e) => maskPersonal('email', e)),
  ]
  return new Set(forms.filter((f): f is string => f !== null))
}

export interface NoticeMessageExport {
  noticeId: string
  channel: string
  state: string
  /** The address when the message still holds it, else its masked form. */
  address: string
  sentAt: number | null
  createdAt: number
}

async function messagesOf(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
  addresses: CustomerAddresses,
  matches: AddressMatch,
): Promise<NoticeMessageRow[]> {
  const own = new Set(customerIds)
  const masked = maskedForms(addresses)
  const listedMatch = (m: NoticeMessageRow) =>
    m.addressSealed === null
      ? masked.has(m.addressMasked)
      : matches(m.channel === 'sms' ? 'phone' : 'email', openSecret(db, m.addressSealed))
  return (await noticeMessagesForErasure(db, orgId, customerIds)).filter((m) =>
    m.customerId === null ? listedMatch(m) : own.has(m.customerId),
  )
}

export async function exportNoticeMessages(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
  addresses: CustomerAddresses,
  matches: AddressMatch,
): Promise<NoticeMessageExport[]> {
  return (await messagesOf(db, orgId, customerIds, addresses, matches)).map((m) => ({
    noticeId: m.noticeId,
    channel: m.channel,
    state: m.state,
    address: m.addressSealed === null ? m.addressMasked : openSecret(db, m.addressSealed),
    sentAt: m.sentAt,
    createdAt: m.createdAt,
  }))
}

/** Clears the customer's notice messages of their addresses; returns how many changed. */
export async function eraseNoticeMessages(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
  addresses: CustomerAddresses,
  matches: AddressMatch,
): Promise<number> {
  const ids = (await messagesOf(db, orgId, customerIds, addresses, matches)).map((m) => m.id)
  await eraseNoticeMessageAddresses(db, orgId, ids)
  return ids.length
}
