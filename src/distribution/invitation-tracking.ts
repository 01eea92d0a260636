import type { Db } from '../db/database.js'
import { NotFoundError } from '../shared/errors.js'
import {
  contactsOfInvitations,
  findInvitationForAnswer,
  type InvitedContact,
  setInvitationCompleted,
  setInvitationOpened,
  setInvitationStarted,
} from './invitation-intake.repository.js'

export type { InvitedContact }

/** A personal link's invitation, as the respondent page needs it. */
export interface OpenedInvitation {
  id: string
  orgId: string
  surveyId: string
  /** The channel answers are counted under: email, or the webhook's channel name (sms, wechat …). */
  channel: string
  /** The contact's list columns (store, order_id …), offered as hidden fields. */
  attributes: Record<string, string>
  completedAt: number | null
  responseId: string | null
  /** The contact's organisation unit: an answer on this link belongs to it (null: none). */
  contactUnitId: string | null
}

/** The shape of a personal link's token; anything else is not looked up. */
export function isInvitationToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{16,64}$/.test(token)
}

/** The invitation behind a personal link; 404 when the token is unknown or belongs to another survey. */
export async function findInvitationForSurvey(
  db: Db,
  token: string,
  surveyId: string,
): Promise<OpenedInvitation> {
  const notFound = () =>
    new NotFoundError('INVITATION_NOT_FOUND', 'This personal link is not valid for this survey.', [
      { path: 'i', reason: 'unknown invitation' },
    ])
  if (!isInvitationToken(token)) throw notFound()
  const found = await findInvitationForAnswer(db, token)
  if (!found || found.surveyId !== surveyId) throw notFound()
  return {
    id: found.id,
    orgId: found.orgId,
    surveyId: found.surveyId,
    channel: found.channel === 'email' ? 'email' : (found.webhookChannelName ?? 'webhook'),
    attributes: found.attributes,
    completedAt: found.completedAt,
    responseId: found.responseId,
    contactUnitId: found.contactUnitId,
  }
}

/** Funnel steps are set once, at their first occurrence; later visits change nothing. */
export async function markInvitationOpened(
  db: Db,
  invitationId: string,
  now: number,
): Promise<void> {
  await setInvitationOpened(db, invitationId, now)
}

export async function markInvitationStarted(
  db: Db,
  invitationId: string,
  now: number,
): Promise<void> {
  await setInvitationStarted(db, invitationId, now)
  await setInvitationOpened(db, invitationId, now)
}

export async function markInvitationCompleted(
  db: Db,
  invitationId: string,
  responseId: string,
  now: number,
): Promise<void> {
  await markInvitationStarted(db, invitationId, now)
  await setInvitationCompleted(db, invitationId, responseId, now)
}

/**
 * The idempotency key of an invitation's answer: one response per personal
 * link, even under races (the responses table is unique per survey and key).
 * Only a key: which invitation an answer came through is its invitation_id
 * column, never read back out of this text. The colon is outside what a
 * client may choose as its key (A–Z a–z 0–9 _ -), so no posted key can take a
 * personal link's place; answers stored before used "inv_" and are found by
 * the invitation's response id instead.
 */
export function invitationResponseKey(invitationId: string): string {
  return `inv:${invitationId}`
}

/** The invited contacts behind answers given on personal links, by invitation id. */
export function invitedContacts(
  db: Db,
  invitationIds: readonly string[],
): Promise<Map<string, InvitedContact>> {
  return contactsOfInvitations(db, invitationIds)
}
