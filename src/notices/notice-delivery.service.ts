import { timingSafeEqual } from 'node:crypto'
import type { Db } from '../db/database.js'
import type { OutgoingMail } from '../distribution/invitation-delivery.js'
import {
  OutboundAddressError,
  type OutboundPolicy,
  postJsonReadingReply,
  webhookSignature,
} from '../distribution/outbound.service.js'
import { noticeSmsRoute } from '../channels/channel-settings.service.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { openSecret } from '../personal-data/sealed-secret.service.js'
import { UnauthorizedError, ValidationError } from '../shared/errors.js'
import { LOCALES, type Locale } from '../shared/locale.js'
import { parseInput } from '../shared/validation.js'
import { NoticeReceiptSchema } from './notice.schema.js'
import {
  claimDueNoticeMessages,
  findNotice,
  findNoticeMessageAnyOrg,
  findNoticeSettings,
  type NoticeMessageRow,
  noticeOutboxBacklog,
  recordNoticeReceipt,
  recordNoticeReceiptByProviderId,
  settleNoticeMessage,
} from './notice.repository.js'
import { noticeTemplateParams, noticeText } from './notice-words.js'
import { nextOutboxAttempt } from '../jobs/outbox-retry.service.js'

/** A claim older than this was left by a stopped instance and is taken over. */
const STALE_CLAIM_MS = 300_000
const BATCH = 100
/** How old a receipt's timestamp may be (replays of an old receipt are refused). */
const RECEIPT_WINDOW_MS = 300_000

/** Why a message was not handed over; `permanent` when retrying cannot help. */
class NoticeFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message)
  }
}

export interface NoticeDeliveryDeps {
  db: Db
  mail: (message: OutgoingMail) => Promise<void>
  outbound: OutboundPolicy
}

/**
 * The customer-facing outbox's job: every due message claimed by exactly one instance (a
 * conditional UPDATE), sent, and settled sent, queued again with a growing delay, or failed. A
 * claim left by a stopped instance is taken over after STALE_CLAIM_MS; the gateway gets the
 * message id as Idempotency-Key so that rare second attempt is recognised as the same message.
 */
export async function runNoticeDelivery(deps: NoticeDeliveryDeps, now: number): Promise<void> {
  const claimed = await claimDueNoticeMessages(deps.db, now, BATCH, STALE_CLAIM_MS)
  for (const message of claimed) {
    const outcome = await deliver(deps, message, now)
    const attempts = message.attempts + 1
    if (!(outcome instanceof NoticeFailure)) {
      await settleNoticeMessage(deps.db, message.id, now, {
        state: 'sent',
        attempts,
        nextAt: now,
        sentAt: now,
        error: null,
        clearAddress: true,
        providerMessageId: outcome.providerId,
      })
      continue
    }
    const next = nextOutboxAttempt(attempts, now, outcome.permanent)
    await settleNoticeMessage(deps.db, message.id, now, {
      state: next.retry ? 'queued' : 'failed',
      attempts,
      nextAt: next.nextAt,
      sentAt: null,
      error: outcome.message.slice(0, 500),
      clearAddress: !next.retry,
    })
  }
}

export function noticeDeliveryBacklog(db: Db, now: number) {
  return noticeOutboxBacklog(db, now, 1_000)
}

/** Handed over, with the SMS cloud's id of the message when a cloud took it. */
interface Handed {
  providerId: string | null
}
const HANDED: Handed = { providerId: null }

/** Sends one message; how it was handed over, or why not. */
async function deliver(
  deps: NoticeDeliveryDeps,
  message: NoticeMessageRow,
  now: number,
): Promise<NoticeFailure | Handed> {
  const notice = await findNotice(deps.db, message.orgId, message.noticeId)
  if (!notice || message.addressSealed === null)
    return new NoticeFailure('the notice or the address is gone', true)
  const address = openSecret(deps.db, message.addressSealed)
  const locale: Locale = (LOCALES as readonly string[]).includes(message.locale)
    ? (message.locale as Locale)
    : 'zh-CN'
  const timeZone = await organisationTimezone({ db: deps.db, orgId: message.orgId })
  const words = noticeText(notice, locale, timeZone)
  try {
    if (message.channel === 'email') {
      await deps.mail({
        to: { address },
        subject: words.subject,
        text: words.text,
        headers: { 'X-Manyi-Notice-Message': message.id },
      })
      return HANDED
    }
    // A cloud gateway chosen in the channel settings takes the notice template; else the company webhook.
    const cloud = await noticeSmsRoute(deps.db, message.orgId, deps.outbound)
    if (cloud) {
      const outcome = await cloud.gateway.send({
        phone: address,
        templateId: cloud.templateId,
        params: noticeTemplateParams(notice, timeZone),
        reference: message.id,
      })
      return outcome.sent
        ? { providerId: outcome.providerId || null }
        : new NoticeFailure(outcome.reason, outcome.permanent)
    }
    const settings = await findNoticeSettings(deps.db, message.orgId)
    if (!settings?.gatewayUrl || !settings.gatewaySecret)
      return new NoticeFailure('no SMS gateway configured', true)
    const body = JSON.stringify({
      event: 'notice.send',
      messageId: message.id,
      noticeId: notice.id,
      kind: notice.kind,
      channel: 'sms',
      phone: address,
      locale,
      text: words.text,
      startsAt: new Date(notice.startsAt).toISOString(),
      endsAt: new Date(notice.endsAt).toISOString(),
    })
    const timestamp = String(Math.floor(now / 1000))
    const secret = openSecret(deps.db, settings.gatewaySecret)
    const { status } = await postJsonReadingReply(
      settings.gatewayUrl,
      {
        'content-type': 'application/json',
        'idempotency-key': message.id,
        'x-manyi-timestamp': timestamp,
        'x-manyi-signature': webhookSignature(secret, timestamp, body),
      },
      body,
      deps.outbound,
    )
    if (status >= 200 && status < 300) return HANDED
    // A refusal (4xx) stays a refusal, except time-outs and rate limits; 5xx may pass later.
    const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429
    return new NoticeFailure(`gateway answered HTTP ${status}`, permanent)
  } catch (error) {
    if (error instanceof NoticeFailure) return error
    // A number or template no gateway would take (checked before sending): never retried.
    if (error instanceof ValidationError)
      return new NoticeFailure(
        `not sendable: ${error.details.map((d) => `${d.path} ${d.reason}`).join('; ')}`,
        true,
      )
    if (error instanceof OutboundAddressError)
      return new NoticeFailure(`gateway not reached: ${error.message}`, true)
    // The mail sender's failures say whether they are permanent (a 5xx reply to RCPT TO).
    const permanent = (error as { permanent?: unknown }).permanent === true
    const what = message.channel === 'email' ? 'mail not sent' : 'gateway unreachable'
    return new NoticeFailure(`${what}: ${(error as Error).message}`, permanent)
  }
}

/** The signature a gateway puts on a receipt: HMAC-SHA256 over "timestamp.messageId.status". */
export function receiptSignature(
  secret: string,
  timestamp: string,
  messageId: string,
  status: string,
): string {
  return webhookSignature(secret, timestamp, `${messageId}.${status}`)
}

/**
 * A gateway's delivery receipt: the message sent becomes delivered or failed. Signed with the
 * organisation's gateway secret and fresh (five minutes); an unknown message, a bad signature
 * and a stale timestamp all answer the same UNAUTHENTICATED, so nothing is learnt by probing.
 * A receipt for a message already settled changes nothing (retries are harmless).
 */
export async function recordGatewayReceipt(
  db: Db,
  headers: { timestamp: string | undefined; signature: string | undefined },
  input: unknown,
  now: number,
): Promise<{ recorded: boolean }> {
  const receipt = parseInput(NoticeReceiptSchema, input, 'receipt')
  const refused = new UnauthorizedError('UNAUTHENTICATED', 'The receipt is not signed correctly.')
  const seconds = Number(headers.timestamp)
  if (!Number.isInteger(seconds) || Math.abs(now - seconds * 1000) > RECEIPT_WINDOW_MS)
    throw refused
  const message = await findNoticeMessageAnyOrg(db, receipt.messageId)
  const settings = message ? await findNoticeSettings(db, message.orgId) : undefined
  if (!message || !settings?.gatewaySecret || message.channel !== 'sms') throw refused
  const expected = Buffer.from(
    receiptSignature(
      openSecret(db, settings.gatewaySecret),
      headers.timestamp!,
      receipt.messageId,
      receipt.status,
    ),
  )
  const given = Buffer.from(headers.signature ?? '')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused
  const recorded = await recordNoticeReceipt(db, message.id, {
    state: receipt.status,
    at: now,
    error: receipt.status === 'failed' ? (receipt.error ?? 'reported failed by the gateway') : null,
  })
  return { recorded }
}

/**
 * The SMS clouds' receipts (src/channels/sms-receipt.service.ts) on the organisation's notice
 * messages, each found by the cloud's id of the SMS; how many messages were changed. Ids of no
 * notice message are left to the other kinds of message.
 */
export async function recordNoticeSmsReceipts(
  db: Db,
  orgId: string,
  receipts: ReadonlyArray<{ providerId: string; delivered: boolean; error: string | null }>,
  now: number,
): Promise<number> {
  let changed = 0
  for (const receipt of receipts) {
    const recorded = await recordNoticeReceiptByProviderId(db, orgId, receipt.providerId, {
      state: receipt.delivered ? 'delivered' : 'failed',
      at: now,
      error: receipt.delivered ? null : receipt.error,
    })
    if (recorded) changed++
  }
  return changed
}
