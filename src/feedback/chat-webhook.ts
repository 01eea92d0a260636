import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { UnauthorizedError, ValidationError } from '../shared/errors.js'
import type { FeedbackInput } from './feedback.schema.js'
import type { MessageKind } from './message-kind.js'

/**
 * A generic inbound chat webhook: a chat platform, a mini-program or a live-chat vendor posts
 * each customer message as JSON, signed the way Manyi signs its own webhooks
 * (x-manyi-signature: "sha256=" + hex HMAC-SHA256 over "timestamp.body" with the shared
 * secret, x-manyi-timestamp in Unix seconds). Pure: the route reads the secret and stores.
 */

/** Beyond this a correctly signed request is a replay. */
export const CHAT_MAX_SKEW_SECONDS = 300

export const ChatMessageSchema = z.strictObject({
  /** The platform's name as the sender calls it: "wecom", "douyin", "livechat". */
  channel: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, - and _'),
  /** The sender's id for the customer on that platform. */
  externalUserId: z.string().trim().min(1).max(128),
  /** The platform's id of this message: sending it again stores nothing new. */
  messageId: z.string().trim().min(1).max(128),
  text: z.string().trim().min(1, 'must not be empty').max(10_000),
  sentAt: z.iso.datetime({ offset: true }),
  /**
   * What the platform (or its bot) took the message for; a complaint opens a case. Without it
   * the message is read as WeChat texts are (message-kind.ts).
   */
  kind: z.enum(['complaint', 'inquiry', 'suggestion', 'praise']).optional(),
})
export type ChatMessage = z.infer<typeof ChatMessageSchema>

/**
 * Refuses a body not signed with the secret, or signed more than five minutes from now
 * (UNAUTHENTICATED, one answer for every failure).
 */
export function checkChatSignature(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  rawBody: string,
  nowMs: number,
): void {
  const refused = new UnauthorizedError('UNAUTHENTICATED', 'The message is not signed correctly.')
  const { timestamp, signature } = headers
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) throw refused
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > CHAT_MAX_SKEW_SECONDS) throw refused
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`,
  )
  const given = Buffer.from(signature)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused
}

/** Reads a signed body; anything but one message of the schema is VALIDATION_FAILED naming the fields. */
export function parseChatMessage(rawBody: string): ChatMessage {
  let json: unknown
  try {
    json = JSON.parse(rawBody)
  } catch {
    throw new ValidationError('VALIDATION_FAILED', 'The message is not JSON.', [
      { path: 'body', reason: 'is not JSON', rule: 'invalid' },
    ])
  }
  const parsed = ChatMessageSchema.safeParse(json)
  if (parsed.success) return parsed.data
  throw new ValidationError(
    'VALIDATION_FAILED',
    'The chat message is not valid.',
    parsed.error.issues.map((issue) => ({
      path: issue.path.join('.') || 'body',
      reason: issue.message,
      rule: 'invalid',
    })),
  )
}

/**
 * The feedback a chat message becomes: channel "social", of the kind the platform names (or
 * `kindOfText`, what messageKindFor read in the text, when it names none), the platform's
 * message id as the
 * external id (scoped by platform, so a replay stores nothing new) and the platform user as the
 * customer's reference.
 */
export function chatMessageFeedback(message: ChatMessage, kindOfText: MessageKind): FeedbackInput {
  return {
    channel: 'social',
    kind: message.kind ?? kindOfText,
    text: message.text,
    customer: { ref: `${message.channel}:${message.externalUserId}`.slice(0, 100) },
    receivedAt: new Date(message.sentAt).toISOString(),
    externalId: `${message.channel}:${message.messageId}`,
  }
}
