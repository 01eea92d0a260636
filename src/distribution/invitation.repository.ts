import type { ExpressionBuilder } from 'kysely'
import { z } from 'zod'
import type { Database, Db } from '../db/database.js'
import { newId, newSecret } from '../shared/ids.js'
import type { Funnel } from './distribution.schema.js'

/**
 * The `invitations` table (with the contact each one goes to): the only code that queries it,
 * apart from the answer path's invitation-intake repository.
 */

/** How long a sender's claim on an invitation holds before another instance may retry it. */
export const CLAIM_TIMEOUT_MS = 10 * 60_000
/** A failed attempt waits this long before the next (the gateway or mail server may be back). */
export const RETRY_DELAY_MS = 5 * 60_000

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
): Promise<void> {
  for (let i = 0; i < contactIds.length; i += 500) {
    await db
      .insertInto('invitations')
      .values(
        contactIds.slice(i, i + 500).map((id) => pendingInvitation(orgId, distributionId, id)),
      )
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
  return { invited: 0, sent: 0, failed: 0, unsubscribed: 0, opened: 0, started: 0, completed: 0 }
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
      'c.name',
      'c.email',
      'c.phone',
      'i.status',
      'i.error',
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
      contactName: r.name,
      email: r.email,
      phone: r.phone,
      status: r.status,
      error: r.error,
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
    .select(['i.id', 'i.org_id', 'c.email', 'c.phone'])
    .where('i.token', '=', token)
    .executeTakeFirst()
  return row && { id: row.id, orgId: row.org_id, email: row.email, phone: row.phone }
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

// ---- the sender (distribution-jobs.ts) ----

/** Pending (and past its retry delay), or claimed by an instance that has not finished within the timeout. */
function claimable(eb: ExpressionBuilder<Database, 'invitations'>, now: number) {
  return eb.or([
    eb.and([
      eb('status', '=', 'pending'),
      eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', now - RETRY_DELAY_MS)]),
    ]),
    eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', now - CLAIM_TIMEOUT_MS)]),
  ])
}

export async function listClaimableInvitations(
  db: Db,
  distributionId: string,
  now: number,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('invitations')
    .select('id')
    .where('distribution_id', '=', distributionId)
    .where((eb) => claimable(eb, now))
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}

/** Take an invitation for sending; false when another instance has it. */
export async function claimInvitation(db: Db, invitationId: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ status: 'sending', claimed_at: now })
    .where('id', '=', invitationId)
    .where((eb) => claimable(eb, now))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Whether any invitation of the distribution is still to be sent. */
export async function hasUnsentInvitations(db: Db, distributionId: string): Promise<boolean> {
  const open = await db
    .selectFrom('invitations')
    .select('id')
    .where('distribution_id', '=', distributionId)
    .where('status', 'in', ['pending', 'sending'])
    .limit(1)
    .execute()
  return open.length > 0
}

/** What a message needs of an invitation: its token, attempts so far and its contact. */
export interface InvitationToSend {
  id: string
  token: string
  attempts: number
  contact: {
    name: string
    email: string | null
    phone: string | null
    attributes: Record<string, string>
  }
}

export async function loadInvitationToSend(
  db: Db,
  invitationId: string,
): Promise<InvitationToSend> {
  const row = await db
    .selectFrom('invitations as i')
    .innerJoin('contacts as c', 'c.id', 'i.contact_id')
    .select(['i.id', 'i.token', 'i.attempts', 'c.name', 'c.email', 'c.phone', 'c.attributes'])
    .where('i.id', '=', invitationId)
    .executeTakeFirstOrThrow()
  return {
    id: row.id,
    token: row.token,
    attempts: row.attempts,
    contact: {
      name: row.name,
      email: row.email,
      phone: row.phone,
      attributes: parseContactAttributes(row.attributes),
    },
  }
}

export type InvitationOutcome =
  | { status: 'unsubscribed'; releaseClaim: boolean }
  | { status: 'sent'; attempts: number; now: number }
  | { status: 'failed' | 'pending'; attempts: number; error: string; claimedAt: number | null }
  | { status: 'reminder-failed'; error: string }

/** Record what became of a send (or a reminder) of the invitation. */
export async function recordInvitationOutcome(
  db: Db,
  invitationId: string,
  outcome: InvitationOutcome,
): Promise<void> {
  const query = db.updateTable('invitations').where('id', '=', invitationId)
  switch (outcome.status) {
    case 'unsubscribed':
      await query
        .set(
          outcome.releaseClaim
            ? { status: 'unsubscribed', claimed_at: null }
            : { status: 'unsubscribed' },
        )
        .execute()
      return
    case 'sent':
      await query
        .set({
          status: 'sent',
          sent_at: outcome.now,
          last_sent_at: outcome.now,
          attempts: outcome.attempts,
          error: null,
          claimed_at: null,
        })
        .execute()
      return
    case 'failed':
    case 'pending':
      await query
        .set({
          status: outcome.status,
          attempts: outcome.attempts,
          error: outcome.error,
          claimed_at: outcome.claimedAt,
        })
        .execute()
      return
    case 'reminder-failed':
      await query.set({ error: outcome.error }).execute()
      return
  }
}

/** Sent, unanswered invitations that heard from us last before `lastSentBefore`. */
export async function listRemindersDue(
  db: Db,
  distributionId: string,
  max: number,
  lastSentBefore: number,
): Promise<Array<{ id: string; remindersSent: number }>> {
  const rows = await db
    .selectFrom('invitations')
    .select(['id', 'reminders_sent'])
    .where('distribution_id', '=', distributionId)
    .where('status', '=', 'sent')
    .where('completed_at', 'is', null)
    .where('reminders_sent', '<', max)
    .where('last_sent_at', '<=', lastSentBefore)
    .limit(1000)
    .execute()
  return rows.map((r) => ({ id: r.id, remindersSent: r.reminders_sent }))
}

/**
 * Advance the reminder count by the same conditional UPDATE that claims the reminder, so it is
 * sent at most once; false when another instance took it or the answer came meanwhile.
 */
export async function claimReminder(
  db: Db,
  invitation: { id: string; remindersSent: number },
  now: number,
): Promise<boolean> {
  const claimed = await db
    .updateTable('invitations')
    .set({ reminders_sent: invitation.remindersSent + 1, last_sent_at: now })
    .where('id', '=', invitation.id)
    .where('reminders_sent', '=', invitation.remindersSent)
    .where('completed_at', 'is', null)
    .executeTakeFirst()
  return Number(claimed.numUpdatedRows) === 1
}
