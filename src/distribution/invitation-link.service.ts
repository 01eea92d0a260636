import type { Db } from '../db/database.js'
import { isInvitationToken } from './invitation-tracking.js'
import { setOpenedByToken } from './invitation.repository.js'

/**
 * The open pixel of an invitation e-mail: the first load marks the invitation opened. An unknown
 * or malformed token changes nothing and says nothing (the page answers the same either way).
 * Public: the organisation is learnt from the token, so this takes the store, not a scope.
 */
export async function recordInvitationOpened(db: Db, token: string, now: number): Promise<void> {
  if (!isInvitationToken(token)) return
  await setOpenedByToken(db, token, now)
}
