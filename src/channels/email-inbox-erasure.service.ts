import type { Db } from '../db/database.js'
import { unlinkInboxMessages } from './channel-settings.repository.js'

/**
 * The e-mail inbox's part of an erasure. The inbox notes each mail it took by its Message-ID (or
 * folder and UID) with the feedback or case the mail became (email_inbox_seen). A Message-ID says
 * nothing of the sender by itself, and it must stay so the mail is never taken again (the erased
 * words would come back as new feedback); its link to the erased feedback or case goes, since
 * whoever holds the mail could otherwise find the anonymised record it became.
 */
export function forgetInboxLinks(
  db: Db,
  orgId: string,
  feedbackIds: readonly string[],
  caseIds: readonly string[],
): Promise<number> {
  return unlinkInboxMessages(db, orgId, feedbackIds, caseIds)
}
