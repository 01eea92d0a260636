import { createHash, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { recordAppointmentSmsReceipts } from '../appointments/appointment-sms-receipt.service.js'
import { recordCaseSmsReceipts } from '../cases/case-sms-receipt.service.js'
import type { Db } from '../db/database.js'
import { recordNoticeSmsReceipts } from '../notices/notice-delivery.service.js'
import { openSecret } from '../personal-data/sealed-secret.service.js'
import { UnauthorizedError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { findSmsReceiptTokenSealed } from './sms-receipt.repository.js'
import { SMS_RECEIPT_PROVIDERS, type SmsReceiptProvider } from './sms-receipt-token.service.js'

export { SMS_RECEIPT_PROVIDERS, type SmsReceiptProvider }

/**
 * Delivery receipts pushed by the SMS clouds, read into the messages they concern (notices,
 * case replies and case status messages, appointment confirmations and reminders) by the
 * cloud's id of each SMS: BizId (Alibaba Cloud) or SerialNo (Tencent Cloud), kept when the
 * message was handed over.
 *
 * Neither cloud signs its pushes, so the address itself is the credential: each organisation's
 * receipt URLs hold a random token of 32 bytes, sealed at rest, compared in constant time. A
 * wrong token is 401 (the clouds retry, and a misconfigured address shows in their console);
 * a receipt for an id not ours is ignored and answered as taken, as the clouds expect, so
 * reports of SMS sent by other systems on the same account do not make them retry for hours.
 */

/** A cloud's report on one SMS, as the clouds' formats have it in common. */
export interface SmsReceipt {
  /** The cloud's id of the SMS (BizId / SerialNo). */
  providerId: string
  delivered: boolean
  /** The carrier's code and text when not delivered. */
  error: string | null
}

/**
 * Alibaba Cloud SmsReport by HTTP batch push: a JSON array of reports, each with biz_id (the
 * BizId SendSms answered), success, err_code (DELIVERED when received) and err_msg; answered
 * {"code":0,"msg":…} with HTTP 200, anything else is retried by the cloud.
 * https://help.aliyun.com/zh/sms/developer-reference/smsreport-2 (SmsReport, HTTP 批量推送)
 */
const AliyunReportSchema = z
  .array(
    z.object({
      biz_id: z.string().min(1).max(128),
      success: z.boolean(),
      err_code: z.string().max(100).optional(),
      err_msg: z.string().max(500).optional(),
    }),
  )
  .max(1_000)

/**
 * Tencent Cloud SMS status callback (短信下发状态通知): a JSON array of reports, each with sid
 * (the SerialNo SendSms answered), report_status SUCCESS or FAIL, errmsg (the carrier's code,
 * DELIVRD when received) and description; answered {"result":0,"errmsg":"OK"}.
 * https://cloud.tencent.com/document/api/382/5807 and
 * https://www.tencentcloud.com/document/api/382/43547
 */
const TencentReportSchema = z
  .array(
    z.object({
      sid: z.string().min(1).max(128),
      report_status: z.enum(['SUCCESS', 'FAIL']),
      errmsg: z.string().max(100).optional(),
      description: z.string().max(500).optional(),
    }),
  )
  .max(1_000)

/** The reports of a cloud's push, in the shape common to both. */
export function parseSmsReceipts(provider: SmsReceiptProvider, body: unknown): SmsReceipt[] {
  if (provider === 'aliyun')
    return parseInput(AliyunReportSchema, body, 'SmsReport').map((r) => ({
      providerId: r.biz_id,
      delivered: r.success,
      error: r.success ? null : describe(r.err_code, r.err_msg),
    }))
  return parseInput(TencentReportSchema, body, 'status callback').map((r) => ({
    providerId: r.sid,
    delivered: r.report_status === 'SUCCESS',
    error: r.report_status === 'SUCCESS' ? null : describe(r.errmsg, r.description),
  }))
}

function describe(code: string | undefined, text: string | undefined): string {
  return [code, text].filter(Boolean).join(': ').slice(0, 500) || 'reported undelivered'
}

function sameToken(given: string, stored: string): boolean {
  // Digests first: equal lengths for timingSafeEqual, and nothing learnt from a length.
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(stored).digest()
  return timingSafeEqual(a, b)
}

/** Whether `token` is the organisation's receipt token (compared in constant time). */
export async function isSmsReceiptToken(db: Db, orgId: string, token: string): Promise<boolean> {
  const sealed = await findSmsReceiptTokenSealed(db, orgId)
  return sealed !== undefined && sealed !== null && sameToken(token, openSecret(db, sealed))
}

/** What the cloud is answered, in its own format, once the push is taken. */
export function smsReceiptAnswer(provider: SmsReceiptProvider): Record<string, unknown> {
  return provider === 'aliyun' ? { code: 0, msg: '接收成功' } : { result: 0, errmsg: 'OK' }
}

/**
 * Takes one push: the token checked, each report applied to the message with that cloud id in
 * the organisation (a message already delivered or failed stays as it is, so a repeated push
 * changes nothing). Returns how many messages the push changed.
 */
export async function receiveSmsReceipts(
  db: Db,
  orgId: string,
  token: string,
  provider: SmsReceiptProvider,
  body: unknown,
  now: number,
): Promise<{ matched: number }> {
  if (!(await isSmsReceiptToken(db, orgId, token)))
    throw new UnauthorizedError('UNAUTHENTICATED', 'Unknown receipt address.')
  const receipts = parseSmsReceipts(provider, body)
  if (receipts.length === 0) return { matched: 0 }
  const notices = await recordNoticeSmsReceipts(db, orgId, receipts, now)
  const cases = await recordCaseSmsReceipts(db, orgId, receipts)
  const appointments = await recordAppointmentSmsReceipts(db, orgId, receipts, now)
  return { matched: notices + cases + appointments }
}
