import type { Db } from '../db/database.js'
import { recordMessageReceiptByProviderId } from './appointment.repository.js'

/**
 * The SMS clouds' receipts (src/channels/sms-receipt.service.ts) on the organisation's
 * appointment confirmations and reminders sent through a cloud, each found by the cloud's id of
 * the SMS kept when it was handed over: delivered, or failed with the carrier's code. How many
 * messages were changed.
 */
export async function recordAppointmentSmsReceipts(
  db: Db,
  orgId: string,
  receipts: ReadonlyArray<{ providerId: string; delivered: boolean; error: string | null }>,
  now: number,
): Promise<number> {
  let changed = 0
  for (const receipt of receipts)
    if (
      await recordMessageReceiptByProviderId(db, orgId, receipt.providerId, {
        state: receipt.delivered ? 'delivered' : 'failed',
        at: now,
        error: receipt.delivered ? null : receipt.error,
      })
    )
      changed++
  return changed
}
