import type { Db } from '../db/database.js'
import { NotFoundError } from '../shared/errors.js'
import { insertUnsubscribe } from './contact.repository.js'
import { isInvitationToken } from './invitation-tracking.js'
import { findInvitationByToken } from './invitation.repository.js'

/** The address a personal link's unsubscribe page speaks of (shown masked). */
export async function unsubscribeTarget(
  db: Db,
  token: string,
): Promise<{ orgId: string; invitationId: string; address: string }> {
  const notFound = () =>
    new NotFoundError('INVITATION_NOT_FOUND', 'This link is not valid.', [
      { path: 'token', reason: 'unknown invitation' },
    ])
  if (!isInvitationToken(token)) throw notFound()
  const row = await findInvitationByToken(db, token)
  if (!row) throw notFound()
  return {
    orgId: row.orgId,
    invitationId: row.id,
    address: (row.email ?? row.phone ?? '').toLowerCase(),
  }
}

/** Record the opt-out for the whole organisation; repeating it is harmless. */
export async function unsubscribeByToken(
  db: Db,
  token: string,
  now: number,
): Promise<{ address: string }> {
  const target = await unsubscribeTarget(db, token)
  await insertUnsubscribe(db, target.orgId, target.address, now)
  return { address: target.address }
}

/** a****@example.com, 138****5678: enough for the owner to recognise, little for anyone else. */
export function maskAddress(address: string): string {
  const at = address.indexOf('@')
  if (at > 0) return `${address[0]}****${address.slice(at)}`
  return address.length > 7 ? `${address.slice(0, 3)}****${address.slice(-4)}` : '****'
}
