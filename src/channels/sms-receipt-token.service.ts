import type { Db } from '../db/database.js'
import { openSecret, sealSecret } from '../personal-data/sealed-secret.service.js'
import { newSecret } from '../shared/ids.js'
import { findSmsReceiptTokenSealed, saveSmsReceiptTokenIfNone } from './sms-receipt.repository.js'

// The organisation's SMS receipt token and the addresses holding it (the receipts themselves
// are taken by sms-receipt.service.ts). Kept apart from it so the channel settings can show the
// addresses without depending on the domains the receipts update.

export const SMS_RECEIPT_PROVIDERS = ['aliyun', 'tencent'] as const
export type SmsReceiptProvider = (typeof SMS_RECEIPT_PROVIDERS)[number]

export const smsReceiptPathOf = (orgId: string, token: string, provider: SmsReceiptProvider) =>
  `/api/v1/public/sms-receipts/${encodeURIComponent(orgId)}/${token}/${provider}`

/** Makes the organisation's receipt token when it has none (kept once made). */
export async function ensureSmsReceiptToken(db: Db, orgId: string): Promise<void> {
  if (await findSmsReceiptTokenSealed(db, orgId)) return
  await saveSmsReceiptTokenIfNone(db, orgId, sealSecret(db, newSecret(32)))
}

/** The receipt addresses to enter in the clouds' consoles; null before a token was made. */
export async function smsReceiptPathsOf(
  db: Db,
  orgId: string,
): Promise<{ aliyun: string; tencent: string } | null> {
  const sealed = await findSmsReceiptTokenSealed(db, orgId)
  if (!sealed) return null
  const token = openSecret(db, sealed)
  return {
    aliyun: smsReceiptPathOf(orgId, token, 'aliyun'),
    tencent: smsReceiptPathOf(orgId, token, 'tencent'),
  }
}
