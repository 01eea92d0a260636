import type { ExpressionBuilder } from 'kysely'
import type { Database, Db } from '../db/database.js'
import { CONTACT_PERSONAL_COLUMNS, openContact } from './contact-personal-fields.js'
import { parseContactAttributes } from './invitation.repository.js'

/**
 * The sender's side of the `invitations` table (distribution-jobs.ts): claiming invitations,
 * recording what became of each send, and the reminders due.
 */

/** How long a sender's claim on an invitation holds before another instance may retry it. */
export const CLAIM_TIMEOUT_MS = 10 * 60_000
/** A failed attempt waits this long before the next (the gateway or mail server may be back). */
export const RETRY_DELAY_MS = 5 * 60_000

/** Pending (and past its retry delay), or claimed by an instance that has not finished within the timeout. */
function claimable(eb: ExpressionBuilder<Database, 'invitations'>, now: number) {
  return eb.or([
    eb.and([
      eb('status', '=', 'pending'),
      eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', now - RETRY_DELAY_MS)]),
      // Deferred by quiet hours (contact rules): not before they end.
      eb.or([eb('not_before', 'is', null), eb('not_before', '<=', now)]),
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
    .select(['i.id', 'i.token', 'i.attempts', ...CONTACT_PERSONAL_COLUMNS, 'c.attributes'])
    .where('i.id', '=', invitationId)
    .executeTakeFirstOrThrow()
  return {
    id: row.id,
    token: row.token,
    attempts: row.attempts,
    contact: {
      ...openContact(db, row),
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
