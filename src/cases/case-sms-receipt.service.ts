import type { Db } from '../db/database.js'
import { recordReplyReceiptByProviderId } from './case-event.repository.js'

/**
 * The SMS clouds' receipts (src/channels/sms-receipt.service.ts) on the organisation's case
 * replies and status messages, each found by the cloud's id of the SMS kept when it was sent;
 * the case timeline then shows it delivered or failed. How many messages were changed.
 */
export async function recordCaseSmsReceipts(
  db: Db,
  orgId: string,
  receipts: ReadonlyArray<{ providerId: string; delivered: boolean; error: string | null }>,
): Promise<number> {
  let changed = 0
  for (const receipt of receipts)
    if (await recordReplyReceiptByProviderId(db, orgId, receipt.providerId, receipt)) changed++
  return changed
}
