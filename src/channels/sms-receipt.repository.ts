import type { Db } from '../db/database.js'

/** The receipt token of channel_settings (migration 0076), sealed; undefined when none was made. */
export async function findSmsReceiptTokenSealed(
  db: Db,
  orgId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('channel_settings')
    .select('sms_receipt_token_sealed')
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return row?.sms_receipt_token_sealed ?? undefined
}

/** Stores a sealed token where the organisation has none yet (a token once given stays). */
export async function saveSmsReceiptTokenIfNone(
  db: Db,
  orgId: string,
  sealed: string,
): Promise<void> {
  await db
    .updateTable('channel_settings')
    .set({ sms_receipt_token_sealed: sealed })
    .where('org_id', '=', orgId)
    .where('sms_receipt_token_sealed', 'is', null)
    .execute()
}
