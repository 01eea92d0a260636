import { z } from 'zod'
import type { Db } from '../db/database.js'
import { newId, newSecret } from '../shared/ids.js'
import type { Funnel } from './distribution.schema.js'
import {
  CONTACT_PERSONAL_COLUMNS,
  type ContactPersonal,
  openContact,
} from './contact-personal-fields.js'

/**
 * The `invitations` table (with the contact each one goes to): the only code that queries it,
 * apart from the answer path's invitation-intake repository.
 */

/** contacts.attributes as stored: the list's other columns. */
const AttributesSchema = z.record(z.string(), z.string())

export function parseContactAttributes(json: string): Record<string, string> {
  return AttributesSchema.parse(JSON.parse(json))
}

/** A new pending invitation with its own token for `contactId`. */
function pendingInvitation(orgId: string, distributionId: string, contactId: string, now?: number) {
  return {
    id: newId(now),
    org_id: orgId,
    distribution_id: distributionId,
    contact_id: contactId,
    token: newSecret(18),
    status: 'pending',
    error: null,
    attempts: 0,
    reminders_sent: 0,
    claimed_at: null,
    sent_at: null,
    last_sent_at: null,
    opened_at: null,
    started_at: null,
    completed_at: null,
    response_id: null,
  }
}

/** One invitation per contact; a contact already invited to the distribution is skipped. */
export async function insertPendingInvitations(
  db: Db,
  orgId: string,
  distributionId: string,
  contactIds: readonly string[],
  /** Contacts the channel cannot reach: stored as skipped, with the reason, never sent. */
  skipped: ReadonlyArray<{ contactId: string; reason: string }> = [],
): Promise<void> {
  const rows = [
    ...contactIds.map((id) => pendingInvitation(orgId, distributionId, id)),
    ...skipped.map((s) => ({
      ...pendingInvitation(orgId, distributionId, s.contactId),
      status: 'skipped',
      error: s.reason,
      skip_reason: 'no_address',
    })),
  ]
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('invitations')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['distribution_id', 'contact_id']).doNothing())
      .execute()
  }
}

/** One pending invitation; its id. */
export async function insertPendingInvitation(
  db: Db,
  orgId: string,
  distributionId: string,
  contactId: string,
  now: number,
): Promise<string> {
  const row = pendingInvitation(orgId, distributionId, contactId, now)
  await db.insertInto('invitations').values(row).execute()
  return row.id
}

export function emptyFunnel(): Funnel {
  return {
    invited: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    unsubscribed: 0,
    opened: 0,
    started: 0,
    completed: 0,
  }
}

/**
 * Sent, opened, started, completed: each step counts invitations that reached
 * it (a completed answer counts as opened and started too).
 */
export async function invitationFunnels(
  db: Db,
  orgId: string,
  distributionIds: readonly string[],
): Promise<Map<string, Funnel>> {
  const funnels = new Map<string, Funnel>(distributionIds.map((id) => [id, emptyFunnel()]))
  if (distributionIds.length === 0) return funnels
  const rows = await db
    .selectFrom('invitations')
    .select((eb) => [
      'distribution_id',
      'status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.count<number>('sent_at').as('sent'),
      eb.fn.count<number>('opened_at').as('opened'),
      eb.fn.count<number>('started_at').as('started'),
      eb.fn.count<number>('completed_at').as('completed'),
    ])
    .where('org_id', '=', orgId)
    .where('distribution_id', 'in', distributionIds)
    .groupBy(['distribution_id', 'status'])
    .execute()
  for (const r of rows) {
    const f = funnels.get(r.distribution_id)!
    f.invited += Number(r.n)
    f.sent += Number(r.sent)
    f.opened += Number(r.opened)
    f.started += Number(r.started)
    f.completed += Number(r.completed)
    if (r.status === 'failed') f.failed += Number(r.n)
    if (r.status === 'skipped') f.skipped += Number(r.n)
    if (r.status === 'unsubscribed') f.unsubscribed += Number(r.n)
  }
  return funnels
}

/** An invitation as the distribution page lists it, with its contact. */
export interface InvitationListing {
  id: string
  contactName: string
  email: string | null
  phone: string | null
  status: string
  error: string | null
  skipReason: string | null
  skipDetail: string | null
  remindersSent: number
  sentAt: number | null
  openedAt: number | null
  startedAt: number | null
  completedAt: number | null
}

const ms = (v: number | string | null) => (v === null ? null : Number(v))

/** A page of a distribution's invitations in id order, and how many match in all. */
export async function listDistributionInvitations(
  db: Db,
  orgId: string,
  distributionId: string,
  options: { status?: string; limit: number; offset: number },
): Promise<{ total: number; items: InvitationListing[] }> {
  let query = db
    .selectFrom('invitations as i')
    .innerJoin('contacts as c', 'c.id', 'i.contact_id')
    .where('i.org_id', '=', orgId)
    .where('i.distribution_id', '=', distributionId)
  if (options.status) query = query.where('i.status', '=', options.status)
  const total = await query
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const rows = await query
    .select([
      'i.id',
      ...CONTACT_PERSONAL_COLUMNS,
      'i.status',
      'i.error',
      'i.skip_reason',
      'i.skip_detail',
      'i.reminders_sent',
      'i.sent_at',
      'i.opened_at',
      'i.started_at',
      'i.completed_at',
    ])
    .orderBy('i.id')
    .limit(options.limit)
    .offset(options.offset)
    .execute()
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      ...contactListing(openContact(db, r)),
      status: r.status,
      error: r.error,
      skipReason: r.skip_reason,
      skipDetail: r.skip_detail,
      remindersSent: r.reminders_sent,
      sentAt: ms(r.sent_at),
      openedAt: ms(r.opened_at),
      startedAt: ms(r.started_at),
      completedAt: ms(r.completed_at),
    })),
  }
}

/** The invitation behind a personal link's token, with the address it went to. */
export async function findInvitationByToken(
  db: Db,
  token: string,
): Promise<{ id: string; orgId: string; email: string | null; phone: string | null } | undefined> {
  const row = await db
    .selectFrom('invitations as i')
    .innerJoin('contacts as c', 'c.id', 'i.contact_id')
    .select(['i.id', 'i.org_id', ...CONTACT_PERSONAL_COLUMNS])
    .where('i.token', '=', token)
    .executeTakeFirst()
  if (!row) return undefined
  const contact = openContact(db, row)
  return { id: row.id, orgId: row.org_id, email: contact.email, phone: contact.phone }
}

/** Opening counts once: only the first visit sets opened_at. */
export async function setOpenedByToken(db: Db, token: string, now: number): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ opened_at: now })
    .where('token', '=', token)
    .where('opened_at', 'is', null)
    .execute()
}

function contactListing(contact: ContactPersonal) {
  return { contactName: contact.name, email: contact.email, phone: contact.phone }
}
