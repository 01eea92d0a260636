import { eraseCases } from '../cases/case-erasure.service.js'
import { exportCases } from '../cases/case-erasure.service.js'
import type { PersonalDataHolder, RecordExpiry } from '../customers/data-rights.service.js'
import {
  eraseContacts,
  expireContacts,
  exportContacts,
} from '../distribution/contact-erasure.service.js'
import {
  eraseFeedback,
  expireFeedback,
  exportFeedback,
} from '../feedback/feedback-erasure.service.js'
import {
  eraseAnswers,
  expireAnswers,
  exportAnswers,
} from '../responses/response-erasure.service.js'
import { eraseTextCorrections, exportTextCorrections } from '../text/text-erasure.service.js'
import { eraseLoyaltyNotes, exportLoyaltyEntries } from '../loyalty/loyalty-erasure.service.js'
import {
  eraseServiceEventReferences,
  exportServiceEvents,
} from '../commitments/service-event-erasure.service.js'
import {
  eraseAppointmentBookings,
  exportAppointmentBookings,
} from '../appointments/appointment-erasure.service.js'
import { CUSTOMER_KEY_FIELDS, normaliseKey } from '../customers/customer-links.service.js'
import type { LinkedIds } from '../customers/data-rights.service.js'
import { eraseNoticeMessages, exportNoticeMessages } from '../notices/notice-erasure.service.js'
import { forgetInboxLinks } from '../channels/email-inbox-erasure.service.js'

// The composition of customers' data-rights requests across the domains (the customers domain
// cannot import the domains that link records to it): each domain's export and erasure of what it
// holds about a customer, and its expiry of records older than the retention period. Used by the
// routes (src/server/routes/customer-data-rights.routes.ts) and the retention job.

/**
 * Every domain's part of a customer's data-rights request, in the order ids are found: answers;
 * feedback (by link, and the comments of those answers); cases (by link, and those the feedback
 * opened); contact-list entries with the customer's addresses; text corrections of the feedback;
 * the points ledger of the customer (and those merged into it), whose notes are free text; service
 * events naming the customer's account, member or external number; notice messages to the
 * customer (by id, or by address for a listed recipient); appointments booked with one of the
 * customer's phone numbers or e-mail addresses. The e-mail inbox's notes of the mail that became
 * the feedback or cases lose their link to them (with the feedback's erasure).
 */
export const PERSONAL_DATA_HOLDERS: readonly PersonalDataHolder[] = [
  {
    section: 'answers',
    read: (db, orgId, ids) => exportAnswers(db, orgId, ids.answers),
    erase: (db, orgId, ids) => eraseAnswers(db, orgId, ids.answers, ids.keyFields),
  },
  {
    section: 'feedback',
    read: (db, orgId, ids) => exportFeedback(db, orgId, ids.feedback, ids.answers),
    expand: (rows, ids) => {
      for (const row of rows as Array<{ id: string }>)
        if (!ids.feedback.includes(row.id)) ids.feedback.push(row.id)
    },
    erase: async (db, orgId, ids) => {
      const erased = (await eraseFeedback(db, orgId, ids.feedback, [])).length
      // The inbox keeps the mail's Message-ID (never taken again) but not its link to her records.
      await forgetInboxLinks(db, orgId, ids.feedback, ids.cases)
      return erased
    },
  },
  {
    section: 'cases',
    read: (db, orgId, ids) => exportCases(db, orgId, ids.cases, ids.feedback),
    expand: (rows, ids) => {
      for (const row of rows as Array<{ id: string }>)
        if (!ids.cases.includes(row.id)) ids.cases.push(row.id)
    },
    erase: async (db, orgId, ids) => (await eraseCases(db, orgId, ids.cases, [])).length,
  },
  {
    section: 'contacts',
    read: (db, orgId, ids) => exportContacts(db, orgId, ids),
    erase: async (db, orgId, ids) => (await eraseContacts(db, orgId, ids)).length,
  },
  {
    section: 'textCorrections',
    read: (db, orgId, ids) => exportTextCorrections(db, orgId, ids.feedback),
    erase: (db, orgId, ids) => eraseTextCorrections(db, orgId, ids.feedback),
  },
  {
    section: 'loyalty',
    read: (db, orgId, ids) => exportLoyaltyEntries(db, orgId, ids.customerIds),
    erase: (db, orgId, ids) => eraseLoyaltyNotes(db, orgId, ids.customerIds),
  },
  {
    section: 'serviceEvents',
    read: (db, orgId, ids) => exportServiceEvents(db, orgId, ids.references),
    erase: (db, orgId, ids) => eraseServiceEventReferences(db, orgId, ids.references),
  },
  {
    section: 'notices',
    read: (db, orgId, ids) =>
      exportNoticeMessages(db, orgId, ids.customerIds, ids, addressesOf(ids)),
    erase: (db, orgId, ids) =>
      eraseNoticeMessages(db, orgId, ids.customerIds, ids, addressesOf(ids)),
  },
  {
    section: 'appointments',
    read: (db, orgId, ids) => exportAppointmentBookings(db, orgId, addressesOf(ids)),
    erase: (db, orgId, ids) => eraseAppointmentBookings(db, orgId, addressesOf(ids)),
  },
]

/** Whether an address as another domain stored it is one of the customer's (normalised alike). */
function addressesOf(ids: LinkedIds) {
  const phones = new Set(ids.phones)
  const emails = new Set(ids.emails)
  return (kind: 'phone' | 'email', address: string): boolean => {
    const normal = normaliseKey(kind, address)
    return normal !== null && (kind === 'phone' ? phones : emails).has(normal)
  }
}

/**
 * The retention policy's expiry of each record type: the personal parts of records older than the
 * period erased in batches — answers (typed words, contact answers), feedback (complainant details
 * and words, with the cases it opened and its text corrections), contact-list entries.
 */
export const RECORD_EXPIRY: RecordExpiry = {
  answers: (db, orgId, before, limit) =>
    expireAnswers(db, orgId, before, CUSTOMER_KEY_FIELDS, limit),
  feedback: async (db, orgId, before, limit) => {
    const ids = await expireFeedback(db, orgId, before, limit)
    await eraseCases(db, orgId, [], ids)
    await forgetInboxLinks(db, orgId, ids, [])
    await eraseTextCorrections(db, orgId, ids)
    return ids.length
  },
  contacts: (db, orgId, before, limit) => expireContacts(db, orgId, before, limit),
}
