import type { Db } from '../db/database.js'
import { NotFoundError } from '../shared/errors.js'

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
  const row = await db
    .selectFrom('invitations as i')
    .innerJoin('distributions as d', 'd.id', 'i.distribution_id')
    .innerJoin('contacts as c', 'c.id', 'i.contact_id')
    .select([
      'i.id',
      'i.org_id',
      'd.survey_id',
      'd.channel',
      'd.settings',
      'c.attributes',
      'i.completed_at',
      'i.response_id',
    ])
    .where('i.token', '=', token)
    .executeTakeFirst()
  if (!row || row.survey_id !== surveyId) throw notFound()
  const settings = JSON.parse(row.settings) as { webhook?: { channelName?: string } }
  return {
    id: row.id,
    orgId: row.org_id,
    surveyId: row.survey_id,
    channel: row.channel === 'email' ? 'email' : (settings.webhook?.channelName ?? 'webhook'),
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    completedAt: row.completed_at === null ? null : Number(row.completed_at),
    responseId: row.response_id,
  }
}

/** Funnel steps are set once, at their first occurrence; later visits change nothing. */
export async function markInvitationOpened(
  db: Db,
  invitationId: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ opened_at: now })
    .where('id', '=', invitationId)
    .where('opened_at', 'is', null)
    .execute()
}

export async function markInvitationStarted(
  db: Db,
  invitationId: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ started_at: now })
    .where('id', '=', invitationId)
    .where('started_at', 'is', null)
    .execute()
  await markInvitationOpened(db, invitationId, now)
}

export async function markInvitationCompleted(
  db: Db,
  invitationId: string,
  responseId: string,
  now: number,
): Promise<void> {
  await markInvitationStarted(db, invitationId, now)
  await db
    .updateTable('invitations')
    .set({ completed_at: now, response_id: responseId })
    .where('id', '=', invitationId)
    .where('completed_at', 'is', null)
    .execute()
}

/** The idempotency key of an invitation's answer: one response per personal link, even under races. */
export function invitationResponseKey(invitationId: string): string {
  return `inv_${invitationId}`
}
